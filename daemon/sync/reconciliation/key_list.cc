// See key_list.h.
#include "sync/reconciliation/key_list.h"

#include <algorithm>
#include <cassert>
#include <functional>
#include <iterator>

#include "sync/reconciliation/big_endian.h"

namespace baken::sync {

namespace {

[[maybe_unused]] bool strictly_ascending(std::span<const ShortKey> keys) {
    return std::adjacent_find(keys.begin(), keys.end(), std::greater_equal<>()) == keys.end();
}

}  // namespace

std::string encode_keys(std::span<const ShortKey> keys) {
    assert(strictly_ascending(keys));
    std::string out;
    out.reserve(keys.size() * kKeyWireSize);
    for (ShortKey key : keys) be::put_uint(out, key, kKeyWireSize);
    return out;
}

Result<std::vector<ShortKey>, WireError> decode_keys(ByteView bytes, std::size_t max_keys) {
    if (bytes.size() % kKeyWireSize != 0) {
        return fail(WireError{WireErrorCode::truncated,
                              "key list of " + std::to_string(bytes.size()) +
                                  " bytes is not a multiple of " + std::to_string(kKeyWireSize)});
    }
    std::size_t count = bytes.size() / kKeyWireSize;
    if (count > max_keys) {
        return fail(WireError{WireErrorCode::too_many, "key list of " + std::to_string(count) +
                                                           " keys exceeds the limit of " +
                                                           std::to_string(max_keys)});
    }
    std::vector<ShortKey> keys(count);
    for (std::size_t i = 0; i < count; ++i) {
        keys[i] = be::load_uint(bytes.subspan(i * kKeyWireSize), kKeyWireSize);
        if (i > 0 && keys[i] <= keys[i - 1]) {
            return fail(WireError{WireErrorCode::not_ascending,
                                  "key list not strictly ascending at key " + std::to_string(i)});
        }
    }
    return keys;
}

KeyDifference diff_keys(std::span<const ShortKey> local, std::span<const ShortKey> remote) {
    assert(strictly_ascending(local) && strictly_ascending(remote));
    KeyDifference diff;
    std::set_difference(remote.begin(), remote.end(), local.begin(), local.end(),
                        std::back_inserter(diff.remote_only));
    std::set_difference(local.begin(), local.end(), remote.begin(), remote.end(),
                        std::back_inserter(diff.local_only));
    return diff;
}

}  // namespace baken::sync
