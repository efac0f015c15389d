// See index_mapping.h.
#include "sync/reconciliation/index_mapping.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace baken::sync {

namespace {

constexpr std::uint64_t kGolden = 0x9e3779b97f4a7c15;         // splitmix64 increment
constexpr std::uint64_t kMappingDomain = 0x6d617070696e6731;  // "mapping1": separates from
                                                              // the checksum's use of the key

std::uint64_t splitmix64_next(std::uint64_t& state) {
    state += kGolden;
    std::uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
    z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
    return z ^ (z >> 31);
}

using u128 = unsigned __int128;

// A floating-point estimate of the next index (see advance()); only a starting point for the
// exact integer search, so its rounding does not matter. u_num in [1, 2^64].
std::uint64_t estimate(std::uint64_t current, u128 u_num) {
    double t = static_cast<double>((current + 1) * (current + 2)) *
               (18446744073709551616.0 / static_cast<double>(u_num));
    double y = std::ceil(std::sqrt(t + 0.25) - 1.5);
    if (!(y < kMaxSymbolIndex)) return kMaxSymbolIndex - 1;
    return std::max<std::uint64_t>(static_cast<std::uint64_t>(y), current + 1);
}

}  // namespace

IndexMapping::IndexMapping(ShortKey key) : state_(key ^ kMappingDomain) {}

void IndexMapping::advance() {
    assert(!ended());
    const std::uint64_t current = index_;
    // u_num in [1, 2^64]: computed in 128 bits, as r + 1 can be 2^64.
    const u128 u_num = u128{splitmix64_next(state_)} + 1;
    const u128 target = u128{(current + 1) * (current + 2)} << 64;
    // The next index is the smallest y > current with
    //   P(no hit in (current, y]) = (current + 1)(current + 2) / ((y + 1)(y + 2)) < u,
    // u = u_num / 2^64, decided in 128-bit integers (no term exceeds 2^126 below 2^30).
    auto is_next = [&](std::uint64_t y) { return u128{(y + 1) * (y + 2)} * u_num > target; };
    std::uint64_t y = estimate(current, u_num);
    while (y > current + 1 && is_next(y - 1)) --y;
    while (!is_next(y)) {
        if (++y >= kMaxSymbolIndex) {
            index_ = kMaxSymbolIndex;
            return;
        }
    }
    // Invariant: y is the smallest index after `current` that the item maps to.
    assert(y > current && y < kMaxSymbolIndex);
    index_ = static_cast<std::uint32_t>(y);
}

}  // namespace baken::sync
