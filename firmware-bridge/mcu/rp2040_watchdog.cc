// The RP2040 watchdog (rp2040_watchdog.h), by RP2040 datasheet 4.7 and in the order of
// pico-sdk's watchdog_enable().
#include "mcu/rp2040_watchdog.h"

#include "mcu/mmio.h"
#include "mcu/rp2040_board.h"
#include "mcu/rp2040_registers.h"

namespace baken::mcu::rp2040 {
namespace {

// The counter runs on the 1 µs watchdog tick, but erratum RP2040-E1 makes it count down twice
// per tick: twice the microseconds are loaded (as pico-sdk does), at most kLoadMax (8.3 s).
constexpr std::uint32_t kLoad = 2 * kWatchdogTimeoutMs * 1000;
static_assert(kLoad <= watchdog::kLoadMax, "watchdog timeout longer than LOAD can hold");
static_assert(kClockHz == 12'000'000, "the watchdog tick is set up for a 12 MHz clk_ref");

}  // namespace

void start_watchdog() {
    mmio(watchdog::kCtrl + kClearAlias) = watchdog::kCtrlEnable;
    // Without a selection a timeout would reset nothing.
    mmio(psm::kWdsel) = psm::kWdselAllButOscillators;
    mmio(watchdog::kCtrl + kSetAlias) =
        watchdog::kCtrlPauseDbg0 | watchdog::kCtrlPauseDbg1 | watchdog::kCtrlPauseJtag;
    feed_watchdog();
    mmio(watchdog::kCtrl + kSetAlias) = watchdog::kCtrlEnable;
}

void feed_watchdog() {
    mmio(watchdog::kLoad) = kLoad;
}

}  // namespace baken::mcu::rp2040
