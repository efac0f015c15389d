// Amateur radio callsigns with an SSID, as AX.25 carries them ("PA3XYZ-7"): the operator's
// identity that lawful mode puts in every frame, and the address of a UI frame.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace baken::radio {

// What an AX.25 address field can hold: 1..6 characters A-Z 0-9 and an SSID 0..15.
inline constexpr std::size_t kMaxCallLength = 6;
inline constexpr std::uint8_t kMaxSsid = 15;

struct Callsign {
    std::string call;  // upper case, 1..6 of A-Z 0-9
    std::uint8_t ssid = 0;
    friend bool operator==(const Callsign&, const Callsign&) = default;
};

// Accepts "PA3XYZ-7", "pa3xyz" (upper-cased) and names such as "BAKEN"; "-0" is allowed and
// printed without. On failure the error is a sentence a person can act on, naming the text.
Result<Callsign, std::string> parse_callsign(std::string_view text);

// "PA3XYZ-7", or "PA3XYZ" when the SSID is 0.
std::string to_string(const Callsign& callsign);

// SPEECH, MORSE and DTMF (any SSID): Dire Wolf turns frames to them into speech, Morse or
// tones, so they must never be a destination.
bool is_reserved_destination(const Callsign& callsign);

}  // namespace baken::radio
