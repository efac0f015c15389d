// The RP2040 registers this firmware touches, by address (RP2040 datasheet, chapter 2 and 4).
// Only what the board glue uses; pico-sdk is not a dependency (it is not in Debian).
#pragma once

#include <cstdint>

namespace baken::mcu::rp2040 {

// Every APB/AHB register block has atomic aliases: writing a mask to base+0x2000 sets those
// bits, to base+0x3000 clears them, without a read-modify-write race.
inline constexpr std::uintptr_t kSetAlias = 0x2000;
inline constexpr std::uintptr_t kClearAlias = 0x3000;

namespace resets {
inline constexpr std::uintptr_t kBase = 0x4000C000;
inline constexpr std::uintptr_t kReset = kBase + 0x0;
inline constexpr std::uintptr_t kResetDone = kBase + 0x8;
inline constexpr std::uint32_t kIoBank0 = 1u << 5;
inline constexpr std::uint32_t kPadsBank0 = 1u << 8;
inline constexpr std::uint32_t kSpi0 = 1u << 16;
inline constexpr std::uint32_t kSpi1 = 1u << 17;
inline constexpr std::uint32_t kTimer = 1u << 21;
inline constexpr std::uint32_t kUart0 = 1u << 22;
}  // namespace resets

namespace clocks {
inline constexpr std::uintptr_t kBase = 0x40008000;
// Each clock has CTRL, DIV, SELECTED (12 bytes): gpout0..3, ref (4), sys (5), peri (6), ...
inline constexpr std::uintptr_t kRefCtrl = kBase + 0x30;
inline constexpr std::uintptr_t kRefSelected = kBase + 0x38;
inline constexpr std::uintptr_t kSysCtrl = kBase + 0x3C;
inline constexpr std::uintptr_t kSysSelected = kBase + 0x44;
inline constexpr std::uintptr_t kPeriCtrl = kBase + 0x48;
inline constexpr std::uint32_t kRefSrcXosc = 2;    // CLK_REF_CTRL.SRC
inline constexpr std::uint32_t kSysSrcClkRef = 0;  // CLK_SYS_CTRL.SRC
inline constexpr std::uint32_t kPeriEnable = 1u << 11;
inline constexpr std::uint32_t kPeriAuxClkSys = 0u << 5;  // CLK_PERI_CTRL.AUXSRC = clk_sys
}  // namespace clocks

namespace xosc {
inline constexpr std::uintptr_t kBase = 0x40024000;
inline constexpr std::uintptr_t kCtrl = kBase + 0x0;
inline constexpr std::uintptr_t kStatus = kBase + 0x4;
inline constexpr std::uintptr_t kStartup = kBase + 0xC;
inline constexpr std::uint32_t kFreqRange1To15MHz = 0xAA0;
inline constexpr std::uint32_t kEnable = 0xFABu << 12;
inline constexpr std::uint32_t kStable = 1u << 31;
// ~1 ms at 12 MHz in units of 256 cycles, as pico-sdk computes it: (12000 + 128) / 256.
inline constexpr std::uint32_t kStartupDelay12MHz = 47;
}  // namespace xosc

namespace watchdog {
inline constexpr std::uintptr_t kBase = 0x40058000;
inline constexpr std::uintptr_t kCtrl = kBase + 0x00;
inline constexpr std::uintptr_t kLoad = kBase + 0x04;
inline constexpr std::uintptr_t kTick = kBase + 0x2C;
inline constexpr std::uint32_t kCtrlEnable = 1u << 30;
inline constexpr std::uint32_t kCtrlPauseDbg1 = 1u << 26;
inline constexpr std::uint32_t kCtrlPauseDbg0 = 1u << 25;
inline constexpr std::uint32_t kCtrlPauseJtag = 1u << 24;
inline constexpr std::uint32_t kLoadMax = 0xFFFFFF;    // LOAD is 24 bits
inline constexpr std::uint32_t kTickEnable = 1u << 9;  // CYCLES in bits 8:0
}  // namespace watchdog

// Power-on state machine: which blocks a watchdog timeout resets.
namespace psm {
inline constexpr std::uintptr_t kWdsel = 0x40010000 + 0x08;
// Everything but the ring and crystal oscillators (bits 0 and 1 of the 17), as pico-sdk's
// watchdog_enable() selects: the clocks restart from a running crystal.
inline constexpr std::uint32_t kWdselAllButOscillators = 0x1FFFF & ~0x3u;
}  // namespace psm

namespace timer {
inline constexpr std::uintptr_t kBase = 0x40054000;
inline constexpr std::uintptr_t kTimeRawHigh = kBase + 0x24;
inline constexpr std::uintptr_t kTimeRawLow = kBase + 0x28;
}  // namespace timer

namespace io_bank0 {
inline constexpr std::uintptr_t kBase = 0x40014000;
inline constexpr std::uintptr_t gpio_ctrl(unsigned pin) {
    return kBase + 0x4 + 8 * pin;
}
inline constexpr std::uint32_t kFuncSpi = 1;
inline constexpr std::uint32_t kFuncUart = 2;
inline constexpr std::uint32_t kFuncSio = 5;
}  // namespace io_bank0

namespace pads_bank0 {
inline constexpr std::uintptr_t kBase = 0x4001C000;
inline constexpr std::uintptr_t gpio(unsigned pin) {
    return kBase + 0x4 + 4 * pin;
}
inline constexpr std::uint32_t kOutputDisable = 1u << 7;
inline constexpr std::uint32_t kInputEnable = 1u << 6;
inline constexpr std::uint32_t kDrive4mA = 1u << 4;
inline constexpr std::uint32_t kPullUp = 1u << 3;
inline constexpr std::uint32_t kPullDown = 1u << 2;
inline constexpr std::uint32_t kSchmitt = 1u << 1;
}  // namespace pads_bank0

namespace sio {
inline constexpr std::uintptr_t kBase = 0xD0000000;
inline constexpr std::uintptr_t kGpioIn = kBase + 0x04;
inline constexpr std::uintptr_t kGpioOutSet = kBase + 0x14;
inline constexpr std::uintptr_t kGpioOutClear = kBase + 0x18;
inline constexpr std::uintptr_t kGpioOeSet = kBase + 0x24;
inline constexpr std::uintptr_t kGpioOeClear = kBase + 0x28;
}  // namespace sio

// PL011 UART (ARM PrimeCell r1p5).
namespace uart {
inline constexpr std::uintptr_t kUart0Base = 0x40034000;
inline constexpr std::uintptr_t kData = 0x000;
inline constexpr std::uintptr_t kFlags = 0x018;
inline constexpr std::uintptr_t kIntegerBaud = 0x024;
inline constexpr std::uintptr_t kFractionalBaud = 0x028;
inline constexpr std::uintptr_t kLineControl = 0x02C;
inline constexpr std::uintptr_t kControl = 0x030;
inline constexpr std::uintptr_t kInterruptMask = 0x038;
inline constexpr std::uintptr_t kInterruptClear = 0x044;
inline constexpr std::uint32_t kFlagTxFull = 1u << 5;
inline constexpr std::uint32_t kFlagRxEmpty = 1u << 4;
inline constexpr std::uint32_t kDataErrors = 0xFu << 8;  // overrun, break, parity, framing
inline constexpr std::uint32_t kLine8Bits = 3u << 5;
inline constexpr std::uint32_t kLineFifoEnable = 1u << 4;
inline constexpr std::uint32_t kControlEnable = 1u << 0;
inline constexpr std::uint32_t kControlTxEnable = 1u << 8;
inline constexpr std::uint32_t kControlRxEnable = 1u << 9;
inline constexpr std::uint32_t kInterruptRx = 1u << 4;
inline constexpr std::uint32_t kInterruptRxTimeout = 1u << 6;
}  // namespace uart

// PL022 SSP (ARM PrimeCell r1p4).
namespace spi {
inline constexpr std::uintptr_t kSpi0Base = 0x4003C000;
inline constexpr std::uintptr_t kSpi1Base = 0x40040000;
inline constexpr std::uintptr_t kControl0 = 0x000;
inline constexpr std::uintptr_t kControl1 = 0x004;
inline constexpr std::uintptr_t kData = 0x008;
inline constexpr std::uintptr_t kStatus = 0x00C;
inline constexpr std::uintptr_t kPrescale = 0x010;
inline constexpr std::uint32_t kControl0Data8Bits = 7;  // DSS = bits - 1; FRF 0 = Motorola
inline constexpr std::uint32_t kControl1Enable = 1u << 1;
inline constexpr std::uint32_t kStatusTxNotFull = 1u << 1;
inline constexpr std::uint32_t kStatusRxNotEmpty = 1u << 2;
inline constexpr std::uint32_t kStatusBusy = 1u << 4;
}  // namespace spi

// Cortex-M0+ NVIC.
namespace nvic {
inline constexpr std::uintptr_t kSetEnable = 0xE000E100;
inline constexpr unsigned kUart0Irq = 20;
}  // namespace nvic

}  // namespace baken::mcu::rp2040
