// See cap_time.h. Civil-date arithmetic after Howard Hinnant's days_from_civil, so nothing
// depends on the process's time zone.
#include "cap/cap_time.h"

#include <cstdio>

namespace baken::cap {
namespace {

constexpr std::int64_t kDayMs = 86'400'000;

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
    std::int64_t year;
    unsigned month;
    unsigned day;
};

Civil civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

bool leap(std::int64_t y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned days_in_month(std::int64_t y, unsigned m) {
    static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

// `count` decimal digits at `at`; nullopt if any is not a digit.
std::optional<int> digits(std::string_view text, std::size_t at, std::size_t count) {
    if (at + count > text.size()) return std::nullopt;
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

bool is_xml_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

}  // namespace

std::optional<CapTime> parse_cap_time(std::string_view text) {
    while (!text.empty() && is_xml_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_xml_space(text.back())) text.remove_suffix(1);
    // 0123456789012345678901234
    // 2024-05-01T14:30:00+02:00
    if (text.size() != 25 || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
        text[13] != ':' || text[16] != ':' || (text[19] != '+' && text[19] != '-') ||
        text[22] != ':') {
        return std::nullopt;
    }
    auto year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
    auto hour = digits(text, 11, 2), minute = digits(text, 14, 2), second = digits(text, 17, 2);
    auto off_h = digits(text, 20, 2), off_m = digits(text, 23, 2);
    if (!year || !month || !day || !hour || !minute || !second || !off_h || !off_m)
        return std::nullopt;
    if (*month < 1 || *month > 12 || *day < 1 ||
        static_cast<unsigned>(*day) > days_in_month(*year, static_cast<unsigned>(*month)) ||
        *hour > 23 || *minute > 59 || *second > 59 || *off_h > 14 || *off_m > 59) {
        return std::nullopt;
    }
    const int offset = (text[19] == '-' ? -1 : 1) * (*off_h * 60 + *off_m);
    const std::int64_t days =
        days_from_civil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day));
    const std::int64_t local_s = days * 86400 + *hour * 3600 + *minute * 60 + *second;
    return CapTime{(local_s - offset * 60) * 1000, offset};
}

std::string format_cap_time(std::int64_t unix_ms, int offset_minutes) {
    const std::int64_t local_ms = unix_ms + std::int64_t{offset_minutes} * 60'000;
    const std::int64_t days = floor_div(local_ms, kDayMs);
    const std::int64_t in_day_s = (local_ms - days * kDayMs) / 1000;
    const Civil c = civil_from_days(days);
    const int off = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    char out[96];
    std::snprintf(out, sizeof out, "%04lld-%02u-%02uT%02lld:%02lld:%02lld%c%02d:%02d",
                  static_cast<long long>(c.year), c.month, c.day,
                  static_cast<long long>(in_day_s / 3600),
                  static_cast<long long>(in_day_s / 60 % 60), static_cast<long long>(in_day_s % 60),
                  offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
    return out;
}

std::string format_utc(std::int64_t unix_ms) {
    std::string text = format_cap_time(unix_ms, 0);
    return text.substr(0, 19) + "Z";
}

}  // namespace baken::cap
