// The LoRa settings a modem transmits with, their defaults (869.525 MHz, SF9, 125 kHz, 4/5)
// and the check that they are lawful: the whole channel inside one ETSI EN 300 220 sub-band
// and the power within that sub-band's limit. Changed at run time by KISS command frames
// (kiss_commands.h); refused, not clamped, when out of range, so the host learns why.
#pragma once

#include <cstdint>

namespace baken::modem {

// The SX1262 sends at most 255 payload bytes in one LoRa packet.
inline constexpr std::uint16_t kMaxLoraPayload = 255;

struct RadioSettings {
    std::uint32_t frequency_hz = 869'525'000;  // centre of the 10 % sub-band 869.40–869.65
    std::uint8_t spreading_factor = 9;         // 7..12
    std::uint32_t bandwidth_hz = 125'000;      // 125000, 250000 or 500000
    std::uint8_t coding_rate = 5;              // 5..8: 4/5..4/8
    std::uint16_t preamble_symbols = 8;  // 6..65535 programmed symbols (+4.25 added by the chip)
    std::int8_t tx_power_dbm = 14;       // -9..22 at the SX1262 pin; limited by sub-band
    std::uint8_t sync_word = 0x12;       // 0x12 private networks (LoRaWAN uses 0x34)
    // Listen before talk: the channel counts as busy when a LoRa preamble is detected (CAD).
    // Backoff after a busy channel: random, starting within this many ms, doubling per try.
    std::uint16_t backoff_min_ms = 100;
    std::uint8_t backoff_max_tries = 8;  // then the frame is dropped and counted
};
// Bounds check_settings() puts on the backoff, so a busy channel costs a frame minutes at
// most, not days.
inline constexpr std::uint16_t kMaxBackoffMinMs = 5000;
inline constexpr std::uint8_t kMaxBackoffTries = 16;

enum class SettingsError : std::uint8_t {
    ok = 0,
    spreading_factor,  // not 7..12
    bandwidth,         // not 125/250/500 kHz
    coding_rate,       // not 5..8
    preamble,          // fewer than 6 symbols
    frequency,         // the channel is not wholly inside a sub-band this firmware knows
    tx_power,          // above the sub-band's limit or outside the chip's range
    backoff,           // backoff_min_ms not 1..5000 or backoff_max_tries not 1..16
    // Only from a set_settings command (kiss_commands.h):
    malformed = 0x80,    // the arguments are not (key u8, value i32)+
    unknown_key = 0x81,  // a key this firmware does not know
    sync_word = 0x82,    // a sync word outside 0..255
};

// Which setting is wrong, or ok. Uses the sub-band table in duty_cycle.h.
SettingsError check_settings(const RadioSettings& settings);
const char* settings_error_name(SettingsError error);

}  // namespace baken::modem
