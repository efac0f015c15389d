// The modem's behaviour between a host on its UART and a radio: frames go on air after a
// channel check, frames heard go to the host, commands are answered, the duty cycle holds
// frames (and says so), a busy channel backs off, urgent frames overtake, a hung radio is
// restarted. The radio and UART are test doubles of the hardware boundary (radio.h, uart.h).
#include "core/modem.h"

#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

#include "core/kiss_commands.h"
#include "core/lora_airtime.h"

namespace baken::modem {
namespace {

struct SentFrame {
    std::uint64_t at_ms;
    std::string bytes;
    RadioSettings settings;
};

// A radio whose transmissions end after their real airtime and whose channel checks answer
// from a script (free when the script is empty).
class FakeRadio final : public Radio {
  public:
    bool configure(const RadioSettings& settings) override {
        ++configures;
        if (refuse_configure) return false;
        settings_ = settings;
        return true;
    }
    void start_receive() override { ++receives; }
    void start_channel_check() override {
        if (swallow_checks) {  // the answer never comes
            ++checks;
            return;
        }
        bool busy = !busy_answers.empty() && busy_answers.front();
        if (!busy_answers.empty()) busy_answers.pop_front();
        ++checks;
        pending.push_back(RadioEvent{
            busy ? RadioEvent::Kind::channel_busy : RadioEvent::Kind::channel_free, 0, 0, 0});
    }
    bool start_transmit(const std::uint8_t* data, std::size_t length) override {
        sent.push_back({*now, std::string(reinterpret_cast<const char*>(data), length), settings_});
        transmit_ends_at = *now + lora_time_on_air_us(settings_, length) / 1000;
        transmitting = true;
        return true;
    }
    RadioEvent poll(std::uint8_t* buffer, std::size_t capacity) override {
        if (transmitting && !hang && *now >= transmit_ends_at) {
            transmitting = false;
            return RadioEvent{RadioEvent::Kind::transmit_done, 0, 0, 0};
        }
        if (!pending.empty()) {
            RadioEvent event = pending.front();
            pending.pop_front();
            return event;
        }
        if (!heard.empty() && heard.front().size() <= capacity) {
            std::string frame = heard.front();
            heard.pop_front();
            std::copy(frame.begin(), frame.end(), buffer);
            return RadioEvent{RadioEvent::Kind::received, static_cast<std::uint16_t>(frame.size()),
                              -97, 6};
        }
        return {};
    }

    const std::uint64_t* now = nullptr;
    bool refuse_configure = false;
    bool hang = false;            // never reports transmit_done
    bool swallow_checks = false;  // never answers a channel check
    int configures = 0, receives = 0, checks = 0;
    std::deque<bool> busy_answers;
    std::deque<std::string> heard;
    std::deque<RadioEvent> pending;
    std::vector<SentFrame> sent;
    bool transmitting = false;
    std::uint64_t transmit_ends_at = 0;

  private:
    RadioSettings settings_;
};

class FakeUart final : public Uart {
  public:
    std::size_t read(std::uint8_t* buffer, std::size_t capacity) override {
        std::size_t n = std::min(capacity, input.size());
        std::copy(input.begin(), input.begin() + static_cast<std::ptrdiff_t>(n), buffer);
        input.erase(0, n);
        return n;
    }
    std::size_t write(const std::uint8_t* data, std::size_t length) override {
        std::size_t n = std::min(length, accepts);
        output.append(reinterpret_cast<const char*>(data), n);
        return n;
    }
    std::string input, output;
    std::size_t accepts = SIZE_MAX;
};

struct HostFrame {
    std::uint8_t type;
    std::string payload;
};

std::string kiss(std::uint8_t type, const std::string& payload) {
    std::vector<std::uint8_t> out(2 * payload.size() + 4);
    std::size_t n = kiss_encode(type, reinterpret_cast<const std::uint8_t*>(payload.data()),
                                payload.size(), out.data(), out.size());
    return std::string(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n));
}

std::vector<HostFrame> decode(const std::string& wire) {
    KissSerialDecoder decoder;
    std::vector<HostFrame> frames;
    for (char c : wire) {
        KissFrameView frame;
        if (!decoder.push(static_cast<std::uint8_t>(c), frame)) continue;
        frames.push_back({static_cast<std::uint8_t>(frame.port << 4 | frame.command),
                          std::string(reinterpret_cast<const char*>(frame.payload), frame.length)});
    }
    return frames;
}

std::uint32_t be32(const std::string& s, std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<std::uint8_t>(s[at])) << 24 |
           static_cast<std::uint32_t>(static_cast<std::uint8_t>(s[at + 1])) << 16 |
           static_cast<std::uint32_t>(static_cast<std::uint8_t>(s[at + 2])) << 8 |
           static_cast<std::uint32_t>(static_cast<std::uint8_t>(s[at + 3]));
}

// A modem on its fakes with a clock the test moves.
struct Rig {
    explicit Rig(RadioSettings settings = {}) : modem(radio, uart, settings, 1234) {
        radio.now = &now;
    }
    // Steps every `tick` ms until `until` (bounded: at most 10 million steps).
    void run_until(std::uint64_t until, std::uint64_t tick = 10) {
        for (int i = 0; i < 10'000'000 && now < until; ++i) {
            modem.step(now);
            now += tick;
        }
        modem.step(now);
    }
    void host_sends(std::uint8_t type, const std::string& payload) {
        uart.input += kiss(type, payload);
    }
    std::vector<HostFrame> to_host() const { return decode(uart.output); }

    std::uint64_t now = 0;
    FakeRadio radio;
    FakeUart uart;
    Modem modem;
};

std::string bytes(std::initializer_list<int> list) {
    std::string s;
    for (int b : list) s += static_cast<char>(b);
    return s;
}

TEST(Modem, SendsAHostDataFrameAfterTheChannelIsFree) {
    Rig rig;
    rig.host_sends(0x00, "hello air");
    rig.run_until(1000);
    ASSERT_EQ(rig.radio.sent.size(), 1u);
    EXPECT_EQ(rig.radio.sent[0].bytes, "hello air");
    EXPECT_EQ(rig.radio.checks, 1);
    auto stats = rig.modem.stats(rig.now);
    EXPECT_EQ(stats.frames_sent, 1u);
    EXPECT_EQ(stats.bytes_sent, 9u);
    // SF9 125 kHz 4/5, 9 bytes: (8 + 4.25 + 8 + 2*5) symbols of 4.096 ms = 124 ms, rounded up.
    EXPECT_EQ(stats.airtime_ms, (lora_time_on_air_us(RadioSettings{}, 9) + 999) / 1000);
    EXPECT_EQ(stats.duty_cycle_used_ms, stats.airtime_ms);
    EXPECT_EQ(stats.duty_cycle_budget_ms, 360'000u);
}

TEST(Modem, PassesFramesHeardOnTheAirToTheHostAsKissData) {
    Rig rig;
    rig.radio.heard.push_back(bytes({0xBA, 0xC0, 0xDB, 0x01}));
    rig.run_until(100);
    auto frames = rig.to_host();
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].type, 0x00);
    EXPECT_EQ(frames[0].payload, bytes({0xBA, 0xC0, 0xDB, 0x01}));
    auto stats = rig.modem.stats(rig.now);
    EXPECT_EQ(stats.frames_received, 1u);
    EXPECT_EQ(stats.last_rssi_dbm, -97);
    EXPECT_EQ(stats.last_snr_db, 6);
}

TEST(Modem, AcceptsAndIgnoresTheAfskTncParametersBakendSends) {
    Rig rig;
    for (int command = 1; command <= 5; ++command)
        rig.host_sends(static_cast<std::uint8_t>(command), std::string(1, '\x1e'));
    rig.run_until(100);
    EXPECT_TRUE(rig.to_host().empty());
    EXPECT_TRUE(rig.radio.sent.empty());
    EXPECT_EQ(rig.modem.stats(rig.now).serial_unknown, 0u);
}

TEST(Modem, CountsFramesForOtherPortsAsUnknown) {
    Rig rig;
    rig.host_sends(0x10, "port one");
    rig.run_until(100);
    EXPECT_TRUE(rig.radio.sent.empty());
    EXPECT_EQ(rig.modem.stats(rig.now).serial_unknown, 1u);
}

TEST(Modem, AnswersGetVersion) {
    Rig rig;
    rig.host_sends(0x06, bytes({0x06}));
    rig.run_until(100);
    auto frames = rig.to_host();
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].type, 0x06);
    EXPECT_EQ(frames[0].payload.substr(0, 1), bytes({0x86}));
    EXPECT_NE(frames[0].payload.find("baken-lora-modem"), std::string::npos);
}

TEST(Modem, AnswersAnUnknownCommandWithItsOpcode) {
    Rig rig;
    rig.host_sends(0x06, bytes({0x42}));
    rig.run_until(100);
    auto frames = rig.to_host();
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].payload, bytes({0xFF, 0x42}));
}

TEST(Modem, RunsItsSelfTestOnCommand) {
    Rig rig;
    rig.host_sends(0x06, bytes({0x05}));
    rig.run_until(100);
    auto frames = rig.to_host();
    ASSERT_EQ(frames.size(), 1u);
    ASSERT_EQ(frames[0].payload.size(), 3u);
    EXPECT_EQ(frames[0].payload[0], '\x85');
    EXPECT_GT(frames[0].payload[2], 0);
    EXPECT_EQ(frames[0].payload[1], frames[0].payload[2]) << "passed == total";
}

TEST(Modem, ReconfiguresTheRadioWhenTheHostChangesTheFrequency) {
    Rig rig;
    rig.run_until(10);
    int before = rig.radio.configures;
    // set_settings frequency_hz = 868 100 000 (0x33BE_2D20... big-endian i32)
    std::uint32_t hz = 868'100'000;
    rig.host_sends(
        0x06, bytes({0x02, 0x01, static_cast<int>(hz >> 24), static_cast<int>((hz >> 16) & 0xFF),
                     static_cast<int>((hz >> 8) & 0xFF), static_cast<int>(hz & 0xFF)}));
    rig.run_until(100);
    EXPECT_EQ(rig.radio.configures, before + 1);
    EXPECT_EQ(rig.modem.settings().frequency_hz, hz);
    auto frames = rig.to_host();
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].payload, bytes({0x82, 0x00, 0x00}));
    // The 1 % sub-band now: 36 s an hour.
    EXPECT_EQ(rig.modem.stats(rig.now).duty_cycle_budget_ms, 36'000u);
}

TEST(Modem, RefusesAnUnlawfulSettingAndKeepsTheOldOnes) {
    Rig rig;
    rig.run_until(10);
    int before = rig.radio.configures;
    // spreading factor 13
    rig.host_sends(0x06, bytes({0x02, 0x02, 0x00, 0x00, 0x00, 13}));
    rig.run_until(100);
    EXPECT_EQ(rig.radio.configures, before);
    EXPECT_EQ(rig.modem.settings().spreading_factor, 9);
    auto frames = rig.to_host();
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].payload,
              bytes({0x82, static_cast<int>(SettingsError::spreading_factor), 0x02}));
}

TEST(Modem, AppliesNewSettingsOnlyAfterTheFrameOnTheAirHasGone) {
    Rig rig;
    rig.host_sends(0x00, std::string(200, 'x'));
    rig.run_until(50);  // on the air now (SF9: ~1 s)
    ASSERT_TRUE(rig.radio.transmitting);
    int before = rig.radio.configures;
    rig.host_sends(0x06, bytes({0x02, 0x02, 0x00, 0x00, 0x00, 7}));
    rig.run_until(100);
    EXPECT_EQ(rig.radio.configures, before) << "not while transmitting";
    rig.run_until(3000);
    EXPECT_EQ(rig.radio.configures, before + 1);
    EXPECT_EQ(rig.modem.settings().spreading_factor, 7);
}

TEST(Modem, SendsUrgentFramesBeforeQueuedNormalOnes) {
    Rig rig;
    rig.host_sends(0x00, std::string(100, 'a'));
    rig.run_until(50);                                                  // 'a' is on the air
    rig.host_sends(0x00, std::string(100, 'b'));                        // waits
    rig.host_sends(0x00, bytes({0xBA, 0x25, 1, 2, 3, 4, 5, 6, 7, 8}));  // urgent link data
    rig.run_until(10'000);
    ASSERT_EQ(rig.radio.sent.size(), 3u);
    EXPECT_EQ(rig.radio.sent[0].bytes[0], 'a');
    EXPECT_EQ(rig.radio.sent[1].bytes, bytes({0xBA, 0x25, 1, 2, 3, 4, 5, 6, 7, 8}));
    EXPECT_EQ(rig.radio.sent[2].bytes[0], 'b');
}

TEST(Modem, BacksOffWhileTheChannelIsBusyThenSends) {
    Rig rig;
    rig.radio.busy_answers = {true, true, true};
    rig.host_sends(0x00, "after the others");
    rig.run_until(30'000, 1);
    ASSERT_EQ(rig.radio.sent.size(), 1u);
    EXPECT_EQ(rig.radio.checks, 4);
    EXPECT_EQ(rig.modem.stats(rig.now).channel_busy, 3u);
    // backoff_min 100 ms, doubling: at least 100 + 100 + 100 ms after the first check.
    EXPECT_GE(rig.radio.sent[0].at_ms, 300u);
}

TEST(Modem, GivesAFrameUpAfterTooManyBusyAnswersAndSaysSo) {
    Rig rig;
    rig.radio.busy_answers = std::deque<bool>(8, true);
    rig.host_sends(0x00, "never");
    rig.run_until(120'000);
    EXPECT_TRUE(rig.radio.sent.empty());
    auto stats = rig.modem.stats(rig.now);
    EXPECT_EQ(stats.channel_busy, 8u);
    EXPECT_EQ(stats.channel_gave_up, 1u);
    auto frames = rig.to_host();
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].payload, bytes({0xA1, static_cast<int>(DropReason::channel_busy), 0x00}));
}

// 868.1 MHz is in the 1 % sub-band: 36 s an hour. SF12 frames of 200 bytes take ~6.6 s, so the
// host's steady stream must wait; over two simulated hours no hour may exceed 36 s, the host
// is told each time a frame starts to wait, and sending resumes when the hour frees up.
TEST(Modem, HoldsFramesAtTheDutyCycleAndResumesWhenTheHourFreesUp) {
    RadioSettings settings;
    settings.frequency_hz = 868'100'000;
    settings.spreading_factor = 12;
    Rig rig(settings);
    const std::uint64_t two_hours = 2 * 3'600'000;
    int offered = 0;
    for (std::uint64_t t = 0; t < two_hours; t += 60'000) {
        // One frame a minute, far more than the budget allows (the queue refuses what it
        // cannot hold; that is counted, not tested here).
        rig.host_sends(0x00, std::string(200, static_cast<char>('A' + offered % 26)));
        ++offered;
        rig.run_until(t + 60'000, 50);
    }
    const auto& sent = rig.radio.sent;
    ASSERT_GT(sent.size(), 5u);
    std::uint32_t airtime = (lora_time_on_air_us(settings, 200) + 999) / 1000;
    // Every exact sliding hour, ending at each frame's end.
    for (const auto& last : sent) {
        std::uint64_t end = last.at_ms + airtime;
        std::uint64_t used = 0;
        for (const auto& f : sent)
            if (f.at_ms + airtime > end - std::min<std::uint64_t>(end, 3'600'000) && f.at_ms < end)
                used += airtime;
        EXPECT_LE(used, 36'000u) << "hour ending at " << end;
    }
    auto stats = rig.modem.stats(rig.now);
    EXPECT_GT(stats.duty_cycle_holds, 0u);
    // Frames sent in the second hour: the budget freed up.
    bool resumed = false;
    for (const auto& f : sent) resumed = resumed || f.at_ms > 3'600'000;
    EXPECT_TRUE(resumed);
    // The host heard about the first hold: wait, used and budget.
    bool told = false;
    for (const auto& frame : rig.to_host()) {
        if (frame.type != 0x06 || frame.payload.size() != 13 || frame.payload[0] != '\xA0')
            continue;
        told = true;
        EXPECT_GT(be32(frame.payload, 1), 0u);
        EXPECT_LE(be32(frame.payload, 5), 36'000u);
        EXPECT_EQ(be32(frame.payload, 9), 36'000u);
    }
    EXPECT_TRUE(told);
    std::printf(
        "1 %% sub-band, SF12, 200 B frames of %u ms: %zu of %d sent in 2 h, %u holds, "
        "%u expired\n",
        airtime, sent.size(), offered, stats.duty_cycle_holds, stats.frames_expired);
}

TEST(Modem, DropsFramesThatCouldNeverFitTheHour) {
    // 0.1 % sub-band (868.7–869.2 MHz): 3.6 s an hour; a 255-byte SF12 frame takes ~9 s.
    RadioSettings settings;
    settings.frequency_hz = 869'000'000;
    settings.spreading_factor = 12;
    settings.tx_power_dbm = 10;
    Rig rig(settings);
    rig.host_sends(0x00, std::string(255, 'z'));
    rig.run_until(1000);
    EXPECT_TRUE(rig.radio.sent.empty());
    auto frames = rig.to_host();
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].payload, bytes({0xA1, static_cast<int>(DropReason::never_fits), 0x00}));
}

TEST(Modem, DropsOversizedHostFramesWithoutSendingAnything) {
    Rig rig;
    rig.host_sends(0x00, std::string(300, 'o'));
    rig.host_sends(0x00, "next");
    rig.run_until(2000);
    ASSERT_EQ(rig.radio.sent.size(), 1u);
    EXPECT_EQ(rig.radio.sent[0].bytes, "next");
    EXPECT_EQ(rig.modem.stats(rig.now).serial_oversized, 1u);
}

TEST(Modem, RestartsARadioThatNeverFinishesItsTransmission) {
    Rig rig;
    rig.radio.hang = true;
    rig.host_sends(0x00, "stuck");
    rig.run_until(5000);
    EXPECT_EQ(rig.modem.stats(rig.now).radio_faults, 1u);
    EXPECT_GE(rig.radio.configures, 2);
    rig.radio.hang = false;
    rig.host_sends(0x00, "after");
    rig.run_until(10'000);
    EXPECT_EQ(rig.radio.sent.back().bytes, "after");
}

TEST(Modem, RetriesARadioThatRefusesItsSettingsEverySecond) {
    Rig rig;
    rig.radio.refuse_configure = true;
    rig.host_sends(0x00, "waiting");
    rig.run_until(3500);
    EXPECT_EQ(rig.radio.configures, 4);  // at 0, 1000, 2000 and 3000 ms
    EXPECT_TRUE(rig.radio.sent.empty());
    rig.radio.refuse_configure = false;
    rig.run_until(5000);
    EXPECT_EQ(rig.radio.sent.size(), 1u);
}

TEST(Modem, DropsWholeFramesForTheHostWhenItDoesNotRead) {
    Rig rig;
    rig.uart.accepts = 0;
    for (int i = 0; i < 20; ++i) rig.radio.heard.push_back(std::string(200, 'h'));
    rig.run_until(1000);
    auto stats = rig.modem.stats(rig.now);
    EXPECT_GT(stats.serial_overflow, 0u);
    rig.uart.accepts = SIZE_MAX;
    rig.run_until(2000);
    // What arrives is whole frames only.
    auto frames = rig.to_host();
    EXPECT_EQ(frames.size() + stats.serial_overflow, 20u);
    for (const auto& frame : frames) EXPECT_EQ(frame.payload, std::string(200, 'h'));
}

TEST(Modem, ResetStatsAlsoResetsTheSerialDecodersCounts) {
    Rig rig;
    rig.host_sends(0x00, std::string(300, 'o'));
    rig.run_until(100);
    EXPECT_EQ(rig.modem.stats(rig.now).serial_oversized, 1u);
    rig.host_sends(0x06, bytes({0x04}));
    rig.run_until(200);
    EXPECT_EQ(rig.modem.stats(rig.now).serial_oversized, 0u);
    // A 256-byte payload passes the decoder but not the queue: counted all the same.
    rig.host_sends(0x00, std::string(256, 'p'));
    rig.run_until(300);
    EXPECT_EQ(rig.modem.stats(rig.now).serial_oversized, 1u);
}

TEST(Modem, IgnoresEmptyDataFramesAndTheReturnFromKissByte) {
    Rig rig;
    rig.uart.input += bytes({0xC0, 0x00, 0xC0, 0xC0, 0xFF, 0xC0});
    rig.run_until(100);
    EXPECT_TRUE(rig.radio.sent.empty());
    EXPECT_TRUE(rig.to_host().empty()) << "no drop event for an empty frame";
    auto stats = rig.modem.stats(rig.now);
    EXPECT_EQ(stats.serial_unknown, 1u) << "the empty frame";
    EXPECT_EQ(stats.serial_oversized, 0u);
}

TEST(Modem, RestartsARadioThatNeverAnswersAChannelCheck) {
    Rig rig;
    rig.radio.swallow_checks = true;
    rig.host_sends(0x00, "lost answer");
    rig.run_until(500);
    EXPECT_NE(rig.modem.next_deadline_ms(), UINT64_MAX) << "the wait for the answer has an end";
    rig.run_until(1500);
    EXPECT_EQ(rig.modem.stats(rig.now).radio_faults, 1u);
    rig.radio.swallow_checks = false;
    rig.run_until(5000);
    ASSERT_EQ(rig.radio.sent.size(), 1u);
    EXPECT_EQ(rig.radio.sent[0].bytes, "lost answer");
}

TEST(Modem, AppliesSettingsAcceptedDuringAHungTransmissionWhenItRestartsTheRadio) {
    Rig rig;
    rig.radio.hang = true;
    rig.host_sends(0x00, "stuck");
    rig.run_until(100);
    rig.host_sends(0x06, bytes({0x02, 0x02, 0x00, 0x00, 0x00, 7}));  // SF7
    rig.run_until(5000);
    EXPECT_EQ(rig.modem.stats(rig.now).radio_faults, 1u);
    EXPECT_EQ(rig.modem.settings().spreading_factor, 7);
    rig.radio.hang = false;
    rig.host_sends(0x00, "after");
    rig.run_until(10'000);
    ASSERT_FALSE(rig.radio.sent.empty());
    EXPECT_EQ(rig.radio.sent.back().settings.spreading_factor, 7);
}

TEST(Modem, ExpiresFramesWhileHeldAndTellsTheHostOnTime) {
    // 1 % sub-band at SF12: four 200-byte frames fill the hour; the rest wait and expire
    // after 10 minutes, each reported when it expires, not when the hour frees up.
    RadioSettings settings;
    settings.frequency_hz = 868'100'000;
    settings.spreading_factor = 12;
    Rig rig(settings);
    for (int i = 0; i < 8; ++i) rig.host_sends(0x00, std::string(200, static_cast<char>('a' + i)));
    rig.run_until(Modem::kMaxQueueAgeMs + 2000, 100);
    auto stats = rig.modem.stats(rig.now);
    EXPECT_EQ(rig.radio.sent.size(), 4u);
    EXPECT_EQ(stats.frames_expired, 4u);
    int expired_events = 0;
    for (const auto& frame : rig.to_host())
        if (frame.payload == bytes({0xA1, static_cast<int>(DropReason::expired), 0x00}))
            ++expired_events;
    EXPECT_EQ(expired_events, 4);
}

TEST(Modem, SendsNothingWithUnlawfulStartSettings) {
    RadioSettings settings;
    settings.frequency_hz = 868'100'000;
    settings.tx_power_dbm = 20;  // the 1 % sub-band allows 25 mW (14 dBm)
    Rig rig(settings);
    rig.host_sends(0x00, "too loud");
    rig.run_until(1000);
    EXPECT_TRUE(rig.radio.sent.empty());
    auto frames = rig.to_host();
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].payload,
              bytes({0xA1, static_cast<int>(DropReason::unlawful_settings), 0x00}));
}

TEST(Modem, NeedsNoWakeUpWhenIdle) {
    Rig rig;
    rig.run_until(100);
    EXPECT_EQ(rig.modem.next_deadline_ms(), UINT64_MAX);
}

}  // namespace
}  // namespace baken::modem
