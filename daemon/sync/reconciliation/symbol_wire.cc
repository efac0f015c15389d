// See symbol_wire.h.
#include "sync/reconciliation/symbol_wire.h"

#include "sync/reconciliation/big_endian.h"

namespace baken::sync {

std::string encode_symbols(std::span<const CodedSymbol> symbols) {
    std::string out;
    out.reserve(symbols.size() * kSymbolWireSize);
    for (const CodedSymbol& s : symbols) {
        be::put_uint(out, s.key_sum, 5);
        be::put_uint(out, s.check_sum, 3);
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
        symbols[i].key_sum = be::load_uint(item, 5);
        symbols[i].check_sum = static_cast<std::uint32_t>(be::load_uint(item.subspan(5), 3));
    }
    return symbols;
}

}  // namespace baken::sync
