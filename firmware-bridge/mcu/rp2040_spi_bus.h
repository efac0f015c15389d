// The SX1262's board boundary (sx1262/spi_bus.h) on the RP2040: SPI1 (an ARM PL022) in mode 0
// at 2 MHz, NSS driven by software through SIO so a whole command stays in one NSS frame,
// BUSY and DIO1 read through SIO, NRESET driven through SIO, time from the TIMER.
#pragma once

#include <cstddef>
#include <cstdint>

#include "mcu/rp2040_board.h"
#include "sx1262/spi_bus.h"

namespace baken::mcu::rp2040 {

class Pl022SpiBus final : public baken::modem::SpiBus {
  public:
    explicit Pl022SpiBus(const BoardPins& pins) : pins_(pins) {}
    // Configures SPI1 and the pins; leaves NSS high and the chip out of reset.
    void start();

    void transfer(const std::uint8_t* tx, std::uint8_t* rx, std::size_t len) override;
    bool busy() override;
    bool dio1() override;
    void set_nreset(bool released) override;
    void delay_ms(std::uint32_t ms) override;
    std::uint32_t now_ms() override;

  private:
    BoardPins pins_;
};

}  // namespace baken::mcu::rp2040
