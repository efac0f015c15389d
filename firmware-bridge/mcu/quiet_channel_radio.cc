// The QEMU image's radio on an empty channel (quiet_channel_radio.h).
#include "mcu/quiet_channel_radio.h"

#include "core/lora_airtime.h"

namespace baken::mcu::qemu {

using baken::modem::RadioEvent;

bool QuietChannelRadio::configure(const baken::modem::RadioSettings& settings) {
    settings_ = settings;
    state_ = State::idle;
    return true;
}

void QuietChannelRadio::start_receive() {
    state_ = State::idle;
}

void QuietChannelRadio::start_channel_check() {
    state_ = State::checking;
}

bool QuietChannelRadio::start_transmit(const std::uint8_t* /*data*/, std::size_t length) {
    if (length == 0 || length > baken::modem::kMaxLoraPayload || state_ == State::transmitting) {
        return false;
    }
    const std::uint32_t airtime_us =
        baken::modem::lora_time_on_air_us(settings_, static_cast<std::uint16_t>(length));
    transmit_done_ms_ = clock_() + (airtime_us + 999) / 1000;
    state_ = State::transmitting;
    return true;
}

RadioEvent QuietChannelRadio::poll(std::uint8_t* /*buffer*/, std::size_t /*capacity*/) {
    RadioEvent event;
    if (state_ == State::checking) {
        state_ = State::idle;
        event.kind = RadioEvent::Kind::channel_free;
    } else if (state_ == State::transmitting && clock_() >= transmit_done_ms_) {
        state_ = State::idle;
        event.kind = RadioEvent::Kind::transmit_done;
    }
    return event;
}

}  // namespace baken::mcu::qemu
