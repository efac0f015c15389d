// The modem's serial side in QEMU's mps2-an385 board: UART0, an ARM CMSDK APB UART at
// 0x40004000, behind the core's Uart interface. Polled: QEMU hands the guest one received byte
// at a time and waits until it is read (no FIFO, nothing lost), and takes a byte to send
// whenever TXFULL is clear.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/uart.h"

namespace baken::mcu::qemu {

class CmsdkUart final : public baken::modem::Uart {
  public:
    // Enables transmit and receive; the divisor only has to be valid (>= 16) for QEMU.
    void start();

    std::size_t read(std::uint8_t* buffer, std::size_t capacity) override;
    std::size_t write(const std::uint8_t* data, std::size_t length) override;

    // For text before the modem runs (the self-test lines): waits until all is sent.
    void write_all(const char* text);
};

}  // namespace baken::mcu::qemu
