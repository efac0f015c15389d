// The modem's main loop step: serial side, radio events, the next transmission (modem.h).
#include "core/modem.h"

#include <cstring>

#include "core/lora_airtime.h"
#include "core/self_test.h"

namespace baken::modem {
namespace {

constexpr std::uint32_t kConfigureRetryMs = 1000;
// A transmission whose transmit_done has not come this long after its airtime means the radio
// hung (a lost IRQ, a brown-out): it is reconfigured.
constexpr std::uint32_t kTransmitGraceMs = 1000;
// A channel activity detection takes two symbols (8 ms at SF9, 66 ms at SF12); an answer
// that has not come after this long was lost (a hung chip, a lost interrupt or datagram).
constexpr std::uint32_t kChannelCheckTimeoutMs = 1000;
// Serial bytes and radio events handled per step, so neither side can starve the other.
constexpr std::size_t kSerialChunk = 64;
constexpr std::size_t kSerialChunksPerStep = 8;
constexpr std::size_t kRadioEventsPerStep = 4;
constexpr char kVersion[] = "baken-lora-modem 1.0 (KISS, EN 300 220)";

std::uint32_t airtime_ms(const RadioSettings& settings, std::size_t length) {
    std::uint64_t us = lora_time_on_air_us(settings, static_cast<std::uint16_t>(length));
    return static_cast<std::uint32_t>((us + 999) / 1000);  // rounded up: never under-counted
}

void put_u32(std::uint8_t* out, std::uint32_t value) {
    out[0] = static_cast<std::uint8_t>(value >> 24);
    out[1] = static_cast<std::uint8_t>(value >> 16);
    out[2] = static_cast<std::uint8_t>(value >> 8);
    out[3] = static_cast<std::uint8_t>(value);
}

}  // namespace

Modem::Modem(Radio& radio, Uart& uart, const RadioSettings& settings, std::uint32_t random_seed)
    : radio_(radio),
      uart_(uart),
      settings_(settings),
      pending_settings_(settings),
      sub_band_(sub_band_for(settings.frequency_hz, settings.bandwidth_hz)),
      duty_cycle_(sub_band_ ? sub_band_->permille : 0),
      listen_(random_seed, settings.backoff_min_ms, settings.backoff_max_tries),
      settings_lawful_(check_settings(settings) == SettingsError::ok) {}

void Modem::step(std::uint64_t now_ms) {
    if (state_ == State::unconfigured && now_ms >= not_before_ms_) configure_radio(now_ms);
    // The radio first: a free channel is answered by transmitting at once, and the airtime is
    // charged from this step's time, before serial input (a command) can take any.
    poll_radio(now_ms);
    if (state_ == State::transmitting && now_ms > transmit_deadline_ms_) restart_radio(now_ms);
    if (state_ == State::checking && now_ms > check_deadline_ms_) restart_radio(now_ms);
    expire_frames(now_ms);
    read_serial(now_ms);
    if (state_ == State::receiving && now_ms >= not_before_ms_) start_next_frame(now_ms);
    flush_serial();
}

std::uint64_t Modem::next_deadline_ms() const {
    std::uint64_t deadline = UINT64_MAX;
    switch (state_) {
        case State::unconfigured:
            deadline = not_before_ms_;
            break;
        case State::transmitting:
            deadline = transmit_deadline_ms_ + 1;
            break;
        case State::checking:
            deadline = check_deadline_ms_ + 1;
            break;
        case State::receiving:
            if (!queue_.empty()) deadline = not_before_ms_;
            break;
    }
    // A waiting frame's expiry is a deadline too: the host hears of it on time.
    std::uint64_t oldest = queue_.oldest_queued_at_ms();
    if (oldest != UINT64_MAX && oldest + kMaxQueueAgeMs + 1 < deadline)
        deadline = oldest + kMaxQueueAgeMs + 1;
    return deadline;
}

ModemStats Modem::stats(std::uint64_t now_ms) const {
    ModemStats stats = stats_;
    stats.duty_cycle_used_ms = duty_cycle_.used_ms(now_ms);
    stats.duty_cycle_budget_ms = duty_cycle_.budget_ms();
    // The decoder counts for its whole life; reset_stats remembers where it stood.
    stats.serial_oversized += decoder_.counters().oversized - decoder_at_reset_.oversized;
    stats.serial_bad_escape = decoder_.counters().bad_escape - decoder_at_reset_.bad_escape;
    return stats;
}

// --- serial side ---------------------------------------------------------------------------

void Modem::read_serial(std::uint64_t now_ms) {
    std::uint8_t chunk[kSerialChunk];
    for (std::size_t i = 0; i < kSerialChunksPerStep; ++i) {
        std::size_t n = uart_.read(chunk, sizeof chunk);
        if (n == 0) return;
        for (std::size_t k = 0; k < n; ++k) {
            KissFrameView frame;
            if (decoder_.push(chunk[k], frame)) on_host_frame(frame, now_ms);
        }
    }
}

void Modem::on_host_frame(const KissFrameView& frame, std::uint64_t now_ms) {
    ++stats_.serial_frames_in;
    if (frame.command == kReturnFromKissCommand) return;  // this modem only speaks KISS
    auto command = static_cast<KissCommand>(frame.command);
    if (frame.port != 0) {
        ++stats_.serial_unknown;  // one radio: port 0 only, as standard TNCs
        return;
    }
    switch (command) {
        case KissCommand::data:
            on_data_frame(frame.payload, frame.length, now_ms);
            return;
        case KissCommand::set_hardware:
            on_command(frame.payload, frame.length, now_ms);
            return;
        case KissCommand::tx_delay:
        case KissCommand::persistence:
        case KissCommand::slot_time:
        case KissCommand::tx_tail:
        case KissCommand::full_duplex:
            // Parameters of AFSK TNCs (bakend sends them on every connect). LoRa has its own
            // preamble and channel activity detection, so they are accepted and ignored.
            return;
        case KissCommand::return_from_kiss:  // type 0x0F: not the 0xFF byte, unknown
            break;
    }
    ++stats_.serial_unknown;
}

void Modem::on_data_frame(const std::uint8_t* data, std::size_t length, std::uint64_t now_ms) {
    if (length == 0) {
        ++stats_.serial_unknown;  // nothing to send; not worth an event
        return;
    }
    Precedence precedence = classify_payload(data, length);
    // An urgent frame may go before the one held for the duty cycle: its own wait is news.
    if (precedence == Precedence::urgent) hold_reported_ = false;
    switch (queue_.push(precedence, data, length, now_ms)) {
        case FrameQueue::PushResult::queued:
            return;
        case FrameQueue::PushResult::queued_displacing:
            ++stats_.queue_displaced;
            send_drop_event(static_cast<std::uint8_t>(DropReason::displaced), Precedence::normal);
            return;
        case FrameQueue::PushResult::refused_full:
            ++stats_.queue_refused;
            send_drop_event(static_cast<std::uint8_t>(DropReason::queue_full), precedence);
            return;
        case FrameQueue::PushResult::refused_size:
            ++stats_.serial_oversized;
            send_drop_event(static_cast<std::uint8_t>(DropReason::too_long), precedence);
            return;
    }
}

void Modem::on_command(const std::uint8_t* data, std::size_t length, std::uint64_t now_ms) {
    if (length == 0) {
        ++stats_.serial_unknown;
        return;
    }
    std::uint8_t reply[kMaxKissPayload];
    std::size_t reply_length = 0;
    const std::uint8_t op = data[0];
    switch (static_cast<CommandOp>(op)) {
        case CommandOp::get_settings:
            reply_length = encode_settings_reply(settings_, reply, sizeof reply);
            break;
        case CommandOp::set_settings: {
            RadioSettings wanted = settings_;
            std::uint8_t bad_key = 0;
            SettingsError error = apply_settings(data + 1, length - 1, wanted, bad_key);
            if (error == SettingsError::ok) apply_settings_now_or_later(wanted, now_ms);
            reply[0] = op | kReplyFlag;
            reply[1] = static_cast<std::uint8_t>(error);
            reply[2] = bad_key;
            reply_length = 3;
            break;
        }
        case CommandOp::get_stats:
            reply_length = encode_stats_reply(stats(now_ms), reply, sizeof reply);
            break;
        case CommandOp::reset_stats:
            stats_ = ModemStats{};
            decoder_at_reset_ = decoder_.counters();
            reply[0] = op | kReplyFlag;
            reply_length = 1;
            break;
        case CommandOp::self_test: {
            SelfTestResult result = run_self_test();
            reply[0] = op | kReplyFlag;
            reply[1] = result.passed;
            reply[2] = result.total;
            reply_length = 3;
            break;
        }
        case CommandOp::get_version:
            reply[0] = op | kReplyFlag;
            std::memcpy(reply + 1, kVersion, sizeof kVersion - 1);
            reply_length = sizeof kVersion;
            break;
        default:
            ++stats_.serial_unknown;
            reply[0] = kUnknownCommandReply;
            reply[1] = op;
            reply_length = 2;
            break;
    }
    send_to_host(static_cast<std::uint8_t>(KissCommand::set_hardware), reply, reply_length);
}

void Modem::send_to_host(std::uint8_t type, const std::uint8_t* payload, std::size_t length) {
    std::size_t room = sizeof serial_out_ - serial_out_length_;
    std::size_t written =
        kiss_encode(type, payload, length, serial_out_ + serial_out_length_, room);
    if (written == 0) {
        ++stats_.serial_overflow;  // the host does not read: drop whole frames, never halves
        return;
    }
    serial_out_length_ += written;
}

void Modem::send_drop_event(std::uint8_t reason, Precedence precedence) {
    const std::uint8_t event[] = {kFrameDroppedEvent, reason,
                                  static_cast<std::uint8_t>(precedence)};
    send_to_host(static_cast<std::uint8_t>(KissCommand::set_hardware), event, sizeof event);
}

void Modem::flush_serial() {
    if (serial_out_length_ == 0) return;
    std::size_t n = uart_.write(serial_out_, serial_out_length_);
    if (n == 0) return;
    std::memmove(serial_out_, serial_out_ + n, serial_out_length_ - n);
    serial_out_length_ -= n;
}

// --- settings ------------------------------------------------------------------------------

void Modem::apply_settings_now_or_later(const RadioSettings& settings, std::uint64_t now_ms) {
    pending_settings_ = settings;
    settings_pending_ = true;
    // A frame on the air finishes with the settings it started with.
    if (state_ != State::transmitting) apply_pending_settings(now_ms);
}

void Modem::apply_pending_settings(std::uint64_t now_ms) {
    if (!settings_pending_) return;
    settings_pending_ = false;
    settings_ = pending_settings_;
    settings_lawful_ = true;  // set_settings only accepts what check_settings() accepts
    sub_band_ = sub_band_for(settings_.frequency_hz, settings_.bandwidth_hz);
    duty_cycle_.set_permille(sub_band_ ? sub_band_->permille : 0);
    listen_.set_backoff(settings_.backoff_min_ms, settings_.backoff_max_tries);
    hold_reported_ = false;
    state_ = State::unconfigured;
    configure_radio(now_ms);
}

void Modem::configure_radio(std::uint64_t now_ms) {
    if (!radio_.configure(settings_)) {
        not_before_ms_ = now_ms + kConfigureRetryMs;
        return;
    }
    radio_.start_receive();
    state_ = State::receiving;
    not_before_ms_ = now_ms;
}

// The radio stopped answering (fault event, overdue transmission or channel check): count it
// and start it afresh, with settings the host changed meanwhile.
void Modem::restart_radio(std::uint64_t now_ms) {
    ++stats_.radio_faults;
    state_ = State::unconfigured;
    if (settings_pending_) {
        apply_pending_settings(now_ms);
        return;
    }
    configure_radio(now_ms);
}

// --- air side ------------------------------------------------------------------------------

void Modem::poll_radio(std::uint64_t now_ms) {
    if (state_ == State::unconfigured) return;
    for (std::size_t i = 0; i < kRadioEventsPerStep; ++i) {
        RadioEvent event = radio_.poll(radio_buffer_, sizeof radio_buffer_);
        switch (event.kind) {
            case RadioEvent::Kind::none:
                return;
            case RadioEvent::Kind::received:
                ++stats_.frames_received;
                stats_.bytes_received += event.length;
                stats_.last_rssi_dbm = event.rssi_dbm;
                stats_.last_snr_db = event.snr_db;
                send_to_host(static_cast<std::uint8_t>(KissCommand::data), radio_buffer_,
                             event.length);
                break;
            case RadioEvent::Kind::receive_error:
                ++stats_.receive_errors;
                break;
            case RadioEvent::Kind::transmit_done:
                if (state_ == State::transmitting) on_transmit_done(now_ms);
                break;
            case RadioEvent::Kind::channel_free:
            case RadioEvent::Kind::channel_busy:
                if (state_ == State::checking)
                    on_channel_answer(event.kind == RadioEvent::Kind::channel_busy, now_ms);
                break;
            case RadioEvent::Kind::fault:
                restart_radio(now_ms);
                return;
        }
    }
}

void Modem::on_transmit_done(std::uint64_t now_ms) {
    state_ = State::receiving;
    not_before_ms_ = now_ms;
    if (settings_pending_) {
        apply_pending_settings(now_ms);
        return;
    }
    radio_.start_receive();
}

// Drops frames that waited too long (duty cycle, busy channel); the host hears of each.
void Modem::expire_frames(std::uint64_t now_ms) {
    std::size_t expired = queue_.drop_older_than(now_ms, kMaxQueueAgeMs);
    if (expired > 0) hold_reported_ = false;
    for (std::size_t i = 0; i < expired; ++i) {
        ++stats_.frames_expired;
        send_drop_event(static_cast<std::uint8_t>(DropReason::expired), Precedence::normal);
    }
}

// Takes the front frame as far as it can go now: a frame the hour has no room for waits (the
// host is told once), otherwise the channel is checked.
void Modem::start_next_frame(std::uint64_t now_ms) {
    const QueuedFrame* frame = queue_.front();
    if (frame == nullptr) return;
    if (!settings_lawful_ || sub_band_ == nullptr) {
        drop_front(settings_lawful_ ? DropReason::no_sub_band : DropReason::unlawful_settings);
        return;
    }
    std::uint32_t airtime = airtime_ms(settings_, frame->length);
    std::uint32_t wait = duty_cycle_.wait_ms(now_ms, airtime);
    if (wait == UINT32_MAX) {
        drop_front(DropReason::never_fits);
        return;
    }
    if (wait > 0) {
        hold_for_duty_cycle(now_ms, wait);
        return;
    }
    hold_reported_ = false;
    radio_.start_channel_check();
    state_ = State::checking;
    check_deadline_ms_ = now_ms + kChannelCheckTimeoutMs;
}

void Modem::hold_for_duty_cycle(std::uint64_t now_ms, std::uint32_t wait) {
    not_before_ms_ = now_ms + wait;
    if (hold_reported_) return;
    hold_reported_ = true;
    ++stats_.duty_cycle_holds;
    std::uint8_t event[13];
    event[0] = kDutyCycleHoldEvent;
    put_u32(event + 1, wait);
    put_u32(event + 5, duty_cycle_.used_ms(now_ms));
    put_u32(event + 9, duty_cycle_.budget_ms());
    send_to_host(static_cast<std::uint8_t>(KissCommand::set_hardware), event, sizeof event);
}

void Modem::drop_front(DropReason reason) {
    Precedence precedence = queue_.front()->precedence;
    queue_.pop();
    hold_reported_ = false;
    send_drop_event(static_cast<std::uint8_t>(reason), precedence);
}

void Modem::on_channel_answer(bool busy, std::uint64_t now_ms) {
    const QueuedFrame* frame = queue_.front();
    state_ = State::receiving;
    if (frame == nullptr) {  // expired or displaced meanwhile
        radio_.start_receive();
        return;
    }
    if (busy) {
        ++stats_.channel_busy;
        std::uint32_t delay = listen_.on_busy();
        radio_.start_receive();
        if (delay == 0) {
            ++stats_.channel_gave_up;
            listen_.start_frame();
            drop_front(DropReason::channel_busy);
            return;
        }
        not_before_ms_ = now_ms + delay;
        return;
    }
    transmit_front(*frame, now_ms);
}

void Modem::transmit_front(const QueuedFrame& frame, std::uint64_t now_ms) {
    std::uint32_t airtime = airtime_ms(settings_, frame.length);
    // Checked again: the budget was checked before the channel check, but a setting may have
    // changed in between.
    if (!duty_cycle_.allows(now_ms, airtime) || !radio_.start_transmit(frame.data, frame.length)) {
        radio_.start_receive();
        not_before_ms_ = now_ms + (duty_cycle_.allows(now_ms, airtime) ? kConfigureRetryMs : 0);
        return;
    }
    duty_cycle_.record(now_ms, airtime);
    ++stats_.frames_sent;
    stats_.bytes_sent += frame.length;
    stats_.airtime_ms += airtime;
    listen_.start_frame();
    queue_.pop();
    hold_reported_ = false;
    state_ = State::transmitting;
    transmit_deadline_ms_ = now_ms + airtime + kTransmitGraceMs;
}

}  // namespace baken::modem
