// The radio as the modem core sees it: the hardware boundary on the air side. Asynchronous,
// like the SX1262 it abstracts: a command starts something, poll() later reports how it
// ended. Implemented by the SX1262 driver (sx1262/) on the board and by a simulated shared
// channel on the host (host/). No exceptions, no heap: fits the Cortex-M0+ build.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/radio_settings.h"

namespace baken::modem {

struct RadioEvent {
    enum class Kind : std::uint8_t {
        none,
        transmit_done,  // the frame from start_transmit() has left the antenna
        received,       // a frame with a good CRC: `length` bytes copied into poll()'s buffer
        receive_error,  // a frame was heard but its CRC or header was bad
        channel_free,   // the answer to start_channel_check(): nobody transmitting
        channel_busy,   // ... somebody is
        fault,          // the radio stopped answering; the modem reconfigures it
    };
    Kind kind = Kind::none;
    std::uint16_t length = 0;
    std::int16_t rssi_dbm = 0;
    std::int8_t snr_db = 0;
};

class Radio {
  public:
    // Applies the settings (frequency, modulation, power, sync word) and enters standby.
    // false: the radio refused them or does not answer.
    virtual bool configure(const RadioSettings& settings) = 0;
    // Listens continuously; received frames come out of poll().
    virtual void start_receive() = 0;
    // Listen before talk: a channel activity detection whose answer is channel_free or
    // channel_busy from poll(). Leaves receive mode; call start_receive() or start_transmit().
    virtual void start_channel_check() = 0;
    // Sends one frame (1..kMaxLoraPayload bytes); transmit_done follows from poll().
    // false: refused at once (too long, radio busy); nothing was sent.
    virtual bool start_transmit(const std::uint8_t* data, std::size_t length) = 0;
    // What happened since the last call, at most one event; a received frame is copied into
    // `buffer` (capacity bytes; a longer frame is reported as receive_error).
    virtual RadioEvent poll(std::uint8_t* buffer, std::size_t capacity) = 0;

  protected:
    ~Radio() = default;
};

}  // namespace baken::modem
