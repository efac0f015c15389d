// RP2040 chip setup (rp2040_board.h), following the order of the RP2040 datasheet (2.16 XOSC,
// 2.15 clocks, 2.14 resets) and of pico-sdk's clocks_init(), without the PLLs.
#include "mcu/rp2040_board.h"

#include "mcu/mmio.h"
#include "mcu/rp2040_registers.h"

namespace baken::mcu::rp2040 {
namespace {

void start_crystal() {
    mmio(xosc::kCtrl) = xosc::kFreqRange1To15MHz;
    mmio(xosc::kStartup) = xosc::kStartupDelay12MHz;
    mmio(xosc::kCtrl + kSetAlias) = xosc::kEnable;
    while ((mmio(xosc::kStatus) & xosc::kStable) == 0) {
    }
}

void run_clocks_from_crystal() {
    // clk_sys must sit on clk_ref (glitchless mux, SRC 0) before clk_ref changes source.
    mmio(clocks::kSysCtrl + kClearAlias) = 1u;
    while (mmio(clocks::kSysSelected) != (1u << clocks::kSysSrcClkRef)) {
    }
    mmio(clocks::kRefCtrl) = clocks::kRefSrcXosc;
    while (mmio(clocks::kRefSelected) != (1u << clocks::kRefSrcXosc)) {
    }
    // clk_peri feeds the UART and SPI; it is off after reset.
    mmio(clocks::kPeriCtrl) = clocks::kPeriAuxClkSys;
    mmio(clocks::kPeriCtrl + kSetAlias) = clocks::kPeriEnable;
    // The TIMER and the watchdog count ticks of the watchdog's tick generator: one per 12 clk_ref
    // cycles = 1 µs.
    mmio(watchdog::kTick) = watchdog::kTickEnable | (kClockHz / 1'000'000);
}

void release_from_reset(std::uint32_t blocks) {
    mmio(resets::kReset + kClearAlias) = blocks;
    while ((mmio(resets::kResetDone) & blocks) != blocks) {
    }
}

}  // namespace

void start_chip() {
    start_crystal();
    run_clocks_from_crystal();
    // Reset first so the blocks start from a known state even after a debugger's soft reset.
    const std::uint32_t used =
        resets::kIoBank0 | resets::kPadsBank0 | resets::kUart0 | resets::kSpi1 | resets::kTimer;
    mmio(resets::kReset + kSetAlias) = used;
    release_from_reset(used);
}

void select_function(unsigned pin, std::uint32_t function, bool pull_up) {
    mmio(pads_bank0::gpio(pin)) = pads_bank0::kInputEnable | pads_bank0::kDrive4mA |
                                  pads_bank0::kSchmitt |
                                  (pull_up ? pads_bank0::kPullUp : pads_bank0::kPullDown);
    mmio(io_bank0::gpio_ctrl(pin)) = function;
}

std::uint32_t random_seed() {
    constexpr std::uintptr_t kRoscRandomBit = 0x40060000 + 0x1C;
    std::uint32_t seed = 0;
    for (int bit = 0; bit < 32; ++bit) seed = (seed << 1) | (mmio(kRoscRandomBit) & 1u);
    return seed == 0 ? 1 : seed;  // xorshift needs a non-zero state
}

}  // namespace baken::mcu::rp2040
