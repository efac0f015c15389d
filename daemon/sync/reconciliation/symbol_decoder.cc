// See symbol_decoder.h.
#include "sync/reconciliation/symbol_decoder.h"

#include <algorithm>
#include <cassert>

namespace baken::sync {

namespace {

// Whether `key` is added into symbol `index`: a pure symbol's key must be.
bool maps_to(ShortKey key, std::uint32_t index) {
    IndexMapping mapping(key);
    while (mapping.index() < index) mapping.advance();
    return mapping.index() == index;
}

}  // namespace

std::size_t symbol_budget(std::uint64_t local_count, std::uint64_t remote_count) {
    std::uint64_t smaller = std::min(local_count, remote_count);
    std::uint64_t budget = 64 + smaller / 8 * 5;
    return static_cast<std::size_t>(std::min<std::uint64_t>(budget, kMaxSymbols));
}

SymbolDecoder::SymbolDecoder(std::span<const ShortKey> local_keys, std::size_t max_symbols)
    : local_keys_(sorted_distinct(local_keys)), max_symbols_(std::min(max_symbols, kMaxSymbols)) {
    for (ShortKey key : local_keys_) local_.add(key, IndexMapping(key));
}

Result<DecodeStatus, DecodeError> SymbolDecoder::add_remote(std::span<const CodedSymbol> symbols) {
    if (failure_) return fail(*failure_);
    if (done()) return DecodeStatus::done;
    if (symbols.size() > max_symbols_ - cells_.size()) {
        return failed(
            DecodeErrorCode::over_budget,
            "a batch would take the symbols past the budget of " + std::to_string(max_symbols_));
    }
    const std::uint32_t first = static_cast<std::uint32_t>(cells_.size());
    cells_.insert(cells_.end(), symbols.begin(), symbols.end());
    std::span<CodedSymbol> run = std::span(cells_).subspan(first);
    local_.apply(first, run);
    recovered_.apply(first, run);
    for (std::uint32_t i = first; i < cells_.size(); ++i) {
        if (cells_[i].empty()) continue;
        ++nonempty_;
        if (cells_[i].pure()) candidates_.push_back(i);
    }
    peel();
    if (!failure_) check_done();
    if (!failure_ && !done() && cells_.size() == max_symbols_) {
        failed(DecodeErrorCode::over_budget,
               "the difference did not decode within " + std::to_string(max_symbols_) + " symbols");
    }
    if (failure_) return fail(*failure_);
    return done() ? DecodeStatus::done : DecodeStatus::need_more;
}

void SymbolDecoder::peel() {
    while (!candidates_.empty() && !failure_) {
        std::uint32_t index = candidates_.back();
        candidates_.pop_back();
        const CodedSymbol& cell = cells_[index];
        if (cell.empty() || !cell.pure()) continue;   // changed since it was queued
        if (!maps_to(cell.key_sum, index)) continue;  // a false purity, caught early
        recover(index, cell.key_sum);
    }
    candidates_.clear();
}

void SymbolDecoder::recover(std::uint32_t source, ShortKey key) {
    // Honest symbols yield each key once, each from a residual of its own (which then stays
    // empty): so at most one key per symbol received.
    if (!recovered_keys_.insert(key).second) {
        failed(DecodeErrorCode::inconsistent, "a key decoded twice");
        return;
    }
    if (recovered_keys_.size() > cells_.size()) {
        failed(DecodeErrorCode::inconsistent, "more keys decoded than symbols received");
        return;
    }
    bool ours = std::binary_search(local_keys_.begin(), local_keys_.end(), key);
    (ours ? local_only_ : remote_only_).push_back(key);
    const std::uint32_t check = checksum_of(key);
    IndexMapping mapping(key);
    for (; mapping.index() < cells_.size(); mapping.advance()) {
        toggle_cell(mapping.index(), key, check);
    }
    recovered_.add(key, mapping);  // from the first index not received yet
    if (!cells_[source].empty()) {
        failed(DecodeErrorCode::inconsistent, "a pure symbol holds a key that does not map to it");
    }
}

void SymbolDecoder::toggle_cell(std::uint32_t index, ShortKey key, std::uint32_t check) {
    CodedSymbol& cell = cells_[index];
    bool was_empty = cell.empty();
    cell.toggle(key, check);
    // Invariant: check != 0 or key != 0 (checksum_of(0) != 0), so a toggle always changes
    // the cell: an empty one becomes non-empty.
    assert(!(was_empty && cell.empty()));
    if (was_empty) {
        ++nonempty_;
    } else if (cell.empty()) {
        --nonempty_;
    }
    if (!cell.empty() && cell.pure()) candidates_.push_back(index);
}

void SymbolDecoder::check_done() {
    if (nonempty_ == 0) {
        std::sort(remote_only_.begin(), remote_only_.end());
        std::sort(local_only_.begin(), local_only_.end());
        return;
    }
    if (cells_[0].empty()) {
        failed(DecodeErrorCode::inconsistent,
               "symbol 0 is empty but " + std::to_string(nonempty_) + " others are not");
    }
}

Failure<DecodeError> SymbolDecoder::failed(DecodeErrorCode code, std::string reason) {
    if (!failure_) failure_ = DecodeError{code, std::move(reason)};
    return fail(*failure_);
}

}  // namespace baken::sync
