// Memory-mapped register access for the board glue: one volatile 32-bit word at an address.
// Kept in one place so every driver reads and writes registers the same way.
#pragma once

#include <cstdint>

namespace baken::mcu {

inline volatile std::uint32_t& mmio(std::uintptr_t address) {
    return *reinterpret_cast<volatile std::uint32_t*>(address);
}

}  // namespace baken::mcu
