// check_settings(): the defaults are lawful, and every kind of wrong setting is named.
#include "core/radio_settings.h"

#include <gtest/gtest.h>

#include <cstring>

#include "core/duty_cycle.h"

namespace baken::modem {
namespace {

TEST(RadioSettings, DefaultsAreLawfulInTheTenPercentSubBand) {
    RadioSettings settings;
    EXPECT_EQ(check_settings(settings), SettingsError::ok);
    const SubBand* band = sub_band_for(settings.frequency_hz, settings.bandwidth_hz);
    ASSERT_NE(band, nullptr);
    EXPECT_EQ(band->permille, 100);
}

TEST(RadioSettings, RefusesSpreadingFactorOutsideSevenToTwelve) {
    RadioSettings settings;
    for (std::uint8_t sf : {0, 5, 6, 13, 255}) {
        settings.spreading_factor = sf;
        EXPECT_EQ(check_settings(settings), SettingsError::spreading_factor) << int{sf};
    }
    for (std::uint8_t sf = 7; sf <= 12; ++sf) {
        settings.spreading_factor = sf;
        EXPECT_EQ(check_settings(settings), SettingsError::ok) << int{sf};
    }
}

TEST(RadioSettings, RefusesBandwidthsOtherThan125250500kHz) {
    RadioSettings settings;
    for (std::uint32_t bw : {0u, 62'500u, 124'999u, 200'000u, 1'000'000u}) {
        settings.bandwidth_hz = bw;
        EXPECT_EQ(check_settings(settings), SettingsError::bandwidth) << bw;
    }
    for (std::uint32_t bw : {125'000u, 250'000u}) {  // 500 kHz does not fit 869.525 MHz
        settings.bandwidth_hz = bw;
        EXPECT_EQ(check_settings(settings), SettingsError::ok) << bw;
    }
}

TEST(RadioSettings, RefusesCodingRateOutsideFourFifthsToFourEighths) {
    RadioSettings settings;
    for (std::uint8_t cr : {0, 4, 9}) {
        settings.coding_rate = cr;
        EXPECT_EQ(check_settings(settings), SettingsError::coding_rate) << int{cr};
    }
    settings.coding_rate = 8;
    EXPECT_EQ(check_settings(settings), SettingsError::ok);
}

TEST(RadioSettings, RefusesPreambleShorterThanSixSymbols) {
    RadioSettings settings;
    settings.preamble_symbols = 5;
    EXPECT_EQ(check_settings(settings), SettingsError::preamble);
    settings.preamble_symbols = 6;
    EXPECT_EQ(check_settings(settings), SettingsError::ok);
}

TEST(RadioSettings, RefusesChannelNotWhollyInsideASubBand) {
    RadioSettings settings;
    settings.bandwidth_hz = 500'000;  // 869.275..869.775: sticks out of 869.40..869.65
    EXPECT_EQ(check_settings(settings), SettingsError::frequency);
    settings.bandwidth_hz = 125'000;
    settings.frequency_hz = 868'650'000;  // the gap between 868.6 and 868.7 MHz
    EXPECT_EQ(check_settings(settings), SettingsError::frequency);
    settings.frequency_hz = 433'775'000;
    EXPECT_EQ(check_settings(settings), SettingsError::frequency);
    settings.frequency_hz = 868'100'000;
    EXPECT_EQ(check_settings(settings), SettingsError::ok);
}

TEST(RadioSettings, LimitsPowerToTheSubBandAndTheChip) {
    RadioSettings settings;  // 869.525 MHz: 500 mW = 27 dBm e.r.p., chip at most 22 dBm
    settings.tx_power_dbm = 22;
    EXPECT_EQ(check_settings(settings), SettingsError::ok);
    settings.tx_power_dbm = 23;
    EXPECT_EQ(check_settings(settings), SettingsError::tx_power);
    settings.tx_power_dbm = -9;
    EXPECT_EQ(check_settings(settings), SettingsError::ok);
    settings.tx_power_dbm = -10;
    EXPECT_EQ(check_settings(settings), SettingsError::tx_power);

    settings.frequency_hz = 868'300'000;  // 25 mW = 14 dBm e.r.p.
    settings.tx_power_dbm = 14;
    EXPECT_EQ(check_settings(settings), SettingsError::ok);
    settings.tx_power_dbm = 15;
    EXPECT_EQ(check_settings(settings), SettingsError::tx_power);
}

TEST(RadioSettings, RefusesZeroBackoffOrZeroTries) {
    RadioSettings settings;
    settings.backoff_min_ms = 0;
    EXPECT_EQ(check_settings(settings), SettingsError::backoff);
    settings.backoff_min_ms = 1;
    settings.backoff_max_tries = 0;
    EXPECT_EQ(check_settings(settings), SettingsError::backoff);
    settings.backoff_max_tries = 1;
    EXPECT_EQ(check_settings(settings), SettingsError::ok);
}

TEST(RadioSettings, RefusesBackoffBeyondItsBounds) {
    RadioSettings settings;
    settings.backoff_min_ms = kMaxBackoffMinMs;
    settings.backoff_max_tries = kMaxBackoffTries;
    EXPECT_EQ(check_settings(settings), SettingsError::ok);
    settings.backoff_min_ms = kMaxBackoffMinMs + 1;
    EXPECT_EQ(check_settings(settings), SettingsError::backoff);
    settings.backoff_min_ms = kMaxBackoffMinMs;
    settings.backoff_max_tries = kMaxBackoffTries + 1;
    EXPECT_EQ(check_settings(settings), SettingsError::backoff);
}

TEST(RadioSettings, ReportsTheFirstWrongSettingInDeclarationOrder) {
    RadioSettings settings;
    settings.spreading_factor = 6;
    settings.bandwidth_hz = 1;
    settings.tx_power_dbm = 30;
    EXPECT_EQ(check_settings(settings), SettingsError::spreading_factor);
    settings.spreading_factor = 9;
    EXPECT_EQ(check_settings(settings), SettingsError::bandwidth);
}

TEST(RadioSettings, EveryErrorHasItsOwnName) {
    const SettingsError errors[] = {
        SettingsError::ok,          SettingsError::spreading_factor, SettingsError::bandwidth,
        SettingsError::coding_rate, SettingsError::preamble,         SettingsError::frequency,
        SettingsError::tx_power,    SettingsError::backoff,
    };
    EXPECT_STREQ(settings_error_name(SettingsError::ok), "ok");
    EXPECT_STREQ(settings_error_name(SettingsError::tx_power), "tx_power");
    for (SettingsError a : errors) {
        ASSERT_NE(settings_error_name(a), nullptr);
        for (SettingsError b : errors) {
            if (a != b) {
                EXPECT_STRNE(settings_error_name(a), settings_error_name(b));
            }
        }
    }
    EXPECT_STREQ(settings_error_name(static_cast<SettingsError>(200)), "unknown");
}

}  // namespace
}  // namespace baken::modem
