// See coding_window.h.
#include "sync/reconciliation/coding_window.h"

#include <algorithm>
#include <cassert>

namespace baken::sync {

void CodingWindow::add(ShortKey key, const IndexMapping& mapping) {
    assert(mapping.index() >= next_index_);
    assert(items_.size() < kNone);
    items_.push_back({key, mapping, checksum_of(key), kNone});
    ++live_;
    place(static_cast<std::uint32_t>(items_.size() - 1));
}

void CodingWindow::apply(std::uint32_t first, std::span<CodedSymbol> symbols) {
    assert(first == next_index_);
    const std::uint64_t end = std::uint64_t{first} + symbols.size();
    assert(end <= kMaxSymbolIndex);
    for (std::uint32_t index = first; index < end; ++index) {
        if (index >= window_end_) open_window(index);
        std::uint32_t& head = heads_[index - window_begin_];
        std::uint32_t item = head;
        head = kNone;
        while (item != kNone) {
            Item& it = items_[item];
            // Invariant: a bucket holds exactly the items due at its index.
            assert(it.mapping.index() == index);
            std::uint32_t next = it.next_in_bucket;
            symbols[index - first].toggle(it.key, it.check);
            it.mapping.advance();  // strictly later: never back into this bucket
            place(item);
            item = next;
        }
    }
    next_index_ = static_cast<std::uint32_t>(end);
}

void CodingWindow::place(std::uint32_t item) {
    Item& it = items_[item];
    if (it.mapping.ended()) {
        --live_;
        return;
    }
    if (it.mapping.index() < window_end_) {
        assert(it.mapping.index() >= window_begin_);
        std::uint32_t& head = heads_[it.mapping.index() - window_begin_];
        it.next_in_bucket = head;
        head = item;
    } else {
        far_.push_back(item);
    }
}

void CodingWindow::open_window(std::uint32_t begin) {
    // Invariant: windows are contiguous, so every far item is due at `begin` or later.
    assert(begin == window_end_);
    window_begin_ = begin;
    std::uint64_t length = std::max(kFirstWindow, begin);
    window_end_ =
        static_cast<std::uint32_t>(std::min<std::uint64_t>(begin + length, kMaxSymbolIndex));
    heads_.assign(window_end_ - window_begin_, kNone);
    std::vector<std::uint32_t> waiting;
    waiting.swap(far_);
    for (std::uint32_t item : waiting) place(item);
}

}  // namespace baken::sync
