// Plain lists of short keys: the requests that follow a decoded difference ("send me these"),
// and the fallback when a difference does not decode within the symbol budget (one side sends
// every key it holds; the other computes the difference with diff_keys()).
//
//   list = key*      key = u40 big-endian (5 bytes), strictly ascending
//
// The count is length / 5. Ascending order makes the encoding of a set unique and lets the
// receiver check it in one pass. The fallback costs 5 bytes per key of the side that sends
// its list (the smaller side should), against 8 bytes per symbol and about 1.4-2 symbols
// per difference for the IBLT: it only pays when the difference is most of the smaller set.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"
#include "sync/reconciliation/short_key.h"
#include "sync/reconciliation/wire_error.h"

namespace baken::sync {

inline constexpr std::size_t kKeyWireSize = 5;
inline constexpr std::size_t kMaxKeysPerFrame = 10000;  // 50 KB, within a 64 KiB frame

// REQUIRES: keys strictly ascending (sort and deduplicate first).
std::string encode_keys(std::span<const ShortKey> keys);

// Decodes at most `max_keys` keys; allocates no more than that whatever the input claims.
// Errors (drop the peer): truncated (length not a multiple of 5), too_many, not_ascending.
Result<std::vector<ShortKey>, WireError> decode_keys(ByteView bytes, std::size_t max_keys);

struct KeyDifference {
    std::vector<ShortKey> remote_only;  // the peer holds them, we do not: request them
    std::vector<ShortKey> local_only;   // we hold them, the peer does not: send them
};

// REQUIRES: both lists strictly ascending. O(|local| + |remote|).
KeyDifference diff_keys(std::span<const ShortKey> local, std::span<const ShortKey> remote);

}  // namespace baken::sync
