// The wire encoding of a batch of coded symbols, and its strict decoder for untrusted bytes.
//
//   batch  = symbol*                        (no header: the frame carries the first index)
//   symbol = key_sum  u64 big-endian        (8 bytes)
//            check_sum u32 big-endian       (4 bytes)
//
// The batch length must be a whole multiple of kSymbolWireSize; the count is length / 12.
// A batch of 64 KiB (the sync frame limit) holds at most 5,461 symbols.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"
#include "sync/reconciliation/coded_symbol.h"
#include "sync/reconciliation/wire_error.h"

namespace baken::sync {

inline constexpr std::size_t kSymbolWireSize = 12;

// 12 bytes per symbol, in order.
std::string encode_symbols(std::span<const CodedSymbol> symbols);

// Decodes a batch of at most `max_symbols` symbols. Reads nothing beyond `bytes` and
// allocates at most max_symbols symbols, whatever the input claims.
// Errors (drop the peer): truncated (length not a multiple of 12), too_many (more than
// max_symbols). Nothing is returned on error.
Result<std::vector<CodedSymbol>, WireError> decode_symbols(ByteView bytes, std::size_t max_symbols);

}  // namespace baken::sync
