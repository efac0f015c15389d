// The modem's serial side on the RP2040: UART0 (an ARM PL011) behind the core's Uart
// interface. Received bytes are moved into a ring buffer by the UART interrupt, so a long
// step() of the modem (a 255-byte frame through the SX1262) loses nothing while the 32-byte
// hardware FIFO would overflow; bytes to send wait in a second ring that pump() feeds into the
// transmit FIFO from the main loop. There is one UART0, so one instance; its rings live in
// rp2040_uart.cc (in .bss: inside this object, whose vtable pointer makes it initialised
// data, they would cost their size in flash too).
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/uart.h"

namespace baken::mcu::rp2040 {

class Pl011Uart final : public baken::modem::Uart {
  public:
    // Sets the baud rate (8N1, FIFOs on), routes the pins and enables the receive interrupt.
    void start(unsigned tx_pin, unsigned rx_pin, std::uint32_t clock_hz, std::uint32_t baud);

    std::size_t read(std::uint8_t* buffer, std::size_t capacity) override;
    std::size_t write(const std::uint8_t* data, std::size_t length) override;

    // Main loop: moves waiting bytes into the transmit FIFO.
    void pump();
    // From the UART0 interrupt: drains the receive FIFO into the ring.
    void on_interrupt();

    // Bytes lost on the way in: receive ring full, or a hardware overrun/framing error.
    std::uint32_t receive_losses() const { return receive_losses_; }

  private:
    volatile std::uint32_t receive_losses_ = 0;
};

}  // namespace baken::mcu::rp2040
