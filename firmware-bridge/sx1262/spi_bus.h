// The board as the SX1262 driver sees it: the SPI port the chip hangs on and the three pins
// besides it (BUSY, DIO1, NRESET), plus a millisecond clock. The RP2040 glue in mcu/ implements
// it over SPI1 and GPIO; the driver's tests implement it with a chip stand-in that decodes the
// command bytes. No heap, no exceptions: fits the Cortex-M0+ build.
#pragma once

#include <cstddef>
#include <cstdint>

namespace baken::modem {

class SpiBus {
  public:
    // One SPI transaction: drives NSS low, clocks out tx[0..len) while clocking in rx[0..len)
    // (mode 0, MSB first), then raises NSS. The SX1262 takes one command per NSS frame, so the
    // whole command, with its parameters or data, must be a single call.
    virtual void transfer(const std::uint8_t* tx, std::uint8_t* rx, std::size_t len) = 0;
    // The BUSY pin: high while the chip cannot take a command (after reset, during a command,
    // calibration or a mode change).
    virtual bool busy() = 0;
    // The DIO1 pin: high while an interrupt source routed to it is pending.
    virtual bool dio1() = 0;
    // Drives NRESET: false holds the chip in reset, true releases it.
    virtual void set_nreset(bool released) = 0;
    // Waits at least `ms` milliseconds.
    virtual void delay_ms(std::uint32_t ms) = 0;
    // A free-running millisecond clock (wraps; only differences are used).
    virtual std::uint32_t now_ms() = 0;

  protected:
    ~SpiBus() = default;
};

}  // namespace baken::modem
