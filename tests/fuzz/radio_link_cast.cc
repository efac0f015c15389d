// See radio_link_harness.h and radio_link_cast.h. The cast: the universe's twelve messages, the
// four stations, and the wire rules a listener needs.
#include "fuzz/radio_link_cast.h"

#include <sodium.h>

#include <algorithm>
#include <cstdint>

#include "common/bytes.h"
#include "fuzz/invariant.h"
#include "radio/codec/ax25_frame.h"
#include "radio/link/payload_compression.h"

namespace baken::fuzz {
namespace radio_link {

using radio::HeldMessage;
using radio::MessageTag;

MessageTag tag_of(const MessageId& id) {
    MessageTag tag{};
    std::copy_n(id.begin(), tag.size(), tag.begin());
    return tag;
}

bool has_marker_piece(std::string_view bytes) {
    for (std::size_t i = 0; i + 4 <= kSealedMarker.size(); ++i)
        if (bytes.find(kSealedMarker.substr(i, 4)) != std::string_view::npos) return true;
    return false;
}

bool is_urgent(const HeldMessage& m) {
    return m.kind == Kind::kRevocation || m.precedence == v1::FLASH ||
           m.precedence == v1::IMMEDIATE;
}

std::string with_check(std::string_view type_sender_body) {
    std::string frame(1, static_cast<char>(radio::kLinkMagic));
    frame += type_sender_body;
    std::uint8_t hash[16];
    crypto_generichash(hash, sizeof hash, reinterpret_cast<const std::uint8_t*>(frame.data()),
                       frame.size(), nullptr, 0);
    frame.push_back(static_cast<char>(hash[0]));
    frame.push_back(static_cast<char>(hash[1]));
    return frame;
}

radio::Callsign callsign(std::string_view text) {
    return *radio::parse_callsign(text);
}

std::string ax25_from(const Station& station, std::string_view link_frame) {
    return radio::ax25_encode_ui(radio::Ax25UiFrame{
        callsign("BAKEN"), callsign(station.call), {}, 0xF0, std::string(link_frame)});
}

Payload payload_of(const std::string& envelope, bool compress) {
    if (compress)
        if (auto deflated = radio::deflate_if_smaller(as_bytes(envelope)))
            return {std::move(*deflated), true};
    return {envelope, false};
}

std::vector<std::string> split_like_a_sender(const std::string& payload, std::size_t frame_bytes) {
    return radio::split_for_frames(as_bytes(payload), frame_bytes);
}

}  // namespace radio_link

namespace {

using radio_link::has_marker_piece;

// Deterministic filler: half text, half noise, like a signed message (keys and signatures do
// not compress); sealed ones carry the marker every 24 bytes.
std::string envelope_bytes(std::size_t size, std::uint32_t seed, bool sealed) {
    static constexpr std::string_view kText = "power water roads shelter ";
    std::string out;
    std::uint32_t x = seed * 2654435761u + 1;
    while (out.size() < size) {
        if (sealed && out.size() % 24 == 0) {
            out += kSealedMarker;
            continue;
        }
        x = x * 1664525u + 1013904223u;
        out.push_back(out.size() % 2 ? static_cast<char>(0x80 | (x >> 24))
                                     : kText[out.size() % kText.size()]);
    }
    out.resize(size);
    return out;
}

UniverseMessage make_message(std::uint32_t n, Kind kind, v1::Precedence precedence,
                             std::size_t size, bool sealed, std::int64_t expires_ms = INT64_MAX) {
    UniverseMessage m;
    m.bytes = envelope_bytes(size, n, sealed);
    m.meta.id = message_id_of(as_bytes(m.bytes));
    m.meta.kind = kind;
    m.meta.precedence = precedence;
    m.meta.sealed = sealed;
    m.meta.created_ms = n;
    m.meta.expires_ms = expires_ms;
    m.meta.size = static_cast<std::uint32_t>(size);
    return m;
}

}  // namespace

const std::vector<UniverseMessage>& radio_link_universe() {
    static const std::vector<UniverseMessage> universe = [] {
        using K = Kind;
        std::vector<UniverseMessage> u;
        u.push_back(make_message(0, K::kSitrep, v1::FLASH, 420, false));
        u.push_back(make_message(1, K::kNeed, v1::IMMEDIATE, 900, false));
        u.push_back(make_message(2, K::kSitrep, v1::ROUTINE, 1500, false));
        u.push_back(make_message(3, K::kAnnouncement, v1::PRIORITY, 260, false, 20 * 60'000));
        u.push_back(make_message(4, K::kSupportPointStatus, v1::ROUTINE, 2800, false));
        u.push_back(make_message(5, K::kCredential, v1::ROUTINE, 330, false));
        u.push_back(make_message(6, K::kNeed, v1::FLASH, 640, true));
        u.push_back(make_message(7, K::kRevocation, v1::ROUTINE, 200, false));
        u.push_back(make_message(8, K::kSitrep, v1::FLASH, 380, false));
        u.push_back(make_message(9, K::kNeed, v1::ROUTINE, 1200, false));
        u.push_back(make_message(10, K::kSitrep, v1::PRIORITY, 700, false));
        u.push_back(make_message(11, K::kSitrep, v1::ROUTINE, 500, true));
        for (const UniverseMessage& m : u)
            require(m.meta.sealed == has_marker_piece(m.bytes),
                    "exactly the sealed messages carry the marker");
        return u;
    }();
    return universe;
}

const Station& radio_link_station(std::uint8_t b) {
    static const Station stations[kStations] = {
        {0x9E3779B9, "PA3PER-2"},
        {0x7F4A7C15, "PD0ALT-5"},
        {0x00000001, "ON4XYZ"},
        {kVictimLinkId, "PA3VIC-1"},  // a replay of the victim's own frames
    };
    return stations[b % kStations];
}

}  // namespace baken::fuzz
