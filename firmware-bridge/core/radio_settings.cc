// The lawfulness check of RadioSettings (see radio_settings.h).
#include "core/radio_settings.h"

#include "core/duty_cycle.h"

namespace baken::modem {

namespace {

// The SX1262's programmable output power at the pin (datasheet: -9..+22 dBm with the high
// power PA); the sub-band's e.r.p. limit usually binds first.
constexpr int kChipMinDbm = -9;
constexpr int kChipMaxDbm = 22;

bool known_bandwidth(std::uint32_t bandwidth_hz) {
    return bandwidth_hz == 125'000 || bandwidth_hz == 250'000 || bandwidth_hz == 500'000;
}

}  // namespace

SettingsError check_settings(const RadioSettings& settings) {
    if (settings.spreading_factor < 7 || settings.spreading_factor > 12) {
        return SettingsError::spreading_factor;
    }
    if (!known_bandwidth(settings.bandwidth_hz)) return SettingsError::bandwidth;
    if (settings.coding_rate < 5 || settings.coding_rate > 8) return SettingsError::coding_rate;
    if (settings.preamble_symbols < 6) return SettingsError::preamble;
    const SubBand* band = sub_band_for(settings.frequency_hz, settings.bandwidth_hz);
    if (band == nullptr) return SettingsError::frequency;
    const int power = settings.tx_power_dbm;
    if (power < kChipMinDbm || power > kChipMaxDbm || power > band->max_erp_dbm) {
        return SettingsError::tx_power;
    }
    if (settings.backoff_min_ms == 0 || settings.backoff_min_ms > kMaxBackoffMinMs ||
        settings.backoff_max_tries == 0 || settings.backoff_max_tries > kMaxBackoffTries) {
        return SettingsError::backoff;
    }
    return SettingsError::ok;
}

const char* settings_error_name(SettingsError error) {
    switch (error) {
        case SettingsError::ok:
            return "ok";
        case SettingsError::spreading_factor:
            return "spreading_factor";
        case SettingsError::bandwidth:
            return "bandwidth";
        case SettingsError::coding_rate:
            return "coding_rate";
        case SettingsError::preamble:
            return "preamble";
        case SettingsError::frequency:
            return "frequency";
        case SettingsError::tx_power:
            return "tx_power";
        case SettingsError::malformed:
            return "malformed";
        case SettingsError::unknown_key:
            return "unknown_key";
        case SettingsError::sync_word:
            return "sync_word";
        case SettingsError::backoff:
            return "backoff";
    }
    return "unknown";
}

}  // namespace baken::modem
