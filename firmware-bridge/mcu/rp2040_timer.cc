// RP2040 TIMER reads (rp2040_timer.h).
#include "mcu/rp2040_timer.h"

#include "mcu/mmio.h"
#include "mcu/rp2040_registers.h"

namespace baken::mcu::rp2040 {

std::uint64_t now_us() {
    // TIMERAWH/TIMERAWL are not latched together: read high, low, high again and retry if the
    // low word wrapped in between.
    for (;;) {
        std::uint32_t high = mmio(timer::kTimeRawHigh);
        std::uint32_t low = mmio(timer::kTimeRawLow);
        if (mmio(timer::kTimeRawHigh) == high) return (std::uint64_t{high} << 32) | low;
    }
}

void delay_ms(std::uint32_t ms) {
    const std::uint64_t until = now_us() + std::uint64_t{ms} * 1000;
    while (now_us() < until) {
    }
}

}  // namespace baken::mcu::rp2040
