// AX.25 UI frame encoding and strict parsing (see ax25_frame.h).
#include "radio/codec/ax25_frame.h"

#include <cassert>

namespace baken::radio {
namespace {

constexpr std::uint8_t kReservedBits = 0x60;
constexpr std::uint8_t kCommandBit = 0x80;  // C in destination/source, H in a digipeater
constexpr std::uint8_t kExtensionBit = 0x01;
constexpr std::uint8_t kPollFinalBit = 0x10;
constexpr std::size_t kMaxAddresses = 2 + kAx25MaxDigipeaters;

void append_address(std::string& out, const Callsign& callsign, bool c_or_h, bool last) {
    assert(!callsign.call.empty() && callsign.call.size() <= kMaxCallLength);
    assert(callsign.ssid <= kMaxSsid);
    for (std::size_t i = 0; i < kMaxCallLength; ++i) {
        const char c = i < callsign.call.size() ? callsign.call[i] : ' ';
        out.push_back(static_cast<char>(static_cast<std::uint8_t>(c) << 1));
    }
    std::uint8_t ssid_byte = kReservedBits | static_cast<std::uint8_t>((callsign.ssid & 0x0F) << 1);
    if (c_or_h) ssid_byte |= kCommandBit;
    if (last) ssid_byte |= kExtensionBit;
    out.push_back(static_cast<char>(ssid_byte));
}

bool is_call_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// One 7-byte address. REQUIRES: address.size() == 7.
Result<Callsign, Ax25Error> parse_address(ByteView address) {
    Callsign callsign;
    bool padding = false;
    for (std::size_t i = 0; i < kMaxCallLength; ++i) {
        // Bit 0 of a character byte is an extension bit and must be clear.
        if (address[i] & kExtensionBit) return fail(Ax25Error::bad_address);
        const char c = static_cast<char>(address[i] >> 1);
        if (c == ' ') {
            padding = true;
        } else if (padding || !is_call_char(c)) {
            return fail(Ax25Error::bad_address);
        } else {
            callsign.call.push_back(c);
        }
    }
    if (callsign.call.empty()) return fail(Ax25Error::bad_address);
    callsign.ssid = static_cast<std::uint8_t>((address[6] >> 1) & 0x0F);
    return callsign;
}

}  // namespace

std::size_t ax25_header_size(std::size_t via_count) {
    return 2 * kAx25AddressBytes + kAx25AddressBytes * via_count + 2;
}

std::string ax25_encode_ui(const Ax25UiFrame& frame) {
    assert(frame.via.size() <= kAx25MaxDigipeaters);
    std::string out;
    out.reserve(ax25_header_size(frame.via.size()) + frame.info.size());
    append_address(out, frame.destination, /*c_or_h=*/true, /*last=*/false);
    append_address(out, frame.source, /*c_or_h=*/false, /*last=*/frame.via.empty());
    for (std::size_t i = 0; i < frame.via.size(); ++i)
        append_address(out, frame.via[i], /*c_or_h=*/false, /*last=*/i + 1 == frame.via.size());
    out.push_back(static_cast<char>(kAx25ControlUi));
    out.push_back(static_cast<char>(frame.pid));
    out += frame.info;
    return out;
}

std::string_view ax25_error_name(Ax25Error error) {
    switch (error) {
        case Ax25Error::too_short:
            return "too_short";
        case Ax25Error::bad_address:
            return "bad_address";
        case Ax25Error::too_many_digipeaters:
            return "too_many_digipeaters";
        case Ax25Error::not_ui_frame:
            return "not_ui_frame";
        case Ax25Error::no_info:
            return "no_info";
    }
    return "unknown";
}

Result<Ax25UiFrame, Ax25Error> ax25_parse(ByteView frame) {
    // The address field: 7-byte addresses up to the one whose SSID byte has E set.
    std::size_t addresses = 0;
    for (;;) {
        const std::size_t end = (addresses + 1) * kAx25AddressBytes;
        if (frame.size() < end) return fail(Ax25Error::too_short);
        if (addresses == kMaxAddresses) return fail(Ax25Error::too_many_digipeaters);
        ++addresses;
        if (frame[end - 1] & kExtensionBit) break;
    }
    if (addresses < 2) return fail(Ax25Error::bad_address);

    Ax25UiFrame out;
    for (std::size_t i = 0; i < addresses; ++i) {
        auto callsign = parse_address(frame.subspan(i * kAx25AddressBytes, kAx25AddressBytes));
        if (!callsign) return fail(callsign.error());
        if (i == 0) {
            out.destination = std::move(*callsign);
        } else if (i == 1) {
            out.source = std::move(*callsign);
        } else {
            out.via.push_back(std::move(*callsign));
        }
    }

    const std::size_t control_at = addresses * kAx25AddressBytes;
    if (frame.size() <= control_at) return fail(Ax25Error::too_short);
    if ((frame[control_at] & ~kPollFinalBit) != kAx25ControlUi)
        return fail(Ax25Error::not_ui_frame);
    if (frame.size() <= control_at + 1) return fail(Ax25Error::too_short);
    out.pid = frame[control_at + 1];
    const ByteView info = frame.subspan(control_at + 2);
    if (info.empty()) return fail(Ax25Error::no_info);
    out.info.assign(as_chars(info));
    return out;
}

}  // namespace baken::radio
