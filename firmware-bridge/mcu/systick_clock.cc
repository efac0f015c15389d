// SysTick millisecond clock (systick_clock.h); registers per the ARMv6-M/v7-M architecture
// reference manual (B3.3).
#include "mcu/systick_clock.h"

#include <atomic>

#include "mcu/mmio.h"

namespace baken::mcu::qemu {
namespace {

constexpr std::uintptr_t kControl = 0xE000E010;
constexpr std::uintptr_t kReload = 0xE000E014;
constexpr std::uintptr_t kCurrent = 0xE000E018;
constexpr std::uint32_t kEnable = 1u << 0;
constexpr std::uint32_t kInterrupt = 1u << 1;
constexpr std::uint32_t kProcessorClock = 1u << 2;

// 32 bits, so the interrupt's store and the main loop's load are single atomic word accesses
// (a 64-bit counter would need the interrupts off to read); wraps after 49 days, which
// now_ms() extends to 64 bits.
std::atomic<std::uint32_t> ticks{0};

}  // namespace

void start_millisecond_clock(std::uint32_t core_clock_hz) {
    mmio(kReload) = core_clock_hz / 1000 - 1;
    mmio(kCurrent) = 0;
    mmio(kControl) = kEnable | kInterrupt | kProcessorClock;
}

std::uint64_t now_ms() {
    static std::uint32_t last = 0;
    static std::uint64_t wraps = 0;
    std::uint32_t now = ticks.load(std::memory_order_relaxed);
    if (now < last) wraps += std::uint64_t{1} << 32;
    last = now;
    return wraps + now;
}

}  // namespace baken::mcu::qemu

extern "C" void isr_systick() {
    using baken::mcu::qemu::ticks;
    ticks.store(ticks.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
}
