// The serial side as the modem core sees it: the hardware boundary to the host (bakend, or
// any KISS client). Non-blocking both ways, so one loop serves the UART and the radio. The
// board's UART driver implements it on the microcontroller, a pseudo-terminal on the host.
#pragma once

#include <cstddef>
#include <cstdint>

namespace baken::modem {

class Uart {
  public:
    // Copies up to `capacity` bytes that have arrived; 0 when there are none.
    virtual std::size_t read(std::uint8_t* buffer, std::size_t capacity) = 0;
    // Accepts up to `length` bytes for sending and returns how many it took (0 when its
    // buffer is full or nobody is listening); the modem keeps the rest.
    virtual std::size_t write(const std::uint8_t* data, std::size_t length) = 0;

  protected:
    ~Uart() = default;
};

}  // namespace baken::modem
