// The radio of the QEMU image: a channel where nobody else transmits. Every channel check
// answers free, every frame sent reports transmit_done once its time on air (Semtech formula,
// core/lora_airtime.h) has passed, and nothing is ever received. Enough for the modem to run
// its whole send path (queue, duty cycle, listen before talk, airtime) inside QEMU.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/radio.h"
#include "core/radio_settings.h"

namespace baken::mcu::qemu {

class QuietChannelRadio final : public baken::modem::Radio {
  public:
    // `clock` gives the current time in ms (the image's SysTick clock).
    explicit QuietChannelRadio(std::uint64_t (*clock)()) : clock_(clock) {}

    bool configure(const baken::modem::RadioSettings& settings) override;
    void start_receive() override;
    void start_channel_check() override;
    bool start_transmit(const std::uint8_t* data, std::size_t length) override;
    baken::modem::RadioEvent poll(std::uint8_t* buffer, std::size_t capacity) override;

  private:
    enum class State : std::uint8_t { idle, checking, transmitting };

    std::uint64_t (*clock_)();
    baken::modem::RadioSettings settings_;
    State state_ = State::idle;
    std::uint64_t transmit_done_ms_ = 0;
};

}  // namespace baken::mcu::qemu
