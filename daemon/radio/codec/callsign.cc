// Parsing and printing callsigns: strict, so a config error is caught before a frame is sent.
#include "radio/codec/callsign.h"

#include <array>

namespace baken::radio {
namespace {

bool is_call_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

char upper(char c) {
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

std::string quoted(std::string_view text) {
    return "\"" + std::string(text) + "\"";
}

// The SSID part after '-': 1 or 2 digits, 0..15.
Result<std::uint8_t, std::string> parse_ssid(std::string_view full, std::string_view digits) {
    const std::string problem = "callsign " + quoted(full) +
                                ": the SSID after '-' must be a number from 0 to 15, "
                                "as in PA3XYZ-7";
    if (digits.empty() || digits.size() > 2) return fail(problem);
    unsigned value = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') return fail(problem);
        value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value > kMaxSsid) return fail(problem);
    return static_cast<std::uint8_t>(value);
}

}  // namespace

Result<Callsign, std::string> parse_callsign(std::string_view text) {
    if (text.empty())
        return fail(std::string("the callsign is empty: write one such as PA3XYZ or PA3XYZ-7"));
    const auto dash = text.find('-');
    const std::string_view call_part = text.substr(0, dash);
    if (call_part.empty())
        return fail("callsign " + quoted(text) +
                    " is empty before the SSID: write a callsign such as PA3XYZ or PA3XYZ-7");
    if (call_part.size() > kMaxCallLength)
        return fail("callsign " + quoted(text) +
                    " is too long: AX.25 carries at most 6 letters and digits before the '-'");
    Callsign callsign;
    for (char c : call_part) {
        const char u = upper(c);
        if (!is_call_char(u))
            return fail("callsign " + quoted(text) +
                        " may only hold letters A-Z and digits 0-9 before the '-'");
        callsign.call.push_back(u);
    }
    if (dash != std::string_view::npos) {
        auto ssid = parse_ssid(text, text.substr(dash + 1));
        if (!ssid) return fail(ssid.error());
        callsign.ssid = *ssid;
    }
    return callsign;
}

std::string to_string(const Callsign& callsign) {
    if (callsign.ssid == 0) return callsign.call;
    return callsign.call + "-" + std::to_string(callsign.ssid);
}

bool is_reserved_destination(const Callsign& callsign) {
    static constexpr std::array<std::string_view, 3> kReserved{"SPEECH", "MORSE", "DTMF"};
    for (auto reserved : kReserved)
        if (callsign.call == reserved) return true;
    return false;
}

}  // namespace baken::radio
