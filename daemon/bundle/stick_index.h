// The index on a stick (baken/index.bin): which message ids the stick carries, so a node can
// write only what the stick lacks without reading every bundle on it first
// (docs/bundle-format.md, "Stick mode"). Damage makes it unreadable, never wrong: a node then
// rebuilds it from the bundles it reads anyway.
//
//   "BKNIDX1\n" | count (4 bytes, big-endian) | ids (32 bytes each, ascending) | BLAKE2b-256 of all
//   before
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "crypto/keys.h"

namespace baken::bundle {

// At most this many ids (320 MB): a larger file is damage, not an index.
inline constexpr std::size_t kMaxIndexIds = 10'000'000;

// REQUIRES: nothing; sorts and removes repeats.
Bytes encode_stick_index(std::vector<MessageId> ids);
// Errors name what is wrong ("wrong magic", "length does not match the count", "checksum").
Result<std::vector<MessageId>, std::string> decode_stick_index(ByteView bytes);

}  // namespace baken::bundle
