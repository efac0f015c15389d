// A set of items, each at its position in its index mapping, that adds its contributions to
// a stream of coded symbols in order (internal to the encoder and the decoder).
//
// Items wait in buckets by their next index (a calendar queue): each bucket is an intrusive
// list, so moving an item on costs O(1). Buckets exist only for a window of indices
// [begin, end); items due later wait in an unordered "far" list, which is sorted into the
// buckets when the stream reaches the window's end. Windows double with the index
// ([0, 64), [64, 128), [128, 256), ...), so the far list is scanned O(log m) times. Producing
// symbols [0, m) in any number of runs costs O(c + n log m) for c contributions (about
// n (2 ln m + 1)). Memory: 36 bytes per item, 4 bytes per index of the current window.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sync/reconciliation/coded_symbol.h"
#include "sync/reconciliation/index_mapping.h"

namespace baken::sync {

class CodingWindow {
  public:
    // Adds an item whose contributions from mapping.index() on are still to be applied.
    // REQUIRES: mapping.index() >= next_index().
    void add(ShortKey key, const IndexMapping& mapping);

    // Adds the items' contributions to `symbols`, which are symbols [first, first + size).
    // REQUIRES: first == next_index() (runs are applied in order, without gaps) and
    //           first + symbols.size() <= kMaxSymbolIndex.
    void apply(std::uint32_t first, std::span<CodedSymbol> symbols);

    // The first symbol index not yet applied.
    std::uint32_t next_index() const { return next_index_; }
    // Items that still have contributions to make.
    std::size_t size() const { return live_; }

  private:
    static constexpr std::uint32_t kNone = ~std::uint32_t{0};
    static constexpr std::uint32_t kFirstWindow = 64;

    struct Item {
        ShortKey key;
        IndexMapping mapping;
        std::uint32_t check;
        std::uint32_t next_in_bucket;
    };
    void place(std::uint32_t item);
    void open_window(std::uint32_t begin);

    std::vector<Item> items_;
    std::vector<std::uint32_t> heads_;  // heads_[i - window_begin_]: first item due at i
    std::vector<std::uint32_t> far_;    // items due at window_end_ or later, unordered
    std::uint32_t window_begin_ = 0;
    std::uint32_t window_end_ = 0;  // no window open before the first apply()
    std::uint32_t next_index_ = 0;
    std::size_t live_ = 0;
};

}  // namespace baken::sync
