// See ax25_parser_harness.h.
#include "fuzz/ax25_parser_harness.h"

#include <string>

#include "common/bytes.h"
#include "fuzz/invariant.h"

namespace baken::fuzz {
namespace {

using radio::Ax25Error;
using radio::Ax25UiFrame;
using radio::Callsign;

constexpr std::size_t kAddress = radio::kAx25AddressBytes;

bool prints_back(const Callsign& c) {
    auto again = radio::parse_callsign(radio::to_string(c));
    return again.ok() && *again == c;
}

// The bits ax25_parse does not look at, which the encoder sets its own way.
std::uint8_t ignored_bits(std::size_t offset, std::size_t address_bytes) {
    if (offset < address_bytes && offset % kAddress == kAddress - 1) return 0xE0;  // C/H, RR
    if (offset == address_bytes) return 0x10;                                      // P/F
    return 0;
}

void check_parsed(ByteView input, const Ax25UiFrame& frame) {
    require(prints_back(frame.destination) && prints_back(frame.source),
            "parsed callsigns are ones parse_callsign accepts");
    for (const Callsign& c : frame.via)
        require(prints_back(c), "parsed digipeaters are ones parse_callsign accepts");
    require(frame.via.size() <= radio::kAx25MaxDigipeaters, "at most 8 digipeaters");
    require(!frame.info.empty(), "a parsed UI frame has info");
    require(input.size() == radio::ax25_header_size(frame.via.size()) + frame.info.size(),
            "the input is exactly addresses, control, PID and info");

    const std::string encoded = radio::ax25_encode_ui(frame);
    require(encoded.size() == input.size(), "encoding gives the input's size");
    const std::size_t address_bytes = kAddress * (2 + frame.via.size());
    for (std::size_t i = 0; i < input.size(); ++i) {
        const std::uint8_t keep = static_cast<std::uint8_t>(~ignored_bits(i, address_bytes));
        require((static_cast<std::uint8_t>(encoded[i]) & keep) == (input[i] & keep),
                "encoding gives the input back, but for the bits the parser ignores");
    }
    auto again = radio::ax25_parse(as_bytes(encoded));
    require(again.ok() && *again == frame, "encode then parse gives the same frame");
}

}  // namespace

Ax25ParserOutcome fuzz_ax25_parser(const std::uint8_t* data, std::size_t size) {
    const ByteView input(data, size);
    auto parsed = radio::ax25_parse(input);
    if (!parsed.ok()) {
        const Ax25Error e = parsed.error();
        require(radio::ax25_error_name(e) != "unknown", "the error is one of the five");
        require(size >= radio::ax25_header_size(0) || e == Ax25Error::too_short ||
                    e == Ax25Error::bad_address || e == Ax25Error::not_ui_frame,
                "a frame under 16 bytes is too_short, bad_address or not_ui_frame");
        return {e, 0};
    }
    check_parsed(input, *parsed);
    return {std::nullopt, parsed->via.size()};
}

}  // namespace baken::fuzz
