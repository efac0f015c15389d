// Short keys: the 40-bit names under which reconciliation handles 32-byte message ids.
//
//   short_key = low 40 bits of SipHash-2-4(key = session salt, message = id)  (crypto_shorthash)
//
// Reconciliation moves short keys, not ids, so a coded symbol is 8 bytes instead of 35 and a
// key request 5 bytes instead of 32. Each side keeps a ShortKeyIndex of its own ids to turn a
// decoded key back into the id(s) it names; only the side that holds an id can do that.
//
// THE SALT is derived from the session id of the authenticated channel (salt_for_session()),
// which hashes fresh ephemeral keys of both peers: nobody who plants messages in advance can
// grind ids whose keys collide in a session they cannot predict.
//
// WHY 40 BITS. A collision only matters when it involves a message of the difference (d of
// them) and any other id (n): probability about d * n / 2^40, 1e-4 for d = 1,000 and
// n = 100,000, and every session draws anew. 64-bit keys would make that 1e-12 but cost 3
// bytes more per symbol and per request: at d = 10 the difference between meeting and
// missing the 10 % wire-overhead target. What a collision costs, in the worst case one
// session's delay for the messages involved, never a loss:
//   * two of MY ids share a key: the index keeps both under it (find() returns both), the key
//     set holds the key once. If the peer holds exactly one of the two, the key looks common
//     and the other is not transferred in this session; the next session has another salt.
//     colliding_ids() counts such ids so the caller can log them.
//   * one of my ids and a different id of the peer share a key: both look common and neither
//     is transferred this session. Undetectable here; the next session repairs it.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "crypto/keys.h"

namespace baken::sync {

using ShortKey = std::uint64_t;

inline constexpr int kShortKeyBits = 40;
inline constexpr ShortKey kShortKeyMask = (ShortKey{1} << kShortKeyBits) - 1;
inline constexpr std::size_t kSaltSize = 16;  // crypto_shorthash_KEYBYTES
using Salt = std::array<std::uint8_t, kSaltSize>;
using SessionId = std::array<std::uint8_t, 32>;

// BLAKE2b-128 over a domain label and the channel's session id (the same at both ends).
Salt salt_for_session(const SessionId& session_id);

// SipHash-2-4 of the id under the salt; the 8 output bytes read as a little-endian integer
// (the libsodium convention), so every platform computes the same key; then the low 40 bits.
ShortKey short_key(const MessageId& id, const Salt& salt);

// The keys ascending, each once (ShortKeyIndex::keys() already is: then only a copy).
std::vector<ShortKey> sorted_distinct(std::span<const ShortKey> keys);

struct ShortKeyEntry {
    ShortKey key = 0;
    MessageId id{};
    friend bool operator==(const ShortKeyEntry&, const ShortKeyEntry&) = default;
};

// One side's ids under their short keys, for one session.
// Memory: 40 bytes per id plus 8 per distinct key.
class ShortKeyIndex {
  public:
    ShortKeyIndex() = default;

    // Hashes every id (an id given twice counts once). O(n log n).
    static ShortKeyIndex build(std::span<const MessageId> ids, const Salt& salt);
    // From keys the caller computed (tests use this to stage collisions). Duplicated entries
    // count once; the same key with different ids is a collision and keeps every id.
    static ShortKeyIndex from_entries(std::vector<ShortKeyEntry> entries);

    // Every distinct key, ascending: what the encoder and decoder take.
    std::span<const ShortKey> keys() const { return keys_; }
    // The ids under `key`, ascending; empty when this side holds no id with that key.
    std::span<const ShortKeyEntry> find(ShortKey key) const;
    bool contains(ShortKey key) const { return !find(key).empty(); }

    std::size_t id_count() const { return entries_.size(); }
    // Ids that share their key with another of this side's ids (0 almost always).
    std::size_t colliding_ids() const { return entries_.size() - keys_.size() + collided_keys_; }

  private:
    explicit ShortKeyIndex(std::vector<ShortKeyEntry> sorted_unique_entries);

    std::vector<ShortKeyEntry> entries_;  // sorted by (key, id), no two equal
    std::vector<ShortKey> keys_;          // the distinct keys of entries_, ascending
    std::size_t collided_keys_ = 0;       // keys that carry more than one id
};

}  // namespace baken::sync
