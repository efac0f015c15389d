// LoRa time on air against the Semtech formula: known answers worked by hand, published
// calculator figures, and an independent floating-point transcription over every setting.
#include "core/lora_airtime.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace baken::modem {
namespace {

RadioSettings lora(std::uint8_t sf, std::uint32_t bw, std::uint8_t cr, std::uint16_t preamble = 8) {
    RadioSettings settings;
    settings.spreading_factor = sf;
    settings.bandwidth_hz = bw;
    settings.coding_rate = cr;
    settings.preamble_symbols = preamble;
    return settings;
}

// Explicit header (IH = 0), CRC on, as the modem always sends. Each case:
//   T_sym = 2^SF / BW; T_pre = (n_pre + 4.25) T_sym;
//   n_pay = 8 + max(ceil((8 PL - 4 SF + 28 + 16) / (4 (SF - 2 DE))), 0) * (CR + 4)
TEST(LoraAirtime, MatchesHandComputedKnownAnswers) {
    // SF7, 125 kHz, 4/5, 8 preamble, 10 bytes: T_sym = 128 / 125000 = 1024 us;
    // T_pre = 12.25 * 1024 = 12544; (80 - 28 + 44) / 28 = 96 / 28 -> 4; 8 + 4 * 5 = 28 symbols
    // = 28672; total 41216 us.
    EXPECT_EQ(lora_time_on_air_us(lora(7, 125'000, 5), 10), 41'216u);
    // SF9, 125 kHz, 4/5, 20 bytes: T_sym = 4096; T_pre = 12.25 * 4096 = 50176;
    // (160 - 36 + 44) / 36 = 168 / 36 -> 5; 8 + 25 = 33 symbols = 135168; total 185344 us.
    EXPECT_EQ(lora_time_on_air_us(lora(9, 125'000, 5), 20), 185'344u);
    // SF12, 125 kHz, 4/8, DE on, 51 bytes: T_sym = 32768; T_pre = 12.25 * 32768 = 401408;
    // (408 - 48 + 44) / (4 * 10) = 404 / 40 -> 11; 8 + 11 * 8 = 96 symbols = 3145728;
    // total 3547136 us.
    EXPECT_EQ(lora_time_on_air_us(lora(12, 125'000, 8), 51), 3'547'136u);
    // SF7, 250 kHz, 4/5, 255 bytes: T_sym = 512; T_pre = 12.25 * 512 = 6272;
    // (2040 - 28 + 44) / 28 = 2056 / 28 -> 74; 8 + 74 * 5 = 378 symbols = 193536;
    // total 199808 us.
    EXPECT_EQ(lora_time_on_air_us(lora(7, 250'000, 5), 255), 199'808u);
    // SF11, 125 kHz, 4/5, DE on, 10 bytes: T_sym = 16384; T_pre = 12.25 * 16384 = 200704;
    // (80 - 44 + 44) / (4 * 9) = 80 / 36 -> 3; 8 + 15 = 23 symbols = 376832; total 577536 us.
    EXPECT_EQ(lora_time_on_air_us(lora(11, 125'000, 5), 10), 577'536u);
    // SF12, 125 kHz, 4/5, DE on, 0 bytes: (0 - 48 + 44) = -4 -> max(.., 0) = 0; 8 symbols =
    // 262144; total 401408 + 262144 = 663552 us (the max() clause of the formula).
    EXPECT_EQ(lora_time_on_air_us(lora(12, 125'000, 5), 0), 663'552u);
    // The modem's defaults (SF9, 125 kHz, 4/5, 8 preamble), 1 byte: (8 - 36 + 44) / 36 =
    // 16 / 36 -> 1; 8 + 5 = 13 symbols = 53248; total 50176 + 53248 = 103424 us.
    EXPECT_EQ(lora_time_on_air_us(RadioSettings{}, 1), 103'424u);
}

// Published figures from calculators built on the same Semtech formula (AN1200.13):
// - rfwireless-world.com "LoRaWAN Airtime calculator" examples: SF7/125 kHz/4/5/8 preamble/
//   10 bytes/explicit header/LDRO off = 41.216 ms; SF11/125 kHz/4/5/10 bytes/LDRO on =
//   577.536 ms (preamble 200.704 ms). aestechno.com's LoRaWAN time-on-air calculator shows the
//   same 41.216 ms (T_sym 1.024 ms, 28 payload symbols) for its default.
// - The "LoRa airtime calculator" spreadsheet (formulas from AN1200.13, shared on Google
//   Sheets): SF9/125 kHz/4/5/8 preamble/13 bytes/explicit header/LDRO off: T_sym 4.096 ms,
//   T_preamble 50.176 ms, 28 payload symbols, T_packet 164.864 ms.
TEST(LoraAirtime, MatchesPublishedCalculatorFigures) {
    EXPECT_EQ(lora_time_on_air_us(lora(7, 125'000, 5), 10), 41'216u);
    EXPECT_EQ(lora_time_on_air_us(lora(11, 125'000, 5), 10), 577'536u);
    EXPECT_EQ(lora_time_on_air_us(lora(9, 125'000, 5), 13), 164'864u);
    EXPECT_EQ(lora_symbol_us(lora(9, 125'000, 5)), 4'096u);
}

TEST(LoraAirtime, SymbolTimeIsTwoToTheSfOverBandwidth) {
    EXPECT_EQ(lora_symbol_us(lora(7, 125'000, 5)), 1'024u);
    EXPECT_EQ(lora_symbol_us(lora(7, 500'000, 5)), 256u);
    EXPECT_EQ(lora_symbol_us(lora(12, 125'000, 5)), 32'768u);
    EXPECT_EQ(lora_symbol_us(lora(12, 250'000, 5)), 16'384u);
}

TEST(LoraAirtime, LowDataRateOptimisationFromSixteenMsSymbols) {
    EXPECT_FALSE(lora_low_data_rate_optimize(lora(10, 125'000, 5)));  // 8.192 ms
    EXPECT_TRUE(lora_low_data_rate_optimize(lora(11, 125'000, 5)));   // 16.384 ms
    EXPECT_TRUE(lora_low_data_rate_optimize(lora(12, 125'000, 5)));   // 32.768 ms
    EXPECT_FALSE(lora_low_data_rate_optimize(lora(11, 250'000, 5)));  // 8.192 ms
    EXPECT_TRUE(lora_low_data_rate_optimize(lora(12, 250'000, 5)));   // 16.384 ms
    EXPECT_FALSE(lora_low_data_rate_optimize(lora(12, 500'000, 5)));  // 8.192 ms
}

// The formula transcribed literally in double precision, as a second opinion.
double semtech_formula_us(int sf, double bw, int cr, int preamble, int payload) {
    const double t_sym = std::pow(2.0, sf) / bw * 1e6;
    const int de = t_sym >= 16'000.0 ? 1 : 0;
    const double blocks = std::ceil((8.0 * payload - 4.0 * sf + 28 + 16) / (4.0 * (sf - 2 * de)));
    const double n_payload = 8 + std::max(blocks, 0.0) * cr;  // cr is already CR + 4
    return (preamble + 4.25) * t_sym + n_payload * t_sym;
}

TEST(LoraAirtime, AgreesWithFloatingPointFormulaForEverySetting) {
    const std::uint32_t bandwidths[] = {125'000, 250'000, 500'000};
    const std::uint16_t preambles[] = {6, 8, 12, 65'535};
    int compared = 0;
    for (std::uint8_t sf = 7; sf <= 12; ++sf) {
        for (std::uint32_t bw : bandwidths) {
            for (std::uint8_t cr = 5; cr <= 8; ++cr) {
                for (std::uint16_t preamble : preambles) {
                    for (int payload = 0; payload <= 255; ++payload) {
                        const double expected = semtech_formula_us(sf, bw, cr, preamble, payload);
                        const auto got = lora_time_on_air_us(lora(sf, bw, cr, preamble),
                                                             static_cast<std::uint16_t>(payload));
                        // The integer result is exact; the double one is within rounding.
                        ASSERT_NEAR(static_cast<double>(got), expected, 0.5)
                            << "SF" << int{sf} << " BW" << bw << " CR4/" << int{cr} << " pre "
                            << preamble << " PL " << payload;
                        ++compared;
                    }
                }
            }
        }
    }
    EXPECT_EQ(compared, 6 * 3 * 4 * 4 * 256);
}

TEST(LoraAirtime, GrowsWithPayloadAndSpreadingFactor) {
    for (std::uint8_t sf = 7; sf <= 12; ++sf) {
        std::uint32_t previous = 0;
        for (std::uint16_t payload = 0; payload <= kMaxLoraPayload; ++payload) {
            const std::uint32_t airtime = lora_time_on_air_us(lora(sf, 125'000, 5), payload);
            ASSERT_GE(airtime, previous);
            previous = airtime;
        }
        if (sf > 7) {
            EXPECT_GT(lora_time_on_air_us(lora(sf, 125'000, 5), 50),
                      lora_time_on_air_us(lora(sf - 1, 125'000, 5), 50));
        }
    }
}

TEST(LoraAirtime, SettingsOutsideTheFormulaCostForever) {
    EXPECT_EQ(lora_time_on_air_us(lora(6, 125'000, 5), 10), UINT32_MAX);
    EXPECT_EQ(lora_time_on_air_us(lora(13, 125'000, 5), 10), UINT32_MAX);
    EXPECT_EQ(lora_time_on_air_us(lora(7, 0, 5), 10), UINT32_MAX);
    EXPECT_EQ(lora_time_on_air_us(lora(7, 125'000, 4), 10), UINT32_MAX);
    EXPECT_EQ(lora_time_on_air_us(lora(7, 125'000, 9), 10), UINT32_MAX);
    EXPECT_EQ(lora_symbol_us(lora(200, 125'000, 5)), 0u);
}

}  // namespace
}  // namespace baken::modem
