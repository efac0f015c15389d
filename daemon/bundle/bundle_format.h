// The bundle file's framing (docs/bundle-format.md): constants shared by the writer and the
// reader, and the per-record check that tells a reader exactly where damage starts.
//
//   magic (8 bytes)
//   record*    type (1 byte) | length (4 bytes, big-endian) | body | check (8 bytes)
//
// Records: one header first, then message records (exact signed envelope bytes), then one
// trailer whose signature covers every byte before it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/bytes.h"
#include "message/limits.h"

namespace baken::bundle {

// Like PNG's: a high byte and a CR LF / SUB / LF catch text-mode copies and truncated transfers.
inline constexpr std::array<std::uint8_t, 8> kMagic = {0x89, 'B', 'K', 'N', 0x0D, 0x0A, 0x1A, 0x0A};
inline constexpr std::uint32_t kFormatVersion = 1;

enum class RecordType : std::uint8_t { header = 'H', message = 'M', trailer = 'T' };

inline constexpr std::size_t kRecordPrefixBytes = 5;  // type + length
inline constexpr std::size_t kRecordCheckBytes = 8;
inline constexpr std::size_t kRecordOverheadBytes = kRecordPrefixBytes + kRecordCheckBytes;
// Header and trailer are small protobufs; anything larger is damage, not a bundle.
inline constexpr std::size_t kMaxHeaderBytes = 1024;
inline constexpr std::size_t kMaxTrailerBytes = 256;
inline constexpr std::size_t kMaxMessageBytes = limits::kMaxEnvelopeBytes;
// What the trailer record can take at most on disk: the writer reserves it before it adds a
// message, so a bundle written to a nearly full stick still fits with its trailer.
inline constexpr std::size_t kMaxTrailerRecordBytes = kRecordOverheadBytes + kMaxTrailerBytes;

// The signature domain: a bundle signature is never valid for a message or anything else.
inline constexpr std::string_view kSignaturePrefix = "baken/v1/bundle\n";

// BLAKE2b (first 8 bytes) of type, length and body: a checksum that locates damage (not an
// authenticator: each message carries its own signature, the whole file the trailer's).
using RecordCheck = std::array<std::uint8_t, kRecordCheckBytes>;
RecordCheck record_check(RecordType type, ByteView body);

// The bytes of one record: prefix, body, check.
Bytes encode_record(RecordType type, ByteView body);

// The bytes an exporter signs for a content hash.
Bytes signed_content(ByteView content_hash);

}  // namespace baken::bundle
