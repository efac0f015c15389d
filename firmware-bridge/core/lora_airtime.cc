// LoRa time on air by the Semtech formula (see lora_airtime.h), in integer microseconds.
#include "core/lora_airtime.h"

#include <cstdint>

namespace baken::modem {

namespace {

// The formula as written holds for SF7..SF12 (SF5/6 add symbols on the SX1262) and coding
// rates 4/5..4/8; other settings are refused by check_settings() and never reach a radio.
bool formula_applies(const RadioSettings& settings) {
    return settings.spreading_factor >= 7 && settings.spreading_factor <= 12 &&
           settings.bandwidth_hz != 0 && settings.coding_rate >= 5 && settings.coding_rate <= 8;
}

constexpr std::uint32_t kLowDataRateSymbolUs = 16'000;  // Semtech: DE on from 16 ms symbols

}  // namespace

std::uint32_t lora_symbol_us(const RadioSettings& settings) {
    if (!formula_applies(settings)) return 0;
    // 2^SF * 10^6 / BW: exact for 125, 250 and 500 kHz (10^6 / BW = 8, 4, 2).
    const std::uint64_t chips = std::uint64_t{1} << settings.spreading_factor;
    return static_cast<std::uint32_t>(chips * 1'000'000 / settings.bandwidth_hz);
}

bool lora_low_data_rate_optimize(const RadioSettings& settings) {
    return lora_symbol_us(settings) >= kLowDataRateSymbolUs;
}

std::uint32_t lora_time_on_air_us(const RadioSettings& settings, std::uint16_t payload_bytes) {
    // Unknown settings cost "forever", so a duty-cycle check can never let them through.
    if (!formula_applies(settings)) return UINT32_MAX;
    const std::int64_t sf = settings.spreading_factor;
    const std::int64_t de = lora_low_data_rate_optimize(settings) ? 1 : 0;
    const std::int64_t crc = 1;       // CRC always on
    const std::int64_t implicit = 0;  // explicit header always
    const std::int64_t numerator =
        8 * std::int64_t{payload_bytes} - 4 * sf + 28 + 16 * crc - 20 * implicit;
    const std::int64_t denominator = 4 * (sf - 2 * de);
    std::int64_t blocks = 0;
    if (numerator > 0) blocks = (numerator + denominator - 1) / denominator;  // ceil, >= 0
    const std::int64_t payload_symbols = 8 + blocks * settings.coding_rate;   // (CR + 4) blocks

    const std::uint64_t symbol_us = lora_symbol_us(settings);
    // (n_preamble + 4.25) * T_sym = (4 * n_preamble + 17) * T_sym / 4; T_sym is a multiple of 4.
    const std::uint64_t preamble_us =
        (4 * std::uint64_t{settings.preamble_symbols} + 17) * symbol_us / 4;
    const std::uint64_t total_us =
        preamble_us + static_cast<std::uint64_t>(payload_symbols) * symbol_us;
    return total_us > UINT32_MAX ? UINT32_MAX : static_cast<std::uint32_t>(total_us);
}

}  // namespace baken::modem
