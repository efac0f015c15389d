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

// One transmission as the radio saw it: from its start for its whole time on air, even if it
// hung or the radio faulted meanwhile.
struct OnAir {
    std::uint64_t start_us;
    std::uint64_t end_us;
    const modem::SubBand* sub_band;
};

// The unreliable radio's choices: a counter through splitmix64's mixing function, seeded from
// the input, so an input always misbehaves the same way.
class Choices {
  public:
    explicit Choices(std::uint64_t seed) : counter_(seed) {}
    std::uint32_t below(std::uint32_t bound) {
        std::uint64_t z = (counter_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return static_cast<std::uint32_t>((z ^ (z >> 31)) % bound);
    }
    bool one_in(std::uint32_t n) { return below(n) == 0; }

  private:
    std::uint64_t counter_;
};

// The radio, behaving as the input chose (RadioBehaviour in the header). Checks what the
// modem asks of it as it is asked.
class FakeRadio final : public modem::Radio {
  public:
    FakeRadio(const std::uint64_t& now_ms, RadioBehaviour behaviour, std::uint64_t seed)
        : now_ms_(now_ms), behaviour_(behaviour), choices_(seed) {}

    void behave(RadioBehaviour behaviour) { behaviour_ = behaviour; }

    bool configure(const RadioSettings& settings) override {
        if (transmitting_) {
            require(faulted_ || (hung_ && now_ms_ * 1000 > ends_at_us_),
                    "the radio is reconfigured mid-transmission only when it faulted or the "
                    "transmission is overdue");
        }
        require(modem::check_settings(settings) == modem::SettingsError::ok,
                "the radio is configured only with lawful settings",
                modem::settings_error_name(modem::check_settings(settings)));
        // Accepted or not, a configure stops whatever the radio was doing.
        transmitting_ = false;
        hung_ = false;
        answer_pending_ = false;
        channel_free_ = false;
        listening_ = false;
        if (unreliable() && choices_.one_in(4)) {
            configured_ = false;
            return false;
        }
        settings_ = settings;
        configured_ = true;
        faulted_ = false;
        return true;
    }
    void start_receive() override {
        require(configured_, "the radio receives only once configured (after a fault, again)");
        require(!transmitting_, "the radio is not sent to receive while a frame is on the air");
        answer_pending_ = false;
        channel_free_ = false;
        listening_ = true;
    }
    void start_channel_check() override {
        require(configured_, "the channel is checked only once configured (after a fault, again)");
        require(!transmitting_, "no channel check while a frame is on the air");
        ++checks_;
        const bool lost =
            (behaviour_ == RadioBehaviour::lost_checks && checks_ % kMisbehaveEvery == 0) ||
            (unreliable() && choices_.one_in(8));
        answer_pending_ = !lost;
        channel_free_ = false;
        listening_ = false;
    }
    bool start_transmit(const std::uint8_t* data, std::size_t length) override {
        require(configured_, "the radio transmits only once configured (after a fault, again)");
        require(!transmitting_, "no transmission starts while a frame is on the air");
        require(channel_free_, "a transmission follows a free answer to a channel check");
        require(length >= 1 && length <= modem::kMaxLoraPayload,
                "a frame on the air has 1..255 bytes");
        const modem::SubBand* band =
            modem::sub_band_for(settings_.frequency_hz, settings_.bandwidth_hz);
        require(band != nullptr, "the modem transmits only inside a known sub-band");
        channel_free_ = false;
        listening_ = false;
        if (unreliable() && choices_.one_in(8)) return false;  // refused: nothing sent
        const std::uint64_t start_us = now_ms_ * 1000;
        const std::uint64_t airtime_us =
            modem::lora_time_on_air_us(settings_, static_cast<std::uint16_t>(length));
        on_air_.push_back({start_us, start_us + airtime_us, band});
        sent_.emplace_back(reinterpret_cast<const char*>(data), length);
        ++transmissions_;
        transmitting_ = true;
        hung_ = (behaviour_ == RadioBehaviour::hung_transmissions &&
                 transmissions_ % kMisbehaveEvery == 0) ||
                (unreliable() && choices_.one_in(8));
        ends_at_us_ = start_us + airtime_us;
        return true;
    }
    RadioEvent poll(std::uint8_t* buffer, std::size_t capacity) override {
        RadioEvent event;
        if (!configured_) return event;  // a faulted or refusing radio says nothing
        if (unreliable() && choices_.one_in(32)) {
            configured_ = false;  // until the modem configures it again
            faulted_ = true;
            answer_pending_ = false;
            channel_free_ = false;
            listening_ = false;
            event.kind = RadioEvent::Kind::fault;
        } else if (transmitting_ && !hung_ && now_ms_ * 1000 >= ends_at_us_) {
            transmitting_ = false;
            event.kind = RadioEvent::Kind::transmit_done;
        } else if (answer_pending_) {
            answer_pending_ = false;
            const bool busy = unreliable() && choices_.one_in(4);
            channel_free_ = !busy;
            event.kind = busy ? RadioEvent::Kind::channel_busy : RadioEvent::Kind::channel_free;
        } else if (listening_ && unreliable() && choices_.one_in(8)) {
            const std::size_t length = 1 + choices_.below(modem::kMaxLoraPayload);
            require(capacity >= modem::kMaxLoraPayload,
                    "the modem polls with room for the largest LoRa frame");
            std::string frame;
            for (std::size_t i = 0; i < length; ++i)
                frame.push_back(static_cast<char>(choices_.below(256)));
            std::memcpy(buffer, frame.data(), length);
            heard_.push_back(frame);
            event.kind = RadioEvent::Kind::received;
            event.length = static_cast<std::uint16_t>(length);
        }
        return event;
    }

    // Something will happen at the next poll (or at the end of the frame on the air).
    bool busy() const { return (transmitting_ && !hung_) || answer_pending_; }
    std::uint64_t frame_ends_ms() const { return (ends_at_us_ + 999) / 1000; }
    const std::vector<OnAir>& on_air() const { return on_air_; }
    const std::vector<std::string>& sent() const { return sent_; }
    const std::vector<std::string>& heard() const { return heard_; }

  private:
    bool unreliable() const { return behaviour_ == RadioBehaviour::unreliable; }

    const std::uint64_t& now_ms_;
    RadioBehaviour behaviour_;
    Choices choices_;
    RadioSettings settings_;
    bool configured_ = false;
    bool faulted_ = false;       // reported `fault`, not configured since
    bool transmitting_ = false;  // a frame is on the air (or the radio hangs sending it)
    bool hung_ = false;          // ... and its transmit_done will never come
    bool answer_pending_ = false;
    bool channel_free_ = false;  // the last check answered free, and nothing happened since
    bool listening_ = false;     // start_receive(), and nothing else since
    std::size_t checks_ = 0;
    std::size_t transmissions_ = 0;
    std::uint64_t ends_at_us_ = 0;
    std::vector<OnAir> on_air_;
    std::vector<std::string> sent_;
    std::vector<std::string> heard_;
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
    std::size_t data_frames = 0;              // of 1..255 bytes
    std::size_t nonempty_data = 0;            // of any length >= 1: each gets on air or an event
    std::size_t commands = 0;
    std::size_t stats_resets = 0;  // reset_stats commands: counters start again
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
        if (frame.command == static_cast<std::uint8_t>(KissCommand::data) && frame.length >= 1)
            ++input.nonempty_data;
        if (frame.command == kSetHardwareType && frame.length >= 1) {
            ++input.commands;
            if (frame.payload[0] == static_cast<std::uint8_t>(modem::CommandOp::reset_stats))
                ++input.stats_resets;
        }
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
void check_output(const std::string& out, ModemSerialOutcome& outcome,
                  std::vector<std::string>& data_to_host) {
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
        if (body[0] == static_cast<std::uint8_t>(KissCommand::data)) {
            data_to_host.emplace_back(body.begin() + 1, body.end());
            continue;
        }
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

// The data frames the host read are frames the radio heard, whole, in the order heard.
void check_heard(const std::vector<std::string>& heard, const std::vector<std::string>& to_host) {
    std::size_t next = 0;
    for (const std::string& frame : to_host) {
        while (next < heard.size() && heard[next] != frame) ++next;
        require(next < heard.size(),
                "every data frame to the host is a frame heard on the air, in the order heard");
        ++next;
    }
}

// Time on air before t of frames that may overlap (a transmission after a fault may start
// before the faulted one's time on air would have ended): sum(min(t, end)) - sum(min(t, start)),
// from sorted starts and ends with prefix sums. The sums wrap modulo 2^64 for late clocks; their
// difference, the true (small) figure, does not.
class AirtimeBefore {
  public:
    explicit AirtimeBefore(const std::vector<OnAir>& frames) {
        for (const OnAir& a : frames) {
            starts_.push_back(a.start_us);
            ends_.push_back(a.end_us);
        }
        std::sort(starts_.begin(), starts_.end());
        std::sort(ends_.begin(), ends_.end());
        start_sums_ = prefix_sums(starts_);
        end_sums_ = prefix_sums(ends_);
    }
    std::uint64_t operator()(std::uint64_t t) const {
        return sum_of_min(ends_, end_sums_, t) - sum_of_min(starts_, start_sums_, t);
    }

  private:
    static std::vector<std::uint64_t> prefix_sums(const std::vector<std::uint64_t>& sorted) {
        std::vector<std::uint64_t> sums(sorted.size() + 1, 0);
        for (std::size_t i = 0; i < sorted.size(); ++i) sums[i + 1] = sums[i] + sorted[i];
        return sums;
    }
    static std::uint64_t sum_of_min(const std::vector<std::uint64_t>& sorted,
                                    const std::vector<std::uint64_t>& sums, std::uint64_t t) {
        const auto below = static_cast<std::size_t>(
            std::upper_bound(sorted.begin(), sorted.end(), t) - sorted.begin());
        return sums[below] + (sorted.size() - below) * t;
    }

    std::vector<std::uint64_t> starts_, ends_, start_sums_, end_sums_;
};

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
        const AirtimeBefore before(frames);
        const std::uint64_t budget_us = kHourMs * band->permille / 1000 * 1000;
        for (const OnAir& a : frames) {
            for (std::uint64_t t : {a.start_us, a.end_us}) {
                const std::uint64_t from = t >= hour_us ? t - hour_us : 0;
                if (before(t + hour_us) - before(t) > budget_us ||
                    before(t) - before(from) > budget_us) {
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
                               const std::string& stream, RadioBehaviour radio) {
    const std::size_t n = std::min(chunk_bytes.size(), kMaxChunkBytes);
    std::string input;
    input.push_back(static_cast<char>(n | (static_cast<std::size_t>(reads) & 3) << 3 |
                                      (static_cast<std::size_t>(step) & 7) << 5));
    input.push_back(static_cast<char>((start_choice & 3) | (seed & 0x0F) << 2 |
                                      (static_cast<std::size_t>(radio) & 3) << 6));
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
    const std::uint8_t seed = (h1 >> 2) & 0x0F;

    std::uint64_t now = kClockStarts[h1 & 3];
    FakeRadio radio(now, static_cast<RadioBehaviour>(h1 >> 6), std::uint64_t{h0} << 8 | h1);
    FakeUart uart;
    uart.accept(accepts_per_write((h0 >> 3) & 3));
    modem::Modem modem(radio, uart, RadioSettings{}, seed);

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

    // The host stops writing and reads everything; the radio answers again; the modem works
    // off its queue, recovering from whatever the radio left hanging by its own deadlines.
    radio.behave(RadioBehaviour::answers);
    uart.accept(SIZE_MAX);
    const std::uint64_t settle_from = now;
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
    require(now - settle_from <= modem::Modem::kMaxQueueAgeMs + 60'000,
            "the modem settles within kMaxQueueAgeMs (+ 1 min) once the host stops writing");

    HostInput input = read_host_input(stream, stream_size);
    ModemSerialOutcome outcome;
    outcome.data_frames_given = input.data_frames;
    outcome.commands_given = input.commands;
    outcome.on_air = radio.sent().size();
    outcome.heard = radio.heard().size();
    std::vector<std::string> data_to_host;
    check_output(uart.output(), outcome, data_to_host);
    outcome.data_to_host = data_to_host.size();
    require(outcome.replies <= input.commands, "replies never outnumber the commands sent");
    check_sent(radio, input);
    check_heard(radio.heard(), data_to_host);
    check_duty_cycle(radio.on_air());
    require(modem::check_settings(modem.settings()) == modem::SettingsError::ok,
            "the modem only ever takes lawful settings");
    const modem::ModemStats stats = modem.stats(now);
    outcome.oversized = stats.serial_oversized;
    outcome.bad_escape = stats.serial_bad_escape;
    outcome.radio_faults = stats.radio_faults;

    // Liveness: the queue is empty (next_deadline_ms() is UINT64_MAX only then), so every frame
    // the host gave went on the air or was reported dropped; only a full serial backlog (a
    // host not reading) may have swallowed a report, or a heard frame, and those are counted.
    require(outcome.on_air + outcome.drops <= input.nonempty_data,
            "each data frame from the host goes on the air or is reported dropped, not both");
    if (input.stats_resets == 0) {
        const std::size_t unreported = input.nonempty_data - outcome.on_air - outcome.drops;
        const std::size_t undelivered = outcome.heard - outcome.data_to_host;
        require(unreported + undelivered <= stats.serial_overflow,
                "once settled, every data frame from the host went on the air or was reported "
                "dropped, and every frame heard reached the host (save what serial_overflow "
                "counts)");
        require(stats.frames_received == outcome.heard,
                "the modem counts every frame the radio heard");
    }
    return outcome;
}

}  // namespace baken::fuzz
