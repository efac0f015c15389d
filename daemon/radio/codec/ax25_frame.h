// AX.25 2.2 UI frames as they travel inside KISS: the address field, control 0x03 and a PID,
// then the information field. No flags and no FCS: the TNC adds (and checks) those.
//
//   destination(7) source(7) [digipeater(7) x 0..8] control(1) pid(1) info(1..)
//
// An address is 6 characters shifted left one bit (space-padded) and an SSID byte
// C/H R R S S S S E: the reserved bits set (0x60), the SSID, the extension bit E set on the
// last address only. C follows AX.25 2.x command/response: a command (what we send) has
// C = 1 in the destination and C = 0 in the source. H on a digipeater says it has repeated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"
#include "radio/codec/callsign.h"

namespace baken::radio {

inline constexpr std::size_t kAx25AddressBytes = 7;
inline constexpr std::size_t kAx25MaxDigipeaters = 8;
inline constexpr std::uint8_t kAx25ControlUi = 0x03;  // UI, P/F bit clear
inline constexpr std::uint8_t kAx25PidNoLayer3 = 0xF0;

struct Ax25UiFrame {
    Callsign destination;
    Callsign source;
    std::vector<Callsign> via;  // digipeaters, in path order
    std::uint8_t pid = kAx25PidNoLayer3;
    std::string info;
    friend bool operator==(const Ax25UiFrame&, const Ax25UiFrame&) = default;
};

// A command UI frame (digipeaters not yet repeated, H = 0), ready to be the payload of a KISS
// data frame. REQUIRES: valid callsigns (as parse_callsign gives), via.size() <= 8, and
// non-empty info (ax25_parse refuses a UI frame without one).
std::string ax25_encode_ui(const Ax25UiFrame& frame);

// The bytes a UI frame adds to its info field: 16 + 7 per digipeater.
std::size_t ax25_header_size(std::size_t via_count);

enum class Ax25Error {
    too_short,             // ends inside the address field, or before control or PID
    bad_address,           // a character that is not A-Z, 0-9 or trailing space; an empty
                           // call; the address field ends after the destination
    too_many_digipeaters,  // more than 8
    not_ui_frame,          // an I, S or other U frame (other traffic on the channel): ignore
    no_info,               // a UI frame with an empty information field
};
std::string_view ax25_error_name(Ax25Error error);

// Parses a frame heard from the channel. Strict about what it reports (callsigns as
// parse_callsign would accept them), lenient where stations differ harmlessly: the C, H and
// reserved bits are not checked, the P/F bit may be set, any PID is reported (the caller
// filters). Never throws, reads nothing beyond `frame`.
Result<Ax25UiFrame, Ax25Error> ax25_parse(ByteView frame);

}  // namespace baken::radio
