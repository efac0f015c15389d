// Time on the RP2040: the TIMER block's free-running 64-bit microsecond counter (1 MHz from
// the watchdog tick, rp2040_board.cc), read without the latching registers so any context may
// read it. The modem's clock and the SX1262 driver's delays both come from here.
#pragma once

#include <cstdint>

namespace baken::mcu::rp2040 {

std::uint64_t now_us();
inline std::uint64_t now_ms() {
    return now_us() / 1000;
}
void delay_ms(std::uint32_t ms);

}  // namespace baken::mcu::rp2040
