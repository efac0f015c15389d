// The narrow-link protocol's frames: what one radio transmission carries (docs/radio-link.md).
//
//   frame  = magic 0xBA | type u8 | sender u32 | body | check u16
//
// `sender` is the transmitting node's link id (the first 4 bytes of its public key); `check`
// is the first 2 bytes of BLAKE2b over everything before it. The TNC's own CRC already drops
// damaged frames; the check catches what that cannot: another program's traffic on the same
// channel, and a frame a TNC truncated (Dire Wolf cuts KISS frames over 2048 bytes and sends
// the rest with a valid CRC). Numbers in bodies are big-endian or LEB128 varints.
//
// Bodies, by type:
//   summary        count varint | epoch u32 | digest 8 | kinds varint | precedences u8 | flags u8
//   symbol_request target u32 | epoch u32 | first varint | count varint
//   symbols        epoch u32 | first varint | symbol* (8 bytes each)
//   want           target u32 | epoch u32 | short key* (5 bytes each)
//   data           tag 6 | total varint | index varint | count varint | chunk
//                  (flags in the type byte's high nibble: 0x10 the reassembled payload is raw
//                  DEFLATE of the envelope bytes; 0x20 urgent: flash, immediate or a revocation,
//                  so a listener that lost a fragment asks at once)
//   missing        entry+, entry = tag 6 | total varint | count varint | n varint | index varint *
//   n
//                  (what a listener lacks of up to 8 partial messages)
//
// decode_link_frame() is for untrusted bytes: it never throws, reads nothing beyond its input
// and bounds every list by the frame's own length.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"
#include "radio/codec/fragment_reassembly.h"
#include "sync/reconciliation/coded_symbol.h"
#include "sync/reconciliation/short_key.h"

namespace baken::radio {

inline constexpr std::uint8_t kLinkMagic = 0xBA;
inline constexpr std::size_t kLinkHeaderSize = 1 + 1 + 4;
inline constexpr std::size_t kLinkCheckSize = 2;
inline constexpr std::size_t kShortKeyWireSize = 5;
inline constexpr std::size_t kMaxMissingListed = 64;  // indices in one missing frame, in all
inline constexpr std::size_t kMaxMissingEntries = 8;

using LinkId = std::uint32_t;

// Which messages a sender's summary covers: its interface policy (link_policy.h).
struct PolicyMasks {
    std::uint32_t kinds = 0;       // bit k: Body kind case k may use the link
    std::uint8_t precedences = 0;  // bit p: precedence p (1 flash .. 4 routine)
    bool lawful = false;           // no sealed content
    friend bool operator==(const PolicyMasks&, const PolicyMasks&) = default;
};

struct SummaryFrame {
    std::uint64_t count = 0;
    std::uint32_t epoch = 0;
    std::array<std::uint8_t, 8> digest{};
    PolicyMasks policy;
};
struct SymbolRequestFrame {
    LinkId target = 0;
    std::uint32_t epoch = 0;
    std::uint32_t first = 0;
    std::uint32_t count = 0;
};
struct SymbolsFrame {
    std::uint32_t epoch = 0;
    std::uint32_t first = 0;
    std::vector<sync::CodedSymbol> symbols;
};
struct WantFrame {
    LinkId target = 0;
    std::uint32_t epoch = 0;
    std::vector<sync::ShortKey> keys;
};
struct DataFrame {
    bool deflated = false;
    bool urgent = false;
    MessageTag tag{};
    std::uint32_t total = 0;
    std::uint16_t index = 0;
    std::uint16_t count = 0;
    std::string chunk;
};
struct MissingEntry {
    MessageTag tag{};
    std::uint32_t total = 0;  // the payload's size and fragment count, so that only a node
    std::uint16_t count = 0;  // that split it the same way answers
    std::vector<std::uint16_t> indices;
};
struct MissingFrame {
    std::vector<MissingEntry> entries;
};

using LinkBody = std::variant<SummaryFrame, SymbolRequestFrame, SymbolsFrame, WantFrame, DataFrame,
                              MissingFrame>;

struct LinkFrame {
    LinkId sender = 0;
    LinkBody body;
};

enum class LinkFrameError { not_ours, bad_check, truncated, bad_type, bad_field };
std::string_view link_frame_error_name(LinkFrameError error);

std::string encode_link_frame(const LinkFrame& frame);
Result<LinkFrame, LinkFrameError> decode_link_frame(ByteView bytes);

// Bytes a data frame spends besides its chunk, for a payload of `total` bytes in `count`
// fragments (what the sender subtracts from the frame size to size its chunks).
std::size_t data_frame_overhead(std::uint32_t total, std::uint16_t count);

// How a sender splits a payload into data frames of at most `frame_bytes`: the chunk is what
// the data frame's header leaves, and the header's varints depend on the count.
// REQUIRES: payload not empty.
std::vector<std::string> split_for_frames(ByteView payload, std::size_t frame_bytes);

}  // namespace baken::radio
