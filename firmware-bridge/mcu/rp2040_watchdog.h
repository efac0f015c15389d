// The RP2040 watchdog: resets the board when the main loop stops coming round (a hung SPI
// wait, a fault handler spinning, a loop that never ends), so an unattended modem comes back
// by itself instead of going silent until someone power-cycles it. The host resends what it
// still wants. The price: the duty-cycle limiter lives in RAM, so a reset starts its hour
// empty. One hang costs at most one extra budget in that hour; only firmware that hung again
// and again straight after sending could go far over the share (keeping the hour across the
// reset is not done: nothing here checks which RAM a watchdog reset preserves).
#pragma once

#include <cstdint>

namespace baken::mcu::rp2040 {

// Two seconds: a pass of the main loop takes milliseconds (the longest, reconfiguring a radio
// that stopped answering, is bounded by the SX1262 driver's 20 ms BUSY limit per command, and
// the self_test command takes well under a second at 12 MHz), so only a hang gets near it.
inline constexpr std::uint32_t kWatchdogTimeoutMs = 2000;

// Starts the countdown; needs the watchdog tick that start_chip() (rp2040_board.h) starts.
// The count pauses while a debugger halts the core, so stepping through code does not reset.
void start_watchdog();
// Restarts the countdown: once per pass of the main loop.
void feed_watchdog();

}  // namespace baken::mcu::rp2040
