// The SetHardware command frames: set_settings all or nothing, and the byte-exact replies to
// get_settings and get_stats.
#include "core/kiss_commands.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace baken::modem {
namespace {

using Bytes = std::vector<std::uint8_t>;

// "(key u8, value i32)" entries as the host sends them.
struct Entry {
    SettingKey key;
    std::int32_t value;
};
Bytes args(std::initializer_list<Entry> entries) {
    Bytes out;
    for (const Entry& e : entries) {
        const auto v = static_cast<std::uint32_t>(e.value);
        out.push_back(static_cast<std::uint8_t>(e.key));
        for (int shift = 24; shift >= 0; shift -= 8)
            out.push_back(static_cast<std::uint8_t>(v >> shift));
    }
    return out;
}

Bytes settings_reply(const RadioSettings& s) {
    Bytes out(64);
    out.resize(encode_settings_reply(s, out.data(), out.size()));
    return out;
}

struct Applied {
    SettingsError error;
    std::uint8_t bad_key;
    RadioSettings settings;
};
Applied apply(const Bytes& a, const RadioSettings& start = RadioSettings{}) {
    Applied out{SettingsError::ok, 0xEE, start};
    out.error = apply_settings(a.data(), a.size(), out.settings, out.bad_key);
    return out;
}

// All or nothing: a refused list leaves every setting as it was.
void expect_unchanged(const Applied& applied) {
    EXPECT_EQ(settings_reply(applied.settings), settings_reply(RadioSettings{}));
}

TEST(ApplySettings, AppliesEveryValidSettingAtOnce) {
    const Applied a =
        apply(args({{SettingKey::spreading_factor, 12},
                    {SettingKey::bandwidth_hz, 250'000},
                    {SettingKey::coding_rate, 8},
                    {SettingKey::preamble_symbols, 12},
                    {SettingKey::tx_power_dbm, -9},
                    {SettingKey::sync_word, 0x34},
                    {SettingKey::backoff_min_ms, 250},
                    {SettingKey::backoff_max_tries, 3},
                    {SettingKey::frequency_hz, 868'300'000}}));  // 868.175-868.425 MHz: 1 %
    ASSERT_EQ(a.error, SettingsError::ok);
    EXPECT_EQ(a.bad_key, 0);
    EXPECT_EQ(a.settings.spreading_factor, 12);
    EXPECT_EQ(a.settings.bandwidth_hz, 250'000u);
    EXPECT_EQ(a.settings.coding_rate, 8);
    EXPECT_EQ(a.settings.preamble_symbols, 12);
    EXPECT_EQ(a.settings.tx_power_dbm, -9);
    EXPECT_EQ(a.settings.sync_word, 0x34);
    EXPECT_EQ(a.settings.backoff_min_ms, 250);
    EXPECT_EQ(a.settings.backoff_max_tries, 3);
    EXPECT_EQ(a.settings.frequency_hz, 868'300'000u);
}

TEST(ApplySettings, TakesTheLastValueOfAKeyGivenTwice) {
    const Applied a =
        apply(args({{SettingKey::spreading_factor, 7}, {SettingKey::spreading_factor, 10}}));
    ASSERT_EQ(a.error, SettingsError::ok);
    EXPECT_EQ(a.settings.spreading_factor, 10);
}

TEST(ApplySettings, ChangesNothingWhenOneOfSeveralValuesIsRefused) {
    const Applied a = apply(args({{SettingKey::spreading_factor, 10},
                                  {SettingKey::coding_rate, 9},
                                  {SettingKey::tx_power_dbm, 2}}));
    EXPECT_EQ(a.error, SettingsError::coding_rate);
    EXPECT_EQ(a.bad_key, static_cast<std::uint8_t>(SettingKey::coding_rate));
    expect_unchanged(a);
}

TEST(ApplySettings, RefusesAValueThatDoesNotFitItsFieldInsteadOfTruncatingIt) {
    // 263 would be 7, a valid spreading factor, if cut to a byte.
    Applied a = apply(args({{SettingKey::spreading_factor, 263}}));
    EXPECT_EQ(a.error, SettingsError::spreading_factor);
    EXPECT_EQ(a.bad_key, 2);
    expect_unchanged(a);
    a = apply(args({{SettingKey::frequency_hz, -869'525'000}}));
    EXPECT_EQ(a.error, SettingsError::frequency);
    EXPECT_EQ(a.bad_key, 1);
    a = apply(args({{SettingKey::tx_power_dbm, 14 + 256}}));
    EXPECT_EQ(a.error, SettingsError::tx_power);
    a = apply(args({{SettingKey::preamble_symbols, 65'536 + 8}}));
    EXPECT_EQ(a.error, SettingsError::preamble);
    a = apply(args({{SettingKey::backoff_max_tries, -1}}));
    EXPECT_EQ(a.error, SettingsError::backoff);
    EXPECT_EQ(a.bad_key, 9);
    a = apply(args({{SettingKey::sync_word, 0x112}}));
    EXPECT_EQ(a.error, SettingsError::sync_word);
    EXPECT_EQ(a.bad_key, 7);
    expect_unchanged(a);
}

TEST(ApplySettings, ReadsNegativeValuesAsTwosComplement) {
    const Applied a = apply({6, 0xFF, 0xFF, 0xFF, 0xFB});  // tx power -5 dBm
    ASSERT_EQ(a.error, SettingsError::ok);
    EXPECT_EQ(a.settings.tx_power_dbm, -5);
}

TEST(ApplySettings, RefusesAnUnknownKeyAndNamesIt) {
    Applied a = apply(args({{SettingKey::spreading_factor, 10}, {static_cast<SettingKey>(10), 1}}));
    EXPECT_EQ(a.error, SettingsError::unknown_key);
    EXPECT_EQ(a.bad_key, 10);
    expect_unchanged(a);
    a = apply(args({{static_cast<SettingKey>(0), 1}}));
    EXPECT_EQ(a.error, SettingsError::unknown_key);
    EXPECT_EQ(a.bad_key, 0);
}

TEST(ApplySettings, RefusesAMalformedListWithKeyZero) {
    for (const Bytes& malformed :
         {Bytes{}, Bytes{2, 0, 0, 0}, Bytes{2, 0, 0, 0, 10, 3}, Bytes(9, 0)}) {
        const Applied a = apply(malformed);
        EXPECT_EQ(a.error, SettingsError::malformed) << malformed.size() << " bytes";
        EXPECT_EQ(a.bad_key, 0);
        expect_unchanged(a);
    }
}

TEST(ApplySettings, RefusesWhatCheckSettingsRefusesAndNamesTheKey) {
    Applied a = apply(args({{SettingKey::spreading_factor, 6}}));
    EXPECT_EQ(a.error, SettingsError::spreading_factor);
    EXPECT_EQ(a.bad_key, 2);
    a = apply(args({{SettingKey::bandwidth_hz, 62'500}}));
    EXPECT_EQ(a.error, SettingsError::bandwidth);
    EXPECT_EQ(a.bad_key, 3);
    a = apply(args({{SettingKey::preamble_symbols, 5}}));
    EXPECT_EQ(a.error, SettingsError::preamble);
    EXPECT_EQ(a.bad_key, 5);
    a = apply(args({{SettingKey::frequency_hz, 915'000'000}}));  // not a European band
    EXPECT_EQ(a.error, SettingsError::frequency);
    EXPECT_EQ(a.bad_key, 1);
    a = apply(args({{SettingKey::tx_power_dbm, 23}}));  // above the SX1262's 22 dBm
    EXPECT_EQ(a.error, SettingsError::tx_power);
    EXPECT_EQ(a.bad_key, 6);
    a = apply(args({{SettingKey::backoff_min_ms, 0}}));
    EXPECT_EQ(a.error, SettingsError::backoff);
    EXPECT_EQ(a.bad_key, 8);
    a = apply(args({{SettingKey::backoff_max_tries, 0}}));
    EXPECT_EQ(a.error, SettingsError::backoff);
    EXPECT_EQ(a.bad_key, 9);
    expect_unchanged(a);
}

TEST(EncodeSettingsReply, WritesEverySettingInKeyOrderBigEndian) {
    RadioSettings s;
    s.tx_power_dbm = -9;
    EXPECT_EQ(settings_reply(s), (Bytes{0x81,                          //
                                        1,    0x33, 0xD3, 0xE6, 0x08,  // 869525000 Hz
                                        2,    0,    0,    0,    9,     // SF9
                                        3,    0x00, 0x01, 0xE8, 0x48,  // 125000 Hz
                                        4,    0,    0,    0,    5,     // 4/5
                                        5,    0,    0,    0,    8,     // 8 symbols
                                        6,    0xFF, 0xFF, 0xFF, 0xF7,  // -9 dBm
                                        7,    0,    0,    0,    0x12,  // sync word
                                        8,    0,    0,    0,    100,   // backoff 100 ms
                                        9,    0,    0,    0,    8}));  // 8 tries
}

TEST(EncodeSettingsReply, WritesNothingWhenTheBufferIsTooSmall) {
    std::uint8_t out[64] = {};
    EXPECT_EQ(encode_settings_reply(RadioSettings{}, out, 45), 0u);
    EXPECT_EQ(encode_settings_reply(RadioSettings{}, out, 46), 46u);
}

TEST(EncodeSettingsReply, RoundTripsThroughApplySettings) {
    RadioSettings s;
    s.spreading_factor = 11;
    s.tx_power_dbm = 3;
    s.sync_word = 0x34;
    const Bytes reply = settings_reply(s);
    const Applied a = apply(Bytes(reply.begin() + 1, reply.end()));
    ASSERT_EQ(a.error, SettingsError::ok);
    EXPECT_EQ(settings_reply(a.settings), reply);
}

// Every ModemStats field, by name, in declaration order: what stat_fields() must list.
const char* const kStatNames[] = {
    "serial_frames_in", "serial_oversized", "serial_bad_escape",  "serial_unknown",
    "serial_overflow",  "frames_sent",      "bytes_sent",         "airtime_ms",
    "frames_received",  "bytes_received",   "receive_errors",     "radio_faults",
    "queue_displaced",  "queue_refused",    "frames_expired",     "channel_busy",
    "channel_gave_up",  "duty_cycle_holds", "duty_cycle_used_ms", "duty_cycle_budget_ms",
    "last_rssi_dbm",    "last_snr_db"};

TEST(StatFields, NumberModemStatsFieldsFromOneInDeclarationOrder) {
    const StatField* fields = nullptr;
    const std::size_t count = stat_fields(fields);
    ASSERT_EQ(count, std::size(kStatNames));
    for (std::size_t i = 0; i < count; ++i) {
        EXPECT_EQ(fields[i].key, i + 1);
        EXPECT_EQ(std::string(fields[i].name), kStatNames[i]);
    }
}

TEST(EncodeStatsReply, WritesEveryCounterUnderItsKeyBigEndian) {
    ModemStats stats;
    stats.serial_frames_in = 0x01020304;
    stats.serial_oversized = 2;
    stats.serial_bad_escape = 3;
    stats.serial_unknown = 4;
    stats.serial_overflow = 5;
    stats.frames_sent = 6;
    stats.bytes_sent = 7;
    stats.airtime_ms = 8;
    stats.frames_received = 9;
    stats.bytes_received = 10;
    stats.receive_errors = 11;
    stats.radio_faults = 12;
    stats.queue_displaced = 13;
    stats.queue_refused = 14;
    stats.frames_expired = 15;
    stats.channel_busy = 16;
    stats.channel_gave_up = 17;
    stats.duty_cycle_holds = 18;
    stats.duty_cycle_used_ms = 19;
    stats.duty_cycle_budget_ms = 0xFFFFFFFF;
    stats.last_rssi_dbm = -120;
    stats.last_snr_db = -7;
    Bytes expected = {0x83, 1, 0x01, 0x02, 0x03, 0x04};
    for (std::uint8_t key = 2; key <= 19; ++key) {
        const Bytes entry = {key, 0, 0, 0, key};
        expected.insert(expected.end(), entry.begin(), entry.end());
    }
    const Bytes tail = {20, 0xFF, 0xFF, 0xFF, 0xFF,   // budget
                        21, 0xFF, 0xFF, 0xFF, 0x88,   // -120 dBm, sign-extended
                        22, 0xFF, 0xFF, 0xFF, 0xF9};  // -7 dB
    expected.insert(expected.end(), tail.begin(), tail.end());

    Bytes out(200);
    out.resize(encode_stats_reply(stats, out.data(), out.size()));
    EXPECT_EQ(out, expected);
}

TEST(EncodeStatsReply, FitsAKissFrameAndWritesNothingWhenTheBufferIsTooSmall) {
    std::uint8_t out[256] = {};
    const std::size_t length = 1 + 22 * 5;
    EXPECT_EQ(encode_stats_reply(ModemStats{}, out, sizeof out), length);
    EXPECT_EQ(encode_stats_reply(ModemStats{}, out, length - 1), 0u);
    EXPECT_EQ(out[0], 0x83);
}

}  // namespace
}  // namespace baken::modem
