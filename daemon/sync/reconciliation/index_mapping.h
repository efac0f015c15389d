// The rateless mapping: which coded symbols an item (a short key) is added into.
//
// Every item goes into symbol 0, then into a strictly increasing sequence of indices drawn
// from a pseudo-random generator seeded by the key, such that symbol i receives a given item
// with probability 1 / (1 + i/2) (Yang, Gilad, Alizadeh, "Practical Rateless Set
// Reconciliation", SIGCOMM 2024, section 4). Early symbols are dense, later ones sparse: any
// prefix of the stream is a good invertible Bloom lookup table for differences of about its
// own length, which is what makes the code rateless. An item meets about 2 ln(m) + 1 of the
// first m symbols, so encoding m symbols of n items costs O(n log m).
//
// Both peers must compute the very same indices, on any CPU, so the decision is made in
// integers. The hits are independent, so from the current index c the next one is the
// smallest y > c with
//   P(no hit in (c, y]) = (c + 1)(c + 2) / ((y + 1)(y + 2)) < u,   u = (r + 1) / 2^64,
// r the next output of splitmix64 seeded by the key: exact inverse-CDF sampling, decided by
// comparing 128-bit products (a floating-point estimate only picks where to start looking).
// The reference implementation (riblt, Go) uses a floating-point approximation of the same
// gap; the two need the same number of symbols (measured: 1.70 vs 1.71 per difference at
// d = 10, 1.37 vs 1.38 at d = 1,000), and this one is exact and portable.
// Indices stop at kMaxSymbolIndex (an item whose next index would reach it is done).
#pragma once

#include <cstdint>

#include "sync/reconciliation/short_key.h"

namespace baken::sync {

// No stream is ever longer than this (a session's symbol budget is far smaller). Keeping
// indices below 2^30 keeps every product in advance() below 2^126.
inline constexpr std::uint32_t kMaxSymbolIndex = 1u << 30;

class IndexMapping {
  public:
    // Starts at index 0.
    explicit IndexMapping(ShortKey key);

    // The current index; kMaxSymbolIndex once the sequence has ended.
    std::uint32_t index() const { return index_; }
    bool ended() const { return index_ >= kMaxSymbolIndex; }

    // Moves to the next index (strictly greater).
    // REQUIRES: !ended()
    void advance();

  private:
    std::uint64_t state_;  // splitmix64 state
    std::uint32_t index_ = 0;
};

}  // namespace baken::sync
