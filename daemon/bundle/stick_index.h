// The index on a stick (baken/index.bin): which message ids the stick carries, for people and
// tools (docs/bundle-format.md, "Stick mode"). A visit writes it anew each time and checks the
// old one against the bundles it reads: what a deleted or damaged bundle held is written again.
//
//   "BKNIDX1\n" | count (4 bytes, big-endian) | ids (32 bytes each, ascending) | BLAKE2b-256 of all
//   before
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "crypto/keys.h"

namespace baken::bundle {

// At most this many ids (64 MB): a larger file is damage, not an index. Twice what a node's
// default 1 GiB quota holds (about a million messages).
inline constexpr std::size_t kMaxIndexIds = 2'000'000;

// REQUIRES: nothing; sorts and removes repeats.
Bytes encode_stick_index(std::vector<MessageId> ids);
// Errors name what is wrong ("wrong magic", "length does not match the count", "checksum").
Result<std::vector<MessageId>, std::string> decode_stick_index(ByteView bytes);

}  // namespace baken::bundle
