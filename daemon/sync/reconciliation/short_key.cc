// See short_key.h.
#include "sync/reconciliation/short_key.h"

#include <sodium.h>

#include <algorithm>
#include <cassert>
#include <functional>
#include <string_view>

namespace baken::sync {

namespace {

constexpr std::string_view kSaltDomain = "baken reconciliation salt v2";

bool entry_less(const ShortKeyEntry& a, const ShortKeyEntry& b) {
    return a.key != b.key ? a.key < b.key : a.id < b.id;
}

}  // namespace

Salt salt_for_session(const SessionId& session_id) {
    ensure_sodium();
    Salt salt{};
    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, salt.size());
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(kSaltDomain.data()),
                              kSaltDomain.size());
    crypto_generichash_update(&state, session_id.data(), session_id.size());
    crypto_generichash_final(&state, salt.data(), salt.size());
    return salt;
}

ShortKey short_key(const MessageId& id, const Salt& salt) {
    static_assert(kSaltSize == crypto_shorthash_KEYBYTES);
    static_assert(sizeof(ShortKey) == crypto_shorthash_BYTES);
    std::array<std::uint8_t, crypto_shorthash_BYTES> out{};
    crypto_shorthash(out.data(), id.data(), id.size(), salt.data());
    ShortKey key = 0;
    for (std::size_t i = out.size(); i-- > 0;) key = key << 8 | out[i];  // little-endian
    return key & kShortKeyMask;
}

std::vector<ShortKey> sorted_distinct(std::span<const ShortKey> keys) {
    std::vector<ShortKey> out(keys.begin(), keys.end());
    if (std::adjacent_find(out.begin(), out.end(), std::greater_equal<>()) == out.end()) {
        return out;  // already strictly ascending
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

ShortKeyIndex ShortKeyIndex::build(std::span<const MessageId> ids, const Salt& salt) {
    ensure_sodium();
    std::vector<ShortKeyEntry> entries;
    entries.reserve(ids.size());
    for (const MessageId& id : ids) entries.push_back({short_key(id, salt), id});
    return from_entries(std::move(entries));
}

ShortKeyIndex ShortKeyIndex::from_entries(std::vector<ShortKeyEntry> entries) {
    std::sort(entries.begin(), entries.end(), entry_less);
    entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
    return ShortKeyIndex(std::move(entries));
}

ShortKeyIndex::ShortKeyIndex(std::vector<ShortKeyEntry> sorted_unique_entries)
    : entries_(std::move(sorted_unique_entries)) {
    keys_.reserve(entries_.size());
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        // Invariant: entries_ strictly ascending by (key, id), so equal keys are adjacent.
        assert(i == 0 || entry_less(entries_[i - 1], entries_[i]));
        if (!keys_.empty() && keys_.back() == entries_[i].key) {
            bool second_under_key = i < 2 || entries_[i - 2].key != entries_[i].key;
            if (second_under_key) ++collided_keys_;  // count each collided key once
            continue;
        }
        keys_.push_back(entries_[i].key);
    }
}

std::span<const ShortKeyEntry> ShortKeyIndex::find(ShortKey key) const {
    auto first = std::lower_bound(entries_.begin(), entries_.end(), key,
                                  [](const ShortKeyEntry& e, ShortKey k) { return e.key < k; });
    auto last = first;
    while (last != entries_.end() && last->key == key) ++last;
    return {first, last};
}

}  // namespace baken::sync
