// See symbol_wire.h.
#include "sync/reconciliation/symbol_wire.h"

#include "sync/reconciliation/big_endian.h"

namespace baken::sync {

std::string encode_symbols(std::span<const CodedSymbol> symbols) {
    std::string out;
    out.reserve(symbols.size() * kSymbolWireSize);
    for (const CodedSymbol& s : symbols) {
        be::put<std::uint64_t>(out, s.key_sum);
        be::put<std::uint32_t>(out, s.check_sum);
    }
    return out;
}

Result<std::vector<CodedSymbol>, WireError> decode_symbols(ByteView bytes,
                                                           std::size_t max_symbols) {
    if (bytes.size() % kSymbolWireSize != 0) {
        return fail(WireError{WireErrorCode::truncated, "symbol batch of " +
                                                            std::to_string(bytes.size()) +
                                                            " bytes is not a multiple of " +
                                                            std::to_string(kSymbolWireSize)});
    }
    std::size_t count = bytes.size() / kSymbolWireSize;
    if (count > max_symbols) {
        return fail(WireError{WireErrorCode::too_many, "symbol batch of " + std::to_string(count) +
                                                           " symbols exceeds the limit of " +
                                                           std::to_string(max_symbols)});
    }
    std::vector<CodedSymbol> symbols(count);
    for (std::size_t i = 0; i < count; ++i) {
        ByteView item = bytes.subspan(i * kSymbolWireSize, kSymbolWireSize);
        symbols[i].key_sum = be::load<std::uint64_t>(item);
        symbols[i].check_sum = be::load<std::uint32_t>(item.subspan(8));
    }
    return symbols;
}

}  // namespace baken::sync
