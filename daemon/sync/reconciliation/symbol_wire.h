// The wire encoding of a batch of coded symbols, and its strict decoder for untrusted bytes.
//
//   batch  = symbol*                        (no header: the frame carries the first index)
//   symbol = key_sum   u40 big-endian       (5 bytes: short keys are 40 bits)
//            check_sum u24 big-endian       (3 bytes: checksums are 24 bits)
//
// The batch length must be a whole multiple of kSymbolWireSize; the count is length / 8.
// A sync frame carries at most kMaxSymbolsPerFrame of them.
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

inline constexpr std::size_t kSymbolWireSize = 8;
inline constexpr std::size_t kMaxSymbolsPerFrame = 6000;  // 48 KB, within a 64 KiB frame

// 8 bytes per symbol, in order.
std::string encode_symbols(std::span<const CodedSymbol> symbols);

// Decodes a batch of at most `max_symbols` symbols. Reads nothing beyond `bytes` and
// allocates at most max_symbols symbols, whatever the input claims.
// Errors (drop the peer): truncated (length not a multiple of 8), too_many (more than
// max_symbols). Nothing is returned on error.
Result<std::vector<CodedSymbol>, WireError> decode_symbols(ByteView bytes, std::size_t max_symbols);

}  // namespace baken::sync
