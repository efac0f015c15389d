// The modem: KISS on the serial side, LoRa on the air side, and between them a precedence
// queue, listen before talk and the duty-cycle limiter. One object, driven by a loop that
// calls step() with the time; it talks to the hardware only through Radio and Uart, so the
// same code runs on the board, on the host against a simulated channel, in tests against
// fakes, and in QEMU. No exceptions, no RTTI, no heap: all state is inside this object.
//
// What happens to a data frame from the host: decoded (kiss_serial.h), classified and queued
// (frame_queue.h); when it is first in line its time on air is computed (lora_airtime.h); if
// the sub-band's hour has no room it waits and the host is told (duty_cycle.h, event 0xA0);
// then the channel is checked, with random backoff while busy (listen_before_talk.h); then it
// is sent and charged to the hour. Frames heard on the air go to the host as KISS data.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/duty_cycle.h"
#include "core/frame_queue.h"
#include "core/kiss_commands.h"
#include "core/kiss_serial.h"
#include "core/listen_before_talk.h"
#include "core/modem_stats.h"
#include "core/radio.h"
#include "core/radio_settings.h"
#include "core/uart.h"

namespace baken::modem {

class Modem {
  public:
    // A frame that cannot go out within this time (duty cycle, busy channel) is dropped: the
    // daemon's own repair asks again for what is still wanted.
    static constexpr std::uint32_t kMaxQueueAgeMs = 10 * 60 * 1000;
    // Bytes waiting for the UART (frames for the host); beyond it frames are dropped, counted.
    static constexpr std::size_t kSerialBacklog = 2048;

    Modem(Radio& radio, Uart& uart, const RadioSettings& settings, std::uint32_t random_seed);
    Modem(const Modem&) = delete;
    Modem& operator=(const Modem&) = delete;

    // One pass of the main loop: serial input, radio events, the next transmission, serial
    // output. Never blocks; call it whenever the UART or radio may have something, and at the
    // latest at next_deadline_ms().
    void step(std::uint64_t now_ms);
    // When step() must run again even if nothing arrives (a backoff or duty-cycle wait ending,
    // a transmission overdue); UINT64_MAX when only input can change anything.
    std::uint64_t next_deadline_ms() const;

    const RadioSettings& settings() const { return settings_; }
    // The counters, with the duty-cycle figures for the hour ending at now_ms.
    ModemStats stats(std::uint64_t now_ms) const;

  private:
    enum class State : std::uint8_t {
        unconfigured,  // the radio has not (yet) accepted the settings; retried every second
        receiving,     // idle: listening, nothing to send or waiting for backoff/budget
        checking,      // channel activity detection running for the front frame
        transmitting,  // the front frame is on the air
    };

    void read_serial(std::uint64_t now_ms);
    void on_host_frame(const KissFrameView& frame, std::uint64_t now_ms);
    void on_data_frame(const std::uint8_t* data, std::size_t length, std::uint64_t now_ms);
    void on_command(const std::uint8_t* data, std::size_t length, std::uint64_t now_ms);
    void send_to_host(std::uint8_t type, const std::uint8_t* payload, std::size_t length);
    void send_drop_event(std::uint8_t reason, Precedence precedence);
    void flush_serial();

    void apply_settings_now_or_later(const RadioSettings& settings, std::uint64_t now_ms);
    void apply_pending_settings(std::uint64_t now_ms);
    void configure_radio(std::uint64_t now_ms);
    void restart_radio(std::uint64_t now_ms);

    void poll_radio(std::uint64_t now_ms);
    void on_transmit_done(std::uint64_t now_ms);
    void expire_frames(std::uint64_t now_ms);
    void start_next_frame(std::uint64_t now_ms);
    void hold_for_duty_cycle(std::uint64_t now_ms, std::uint32_t wait_ms);
    void drop_front(DropReason reason);
    void on_channel_answer(bool busy, std::uint64_t now_ms);
    void transmit_front(const QueuedFrame& frame, std::uint64_t now_ms);

    Radio& radio_;
    Uart& uart_;
    RadioSettings settings_;
    RadioSettings pending_settings_;
    bool settings_pending_ = false;  // applied when the current transmission ends
    const SubBand* sub_band_ = nullptr;

    KissSerialDecoder decoder_;
    KissSerialDecoder::Counters decoder_at_reset_;
    FrameQueue queue_;
    DutyCycleLimiter duty_cycle_;
    ListenBeforeTalk listen_;
    // The settings given at construction passed check_settings(); if not, nothing is sent
    // (frames are dropped with unlawful_settings) until the host sets lawful ones.
    bool settings_lawful_;
    ModemStats stats_;

    State state_ = State::unconfigured;
    std::uint64_t not_before_ms_ = 0;         // backoff, duty-cycle wait or configure retry
    std::uint64_t transmit_deadline_ms_ = 0;  // transmit_done overdue after this: a fault
    std::uint64_t check_deadline_ms_ = 0;     // the channel check's answer overdue: a fault
    bool hold_reported_ = false;              // the host was told the front frame waits for budget

    std::uint8_t radio_buffer_[kMaxLoraPayload] = {};
    std::uint8_t serial_out_[kSerialBacklog] = {};
    std::size_t serial_out_length_ = 0;
};

}  // namespace baken::modem
