// Key layouts of the store's LMDB databases. All integers are big-endian so that LMDB's
// byte-wise key order is numeric order.
//
//   messages     id(32)                                   -> StoredRecord (proto)
//   by_created   created(8) id(32)                        -> ""
//   by_kind      kind(1) created(8) id(32)                -> ""
//   by_author    author(32) created(8) id(32)             -> ""
//   by_expiry    expires(8) id(32)                        -> ""
//   by_eviction  255-precedence_rank(1) created(8) id(32) -> ""   (least important first)
//   meta         name                                     -> u64 (8 bytes, big-endian)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "crypto/keys.h"

namespace baken::index_keys {

inline void append_u64(std::string& out, std::uint64_t v) {
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(v >> shift));
}
// Flips the sign bit so negative times (never valid, but never trusted) still sort first.
inline void append_time(std::string& out, std::int64_t t) {
    append_u64(out, static_cast<std::uint64_t>(t) ^ (1ull << 63));
}
inline std::uint64_t read_u64(std::string_view in) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < 8 && i < in.size(); ++i)
        v = v << 8 | static_cast<std::uint8_t>(in[i]);
    return v;
}
inline std::int64_t read_time(std::string_view in) {
    return static_cast<std::int64_t>(read_u64(in) ^ (1ull << 63));
}
inline std::string_view id_bytes(const MessageId& id) {
    return {reinterpret_cast<const char*>(id.data()), id.size()};
}
// The id is always the last 32 bytes of an index key.
inline MessageId id_suffix(std::string_view key) {
    MessageId id{};
    if (key.size() >= id.size())
        key.copy(reinterpret_cast<char*>(id.data()), id.size(), key.size() - id.size());
    return id;
}

inline std::string time_then_id(std::int64_t t, const MessageId& id) {
    std::string k;
    append_time(k, t);
    k.append(id_bytes(id));
    return k;
}
inline std::string prefixed(std::string_view prefix, std::int64_t t, const MessageId& id) {
    std::string k(prefix);
    k += time_then_id(t, id);
    return k;
}

}  // namespace baken::index_keys
