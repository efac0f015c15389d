// A millisecond clock from the Cortex-M SysTick timer, for the QEMU image (the MPS2 has no
// RP2040 TIMER). SysTick interrupts once per millisecond and the handler counts.
#pragma once

#include <cstdint>

namespace baken::mcu::qemu {

// Starts the 1 ms interrupt; core_clock_hz is the clock SysTick counts (processor clock).
void start_millisecond_clock(std::uint32_t core_clock_hz);
std::uint64_t now_ms();

}  // namespace baken::mcu::qemu
