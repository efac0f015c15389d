// See modem_serial_harness.h.
#include "fuzz/modem_serial_harness.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "core/duty_cycle.h"
#include "core/kiss_commands.h"
#include "core/kiss_serial.h"
#include "core/lora_airtime.h"
#include "core/modem.h"
#include "core/radio.h"
#include "core/radio_settings.h"
#include "core/uart.h"
#include "fuzz/invariant.h"

namespace baken::fuzz {
namespace {

using modem::KissCommand;
using modem::RadioEvent;
using modem::RadioSettings;

constexpr std::size_t kMaxChunkBytes = 7;
constexpr std::uint64_t kHourMs = 3'600'000;
constexpr std::array<std::uint64_t, 7> kClockSteps = {1, 10, 100, 1000, 10'000, 60'000, 600'000};
constexpr std::array<std::uint64_t, 4> kClockStarts = {0, kHourMs + 7, (1ULL << 32) + 3,
                                                       1ULL << 40};
constexpr std::uint8_t kSetHardwareType = static_cast<std::uint8_t>(KissCommand::set_hardware);

std::size_t chunk_size(std::uint8_t b) {
    return 1 + std::size_t{b} * b / 32;
}

// One transmission as the radio saw it.
struct OnAir {
    std::uint64_t start_us;
    std::uint64_t end_us;
    const modem::SubBand* sub_band;
};

// The radio: every channel check is free, every transmission ends after its time on air.
// Checks what the modem asks of it as it is asked.
class FakeRadio final : public modem::Radio {
  public:
    explicit FakeRadio(const std::uint64_t& now_ms) : now_ms_(now_ms) {}

    bool configure(const RadioSettings& settings) override {
        require(!transmitting_, "a radio that always answers is never reconfigured mid-frame");
        require(modem::check_settings(settings) == modem::SettingsError::ok,
                "the radio is configured only with lawful settings",
                modem::settings_error_name(modem::check_settings(settings)));
        settings_ = settings;
        configured_ = true;
        channel_free_ = false;
        answer_pending_ = false;
        return true;
    }
    void start_receive() override {
        require(configured_, "the radio receives only once configured");
        channel_free_ = false;
    }
    void start_channel_check() override {
        require(configured_, "the channel is checked only once configured");
        require(!transmitting_, "no channel check while a frame is on the air");
        answer_pending_ = true;
        channel_free_ = false;
    }
    bool start_transmit(const std::uint8_t* data, std::size_t length) override {
        require(!transmitting_, "no transmission starts while a frame is on the air");
        require(channel_free_, "a transmission follows a free answer to a channel check");
        require(length >= 1 && length <= modem::kMaxLoraPayload,
                "a frame on the air has 1..255 bytes");
        const modem::SubBand* band =
            modem::sub_band_for(settings_.frequency_hz, settings_.bandwidth_hz);
        require(band != nullptr, "the modem transmits only inside a known sub-band");
        const std::uint64_t start_us = now_ms_ * 1000;
        const std::uint64_t airtime_us =
            modem::lora_time_on_air_us(settings_, static_cast<std::uint16_t>(length));
        on_air_.push_back({start_us, start_us + airtime_us, band});
        sent_.emplace_back(reinterpret_cast<const char*>(data), length);
        transmitting_ = true;
        channel_free_ = false;
        ends_at_us_ = start_us + airtime_us;
        return true;
    }
    RadioEvent poll(std::uint8_t*, std::size_t) override {
        RadioEvent event;
        if (transmitting_ && now_ms_ * 1000 >= ends_at_us_) {
            transmitting_ = false;
            event.kind = RadioEvent::Kind::transmit_done;
        } else if (answer_pending_) {
            answer_pending_ = false;
            channel_free_ = true;
            event.kind = RadioEvent::Kind::channel_free;
        }
        return event;
    }

    // Something will happen at the next poll (or at the end of the frame on the air).
    bool busy() const { return transmitting_ || answer_pending_; }
    std::uint64_t frame_ends_ms() const { return (ends_at_us_ + 999) / 1000; }
    const std::vector<OnAir>& on_air() const { return on_air_; }
    const std::vector<std::string>& sent() const { return sent_; }

  private:
    const std::uint64_t& now_ms_;
    RadioSettings settings_;
    bool configured_ = false;
    bool transmitting_ = false;
    bool answer_pending_ = false;
    bool channel_free_ = false;  // the last check answered free, and nothing happened since
    std::uint64_t ends_at_us_ = 0;
    std::vector<OnAir> on_air_;
    std::vector<std::string> sent_;
};

// The host's side of the serial port: what it wrote (handed out as the modem reads) and what
// it read back.
class FakeUart final : public modem::Uart {
  public:
    std::size_t read(std::uint8_t* buffer, std::size_t capacity) override {
        const std::size_t n = std::min(capacity, arrived_.size() - read_);
        if (n > 0) std::memcpy(buffer, arrived_.data() + read_, n);
        read_ += n;
        return n;
    }
    std::size_t write(const std::uint8_t* data, std::size_t length) override {
        const std::size_t n = std::min(length, accepts_);
        output_.append(reinterpret_cast<const char*>(data), n);
        return n;
    }

    void arrive(const std::uint8_t* data, std::size_t length) {
        arrived_.append(reinterpret_cast<const char*>(data), length);
    }
    bool unread() const { return read_ < arrived_.size(); }
    void accept(std::size_t per_write) { accepts_ = per_write; }
    const std::string& output() const { return output_; }

  private:
    std::string arrived_;
    std::size_t read_ = 0;
    std::size_t accepts_ = SIZE_MAX;
    std::string output_;
};

std::size_t accepts_per_write(std::uint8_t reads_choice) {
    switch (static_cast<HostReads>(reads_choice)) {
        case HostReads::everything:
            return SIZE_MAX;
        case HostReads::one_byte:
            return 1;
        case HostReads::bytes_37:
            return 37;
        case HostReads::not_at_all:
            return 0;
    }
    return SIZE_MAX;
}

// What the host sent, as a well-behaved KISS reader of it sees it.
struct HostInput {
    std::map<std::string, std::size_t> data;  // payload -> times sent
    std::size_t data_frames = 0;
    std::size_t commands = 0;
};

HostInput read_host_input(const std::uint8_t* stream, std::size_t size) {
    HostInput input;
    modem::KissSerialDecoder decoder;
    for (std::size_t i = 0; i < size; ++i) {
        modem::KissFrameView frame;
        if (!decoder.push(stream[i], frame) || frame.port != 0) continue;
        if (frame.command == static_cast<std::uint8_t>(KissCommand::data) && frame.length >= 1 &&
            frame.length <= modem::kMaxLoraPayload) {
            ++input.data[std::string(reinterpret_cast<const char*>(frame.payload), frame.length)];
            ++input.data_frames;
        }
        if (frame.command == kSetHardwareType && frame.length >= 1) ++input.commands;
    }
    return input;
}

// The length a reply or event with this op must have, or 0 for any length of at least 1.
std::size_t expected_length(std::uint8_t op) {
    std::uint8_t scratch[modem::kMaxKissPayload];
    switch (op) {
        case 0x81:
            return modem::encode_settings_reply(RadioSettings{}, scratch, sizeof scratch);
        case 0x82:
            return 3;  // op, status, key
        case 0x83:
            return modem::encode_stats_reply(modem::ModemStats{}, scratch, sizeof scratch);
        case 0x84:
            return 1;
        case 0x85:
            return 3;  // op, passed, total
        case 0x86:
            return 0;  // the version text
        case modem::kUnknownCommandReply:
            return 2;  // op, the unknown op
        case modem::kDutyCycleHoldEvent:
            return 13;  // op, wait, used, budget
        case modem::kFrameDroppedEvent:
            return 3;  // op, reason, precedence
        default:
            violated("the modem writes only the replies and events of kiss_commands.h");
    }
}

// Parses the modem's output strictly: (FEND type escaped(payload) FEND)*, and counts what
// came.
void check_output(const std::string& out, ModemSerialOutcome& outcome) {
    std::size_t i = 0;
    std::vector<std::uint8_t> body;
    while (i < out.size()) {
        require(static_cast<std::uint8_t>(out[i]) == modem::kFend,
                "the modem's output is whole KISS frames, nothing between them");
        ++i;
        body.clear();
        while (i < out.size() && static_cast<std::uint8_t>(out[i]) != modem::kFend) {
            auto b = static_cast<std::uint8_t>(out[i++]);
            if (b == modem::kFesc) {
                require(i < out.size(), "no frame written to the host ends inside an escape");
                const auto e = static_cast<std::uint8_t>(out[i++]);
                require(e == modem::kTfend || e == modem::kTfesc,
                        "every escape the modem writes is FESC TFEND or FESC TFESC");
                b = e == modem::kTfend ? modem::kFend : modem::kFesc;
            }
            body.push_back(b);
        }
        require(i < out.size(), "every frame written to the host is finished");
        ++i;  // the closing FEND
        require(body.size() >= 2, "every frame to the host has a type byte and a payload");
        require(body.size() - 1 <= modem::kMaxKissPayload,
                "no frame to the host is longer than kMaxKissPayload");
        require(body[0] != static_cast<std::uint8_t>(KissCommand::data),
                "no data frame to the host when nothing was heard on the air");
        require(body[0] == kSetHardwareType, "the modem writes on port 0 only");
        const std::uint8_t op = body[1];
        const std::size_t length = expected_length(op);
        require(length == 0 || body.size() - 1 == length,
                "a reply or event has the length kiss_commands.h gives it");
        if (op == modem::kDutyCycleHoldEvent) {
            ++outcome.holds;
        } else if (op == modem::kFrameDroppedEvent) {
            ++outcome.drops;
        } else {
            ++outcome.replies;
        }
    }
}

// Every frame on the air is a data frame the host sent, each at most once.
void check_sent(const FakeRadio& radio, HostInput& input) {
    for (const std::string& frame : radio.sent()) {
        auto it = input.data.find(frame);
        require(it != input.data.end() && it->second > 0,
                "every frame on the air is a data frame the host sent, sent at most once");
        --it->second;
    }
}

// In every sub-band, the time on air inside any hour stays within its budget. The sum over a
// window [t, t + 1 h) is piecewise linear in t, so its maximum is at a t where a frame starts
// or ends at the window's start or end: those are the windows checked.
void check_duty_cycle(const std::vector<OnAir>& all) {
    constexpr std::uint64_t hour_us = kHourMs * 1000;
    std::vector<const modem::SubBand*> bands;
    for (const OnAir& a : all) {
        if (std::find(bands.begin(), bands.end(), a.sub_band) == bands.end())
            bands.push_back(a.sub_band);
    }
    for (const modem::SubBand* band : bands) {
        std::vector<OnAir> frames;
        for (const OnAir& a : all) {
            if (a.sub_band == band) frames.push_back(a);
        }
        // Frames never overlap (one radio), so starts and ends are both in order.
        std::vector<std::uint64_t> prefix(frames.size() + 1, 0);
        for (std::size_t i = 0; i < frames.size(); ++i)
            prefix[i + 1] = prefix[i] + (frames[i].end_us - frames[i].start_us);
        auto within = [&](std::uint64_t from, std::uint64_t to) {  // time on air in [from, to)
            // Frames ending after `from` .. frames starting before `to`.
            const auto first = std::partition_point(
                frames.begin(), frames.end(), [&](const OnAir& a) { return a.end_us <= from; });
            const auto last = std::partition_point(frames.begin(), frames.end(),
                                                   [&](const OnAir& a) { return a.start_us < to; });
            if (first >= last) return std::uint64_t{0};
            const auto i = static_cast<std::size_t>(first - frames.begin());
            const auto j = static_cast<std::size_t>(last - frames.begin());
            std::uint64_t sum = prefix[j] - prefix[i];
            if (first->start_us < from) sum -= from - first->start_us;
            if ((last - 1)->end_us > to) sum -= (last - 1)->end_us - to;
            return sum;
        };
        const std::uint64_t budget_us = kHourMs * band->permille / 1000 * 1000;
        for (const OnAir& a : frames) {
            for (std::uint64_t t : {a.start_us, a.end_us}) {
                const std::uint64_t from = t >= hour_us ? t - hour_us : 0;
                if (within(t, t + hour_us) > budget_us || within(from, t) > budget_us) {
                    violated("the time on air in any hour stays within the sub-band's budget",
                             band->name);
                }
            }
        }
    }
}

}  // namespace

std::string modem_serial_input(HostReads reads, ClockStep step, std::uint8_t start_choice,
                               std::uint8_t seed, const std::vector<std::uint8_t>& chunk_bytes,
                               const std::string& stream) {
    const std::size_t n = std::min(chunk_bytes.size(), kMaxChunkBytes);
    std::string input;
    input.push_back(static_cast<char>(n | (static_cast<std::size_t>(reads) & 3) << 3 |
                                      (static_cast<std::size_t>(step) & 7) << 5));
    input.push_back(static_cast<char>((start_choice & 3) | (seed & 0x3F) << 2));
    for (std::size_t i = 0; i < n; ++i) input.push_back(static_cast<char>(chunk_bytes[i]));
    return input + stream;
}

ModemSerialOutcome fuzz_modem_serial(const std::uint8_t* data, std::size_t size) {
    const std::uint8_t h0 = size > 0 ? data[0] : 0;
    const std::uint8_t h1 = size > 1 ? data[1] : 0;
    const std::size_t header = std::min<std::size_t>(size, 2);
    const std::size_t n = std::min<std::size_t>(h0 & 7, size - header);
    std::vector<std::size_t> chunks;
    for (std::size_t i = 0; i < n; ++i) chunks.push_back(chunk_size(data[header + i]));
    if (chunks.empty()) chunks.push_back(1);
    const std::uint8_t* stream = data + header + n;
    const std::size_t stream_size = size - header - n;
    const std::uint8_t step_choice = (h0 >> 5) & 7;

    std::uint64_t now = kClockStarts[h1 & 3];
    FakeRadio radio(now);
    FakeUart uart;
    uart.accept(accepts_per_write((h0 >> 3) & 3));
    modem::Modem modem(radio, uart, RadioSettings{}, h1 >> 2);

    // To the modem's next deadline, or to the radio's next event when it has one coming (the
    // modem counts those as input, not deadlines).
    auto to_next_event = [&] {
        if (radio.busy()) return std::max(now + 1, radio.frame_ends_ms());
        return std::clamp(modem.next_deadline_ms(), now + 1, now + kHourMs);
    };
    auto advance = [&] {
        now = step_choice < kClockSteps.size() ? now + kClockSteps[step_choice] : to_next_event();
    };

    // The host writes: one chunk before each step.
    std::size_t fed = 0;
    for (std::size_t i = 0; fed < stream_size || uart.unread(); ++i) {
        const std::size_t chunk = std::min(chunks[i % chunks.size()], stream_size - fed);
        uart.arrive(stream + fed, chunk);
        fed += chunk;
        modem.step(now);
        advance();
    }

    // The host stops writing and reads everything; the modem works off its queue.
    uart.accept(SIZE_MAX);
    bool settled = false;
    for (std::size_t i = 0; i < kSettleSteps && !settled; ++i) {
        modem.step(now);
        if (radio.busy()) {
            now = to_next_event();
        } else if (modem.next_deadline_ms() != UINT64_MAX) {
            now = std::max(now, modem.next_deadline_ms());
        } else {
            settled = true;
        }
    }
    require(settled, "the modem settles once the host stops writing");

    HostInput input = read_host_input(stream, stream_size);
    ModemSerialOutcome outcome;
    outcome.data_frames_given = input.data_frames;
    outcome.commands_given = input.commands;
    outcome.on_air = radio.sent().size();
    check_output(uart.output(), outcome);
    require(outcome.replies <= input.commands, "replies never outnumber the commands sent");
    check_sent(radio, input);
    check_duty_cycle(radio.on_air());
    require(modem::check_settings(modem.settings()) == modem::SettingsError::ok,
            "the modem only ever takes lawful settings");
    const modem::ModemStats stats = modem.stats(now);
    outcome.oversized = stats.serial_oversized;
    outcome.bad_escape = stats.serial_bad_escape;
    return outcome;
}

}  // namespace baken::fuzz
