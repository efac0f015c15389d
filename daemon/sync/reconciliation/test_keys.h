// Deterministic pseudo-random keys and ids for the reconciliation tests (test-only).
#pragma once

#include <cstdint>
#include <set>
#include <vector>

#include "crypto/keys.h"
#include "sync/reconciliation/short_key.h"

namespace baken::sync::testing {

// splitmix64: a fixed sequence per seed, the same on every platform.
class TestRandom {
  public:
    explicit TestRandom(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
        z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
        return z ^ (z >> 31);
    }
    MessageId id() {
        MessageId id{};
        for (std::size_t i = 0; i < id.size(); i += 8) {
            std::uint64_t r = next();
            for (std::size_t j = 0; j < 8; ++j) id[i + j] = static_cast<std::uint8_t>(r >> 8 * j);
        }
        return id;
    }

  private:
    std::uint64_t state_;
};

// `count` distinct random keys, in random order.
inline std::vector<ShortKey> random_keys(std::size_t count, std::uint64_t seed) {
    TestRandom random(seed);
    std::set<ShortKey> seen;
    std::vector<ShortKey> keys;  // in the order drawn, not sorted
    while (keys.size() < count) {
        ShortKey key = random.next() & kShortKeyMask;  // short keys are 40 bits
        if (seen.insert(key).second) keys.push_back(key);
    }
    return keys;
}

// Two sets that share `common` keys; `only_a` keys only in A, `only_b` only in B.
struct SetPair {
    std::vector<ShortKey> a, b, only_a, only_b;
};
inline SetPair make_pair(std::size_t common, std::size_t only_a, std::size_t only_b,
                         std::uint64_t seed) {
    std::vector<ShortKey> all = random_keys(common + only_a + only_b, seed);
    SetPair p;
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (i < common) {
            p.a.push_back(all[i]);
            p.b.push_back(all[i]);
        } else if (i < common + only_a) {
            p.a.push_back(all[i]);
            p.only_a.push_back(all[i]);
        } else {
            p.b.push_back(all[i]);
            p.only_b.push_back(all[i]);
        }
    }
    return p;
}

}  // namespace baken::sync::testing
