// The sending side of rateless reconciliation: an endless stream of coded symbols of a key
// set, produced incrementally.
//
// Symbol i is the XOR of the items that the index mapping sends to it (index_mapping.h);
// the stream depends only on the set of keys (not on their order), so the peer can compute
// its own stream for the same indices and subtract. The receiving peer needs about 1.35-2
// symbols per item of the symmetric difference, whatever the size of the sets (the figures
// are in tests/bench/reconciliation_bench.cc).
//
// Cost: O(n log n) to build; producing symbols [0, m) in any number of calls costs
// O(n log m log n) in all. Memory: 32 bytes per distinct key.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "sync/reconciliation/coded_symbol.h"
#include "sync/reconciliation/coding_window.h"
#include "sync/reconciliation/short_key.h"

namespace baken::sync {

class SymbolEncoder {
  public:
    // Keys in any order; a key given twice counts once (XOR would cancel it).
    explicit SymbolEncoder(std::span<const ShortKey> keys);

    // Appends the next `count` symbols, [produced(), produced() + count), to `out`.
    // REQUIRES: produced() + count <= kMaxSymbolIndex (callers bound streams far below that).
    void produce(std::size_t count, std::vector<CodedSymbol>& out);

    // Symbols produced so far: the index of the next one.
    std::size_t produced() const { return window_.next_index(); }
    // Distinct keys encoded.
    std::size_t key_count() const { return key_count_; }

  private:
    CodingWindow window_;
    std::size_t key_count_ = 0;
};

}  // namespace baken::sync
