// See symbol_encoder.h.
#include "sync/reconciliation/symbol_encoder.h"

#include <algorithm>
#include <cassert>

namespace baken::sync {

SymbolEncoder::SymbolEncoder(std::span<const ShortKey> keys) {
    std::vector<ShortKey> distinct = sorted_distinct(keys);
    key_count_ = distinct.size();
    for (ShortKey key : distinct) window_.add(key, IndexMapping(key));
}

void SymbolEncoder::produce(std::size_t count, std::vector<CodedSymbol>& out) {
    assert(produced() + count <= kMaxSymbolIndex);
    std::size_t first = out.size();
    out.resize(first + count);
    window_.apply(static_cast<std::uint32_t>(produced()), std::span(out).subspan(first));
}

}  // namespace baken::sync
