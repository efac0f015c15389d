// Fixed-width big-endian integers for the reconciliation wire formats (internal).
// REQUIRES of every load: the span holds at least the integer's width (callers check the
// whole input's length first).
#pragma once

#include <cassert>
#include <cstdint>
#include <string>

#include "common/bytes.h"

namespace baken::sync::be {

// The low `width` bytes of value (1..8), most significant first.
inline void put_uint(std::string& out, std::uint64_t value, int width) {
    for (int shift = 8 * (width - 1); shift >= 0; shift -= 8) {
        out.push_back(static_cast<char>(static_cast<std::uint8_t>(value >> shift)));
    }
}

inline std::uint64_t load_uint(ByteView in, std::size_t width) {
    assert(in.size() >= width && width <= 8);
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < width; ++i) value = value << 8 | in[i];
    return value;
}

}  // namespace baken::sync::be
