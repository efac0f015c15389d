// See time_text.h. Local times go through mktime() with tm_isdst = -1 so the machine's zone
// rules (CET/CEST) decide the offset, as they do for the person typing the time.
#include "time_text.h"

#include <charconv>
#include <cstdio>
#include <ctime>
#include <limits>
#include <optional>

namespace baken::cli {
namespace {

constexpr std::int64_t kMaxSeconds = std::numeric_limits<std::int64_t>::max() / 1000;
constexpr const char* kDurationForm = "use a number and a unit s, m, h or d, like 90m, 24h or 7d";
constexpr const char* kTimeForm =
    "use a time like 2025-03-01T14:00 (local), 2025-03-01T13:00Z, 2025-03-01T14:00+01:00, "
    "2025-03-01, now, +2h or -2h";

std::int64_t unit_seconds(char unit) {
    switch (unit) {
        case 's':
            return 1;
        case 'm':
            return 60;
        case 'h':
            return 3600;
        case 'd':
            return 86400;
        default:
            return 0;
    }
}

// Reads `digits` decimal digits at text[pos]; -1 if they are not all digits.
int fixed_number(std::string_view text, std::size_t pos, std::size_t digits) {
    if (pos + digits > text.size()) return -1;
    int value = 0;
    auto [end, ec] = std::from_chars(text.data() + pos, text.data() + pos + digits, value);
    if (ec != std::errc{} || end != text.data() + pos + digits) return -1;
    return value;
}

// "+01:00", "-0130", "Z" -> offset east of UTC in seconds; nullopt if malformed.
std::optional<std::int64_t> zone_offset(std::string_view zone) {
    if (zone == "Z" || zone == "z") return 0;
    if (zone.size() != 5 && zone.size() != 6) return std::nullopt;
    if (zone[0] != '+' && zone[0] != '-') return std::nullopt;
    if (zone.size() == 6 && zone[3] != ':') return std::nullopt;
    int hours = fixed_number(zone, 1, 2);
    int minutes = fixed_number(zone, zone.size() - 2, 2);
    if (hours < 0 || hours > 14 || minutes < 0 || minutes > 59) return std::nullopt;
    std::int64_t offset = hours * 3600 + minutes * 60;
    return zone[0] == '-' ? -offset : offset;
}

// The calendar part "YYYY-MM-DD[(T| )HH:MM[:SS]]" into `tm`; returns what follows it.
std::optional<std::string_view> calendar(std::string_view text, std::tm& tm) {
    int year = fixed_number(text, 0, 4), month = fixed_number(text, 5, 2),
        day = fixed_number(text, 8, 2);
    if (year < 1970 || month < 1 || month > 12 || day < 1 || day > 31 || text[4] != '-' ||
        text[7] != '-') {
        return std::nullopt;
    }
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    std::string_view rest = text.substr(10);
    if (rest.empty() || (rest[0] != 'T' && rest[0] != ' ')) return rest;
    int hour = fixed_number(rest, 1, 2), minute = fixed_number(rest, 4, 2);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || rest[3] != ':') return std::nullopt;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    rest = rest.substr(6);
    if (!rest.empty() && rest[0] == ':') {
        int second = fixed_number(rest, 1, 2);
        if (second < 0 || second > 60) return std::nullopt;
        tm.tm_sec = second;
        rest = rest.substr(3);
    }
    return rest;
}

std::optional<std::int64_t> absolute_time_ms(std::string_view text) {
    if (text.size() < 10) return std::nullopt;
    std::tm tm{};
    auto rest = calendar(text, tm);
    if (!rest) return std::nullopt;
    if (rest->empty()) {
        tm.tm_isdst = -1;
        std::time_t local = std::mktime(&tm);
        if (local == -1) return std::nullopt;
        return static_cast<std::int64_t>(local) * 1000;
    }
    auto offset = zone_offset(*rest);
    if (!offset) return std::nullopt;
    return (static_cast<std::int64_t>(::timegm(&tm)) - *offset) * 1000;
}

std::string amount(std::int64_t value, const char* unit) {
    return std::to_string(value) + " " + unit;
}

}  // namespace

Result<std::int64_t, std::string> parse_duration_seconds(std::string_view text) {
    if (text.empty()) return fail(std::string("empty duration; ") + kDurationForm);
    std::int64_t total = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::int64_t number = 0;
        auto [end, ec] = std::from_chars(text.data() + pos, text.data() + text.size(), number);
        std::size_t used = static_cast<std::size_t>(end - (text.data() + pos));
        if (ec != std::errc{} || used == 0 || number < 0) {
            return fail("\"" + std::string(text) + "\" is not a duration; " + kDurationForm);
        }
        pos += used;
        std::int64_t unit = pos < text.size() ? unit_seconds(text[pos]) : 0;
        if (unit == 0) return fail("\"" + std::string(text) + "\" needs a unit; " + kDurationForm);
        ++pos;
        if (number > (kMaxSeconds - total) / unit)
            return fail("\"" + std::string(text) + "\" is too long");
        total += number * unit;
    }
    if (total == 0) return fail("a duration of zero makes no sense; " + std::string(kDurationForm));
    return total;
}

Result<std::int64_t, std::string> parse_time_ms(std::string_view text, std::int64_t now_ms) {
    if (text == "now") return now_ms;
    if (text.starts_with('+') || text.starts_with('-')) {
        auto seconds = parse_duration_seconds(text.substr(1));
        if (!seconds) return fail("\"" + std::string(text) + "\": " + seconds.error());
        return now_ms + (text[0] == '-' ? -*seconds : *seconds) * 1000;
    }
    if (auto ms = absolute_time_ms(text)) return *ms;
    return fail("\"" + std::string(text) + "\" is not a time; " + kTimeForm);
}

std::string format_age(std::int64_t now_ms, std::int64_t then_ms) {
    std::int64_t seconds = (now_ms - then_ms) / 1000;
    if (seconds < 0) return "in " + format_age(then_ms, now_ms);
    if (seconds < 60) return amount(seconds, "s");
    if (seconds < 3600) return amount(seconds / 60, "min");
    if (seconds < 48 * 3600) return amount(seconds / 3600, "h");
    return amount(seconds / 86400, "d");
}

std::string format_duration(std::int64_t seconds) {
    if (seconds < 60) return amount(seconds, "s");
    if (seconds < 3600) return amount(seconds / 60, "min");
    if (seconds < 86400) {
        std::int64_t minutes = seconds % 3600 / 60;
        return amount(seconds / 3600, "h") + (minutes ? " " + amount(minutes, "min") : "");
    }
    std::int64_t hours = seconds % 86400 / 3600;
    return amount(seconds / 86400, "d") + (hours ? " " + amount(hours, "h") : "");
}

std::string format_local_time(std::int64_t unix_ms) {
    std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
    std::tm tm{};
    if (!::localtime_r(&t, &tm)) return std::to_string(unix_ms) + " ms";
    char text[64];
    std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S %Z", &tm);
    return std::string(text, n);
}

}  // namespace baken::cli
