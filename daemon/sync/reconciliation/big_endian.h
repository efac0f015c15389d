// Fixed-width big-endian integers for the reconciliation wire formats (internal).
// REQUIRES of every load: the span holds at least the integer's width (callers check the
// whole input's length first).
#pragma once

#include <cassert>
#include <cstdint>
#include <string>

#include "common/bytes.h"

namespace baken::sync::be {

template <typename T>
void put(std::string& out, T value) {
    for (int shift = 8 * (sizeof(T) - 1); shift >= 0; shift -= 8) {
        out.push_back(static_cast<char>(static_cast<std::uint8_t>(value >> shift)));
    }
}

template <typename T>
T load(ByteView in) {
    assert(in.size() >= sizeof(T));
    T value = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) value = static_cast<T>(value << 8 | in[i]);
    return value;
}

}  // namespace baken::sync::be
