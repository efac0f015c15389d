// See kiss_commands.h.
#include "core/kiss_commands.h"

#include <cstring>

namespace baken::modem {
namespace {

constexpr std::size_t kSettingEntrySize = 1 + 4;  // key u8, value i32
constexpr std::size_t kStatEntrySize = 1 + 4;     // key u8, value u32

std::int32_t get_i32(const std::uint8_t* in) {
    const std::uint32_t raw = std::uint32_t{in[0]} << 24 | std::uint32_t{in[1]} << 16 |
                              std::uint32_t{in[2]} << 8 | std::uint32_t{in[3]};
    std::int32_t value = 0;
    std::memcpy(&value, &raw, sizeof value);  // two's complement, without implementation-
    return value;                             // defined narrowing
}

void put_u32(std::uint8_t* out, std::uint32_t value) {
    out[0] = static_cast<std::uint8_t>(value >> 24);
    out[1] = static_cast<std::uint8_t>(value >> 16);
    out[2] = static_cast<std::uint8_t>(value >> 8);
    out[3] = static_cast<std::uint8_t>(value);
}

void put_i32(std::uint8_t* out, std::int32_t value) {
    std::uint32_t raw = 0;
    std::memcpy(&raw, &value, sizeof raw);
    put_u32(out, raw);
}

bool within(std::int32_t value, std::int32_t low, std::int32_t high) {
    return value >= low && value <= high;
}

// Stores one setting if its value fits the field; otherwise says what is wrong with it.
SettingsError set_one(std::uint8_t key, std::int32_t value, RadioSettings& s) {
    switch (static_cast<SettingKey>(key)) {
        case SettingKey::frequency_hz:
            if (value < 0) return SettingsError::frequency;
            s.frequency_hz = static_cast<std::uint32_t>(value);
            return SettingsError::ok;
        case SettingKey::spreading_factor:
            if (!within(value, 0, 0xFF)) return SettingsError::spreading_factor;
            s.spreading_factor = static_cast<std::uint8_t>(value);
            return SettingsError::ok;
        case SettingKey::bandwidth_hz:
            if (value < 0) return SettingsError::bandwidth;
            s.bandwidth_hz = static_cast<std::uint32_t>(value);
            return SettingsError::ok;
        case SettingKey::coding_rate:
            if (!within(value, 0, 0xFF)) return SettingsError::coding_rate;
            s.coding_rate = static_cast<std::uint8_t>(value);
            return SettingsError::ok;
        case SettingKey::preamble_symbols:
            if (!within(value, 0, 0xFFFF)) return SettingsError::preamble;
            s.preamble_symbols = static_cast<std::uint16_t>(value);
            return SettingsError::ok;
        case SettingKey::tx_power_dbm:
            if (!within(value, -128, 127)) return SettingsError::tx_power;
            s.tx_power_dbm = static_cast<std::int8_t>(value);
            return SettingsError::ok;
        case SettingKey::sync_word:
            if (!within(value, 0, 0xFF)) return SettingsError::sync_word;
            s.sync_word = static_cast<std::uint8_t>(value);
            return SettingsError::ok;
        case SettingKey::backoff_min_ms:
            if (!within(value, 0, 0xFFFF)) return SettingsError::backoff;
            s.backoff_min_ms = static_cast<std::uint16_t>(value);
            return SettingsError::ok;
        case SettingKey::backoff_max_tries:
            if (!within(value, 0, 0xFF)) return SettingsError::backoff;
            s.backoff_max_tries = static_cast<std::uint8_t>(value);
            return SettingsError::ok;
    }
    return SettingsError::unknown_key;
}

// The key of the setting a check_settings() error is about.
std::uint8_t key_of(SettingsError error, const RadioSettings& s) {
    switch (error) {
        case SettingsError::ok:
            return 0;
        case SettingsError::spreading_factor:
            return static_cast<std::uint8_t>(SettingKey::spreading_factor);
        case SettingsError::bandwidth:
            return static_cast<std::uint8_t>(SettingKey::bandwidth_hz);
        case SettingsError::coding_rate:
            return static_cast<std::uint8_t>(SettingKey::coding_rate);
        case SettingsError::preamble:
            return static_cast<std::uint8_t>(SettingKey::preamble_symbols);
        case SettingsError::frequency:
            return static_cast<std::uint8_t>(SettingKey::frequency_hz);
        case SettingsError::tx_power:
            return static_cast<std::uint8_t>(SettingKey::tx_power_dbm);
        case SettingsError::backoff:
            return static_cast<std::uint8_t>(s.backoff_min_ms == 0 ? SettingKey::backoff_min_ms
                                                                   : SettingKey::backoff_max_tries);
        case SettingsError::sync_word:
            return static_cast<std::uint8_t>(SettingKey::sync_word);
        case SettingsError::malformed:
        case SettingsError::unknown_key:
            return 0;  // not a check_settings() verdict
    }
    return 0;
}

// Every ModemStats field in declaration order with its key, its position from 1: one list
// for the names and the values, so they cannot drift apart.
#define BAKEN_MODEM_STAT_FIELDS(X) \
    X(1, serial_frames_in)         \
    X(2, serial_oversized)         \
    X(3, serial_bad_escape)        \
    X(4, serial_unknown)           \
    X(5, serial_overflow)          \
    X(6, frames_sent)              \
    X(7, bytes_sent)               \
    X(8, airtime_ms)               \
    X(9, frames_received)          \
    X(10, bytes_received)          \
    X(11, receive_errors)          \
    X(12, radio_faults)            \
    X(13, queue_displaced)         \
    X(14, queue_refused)           \
    X(15, frames_expired)          \
    X(16, channel_busy)            \
    X(17, channel_gave_up)         \
    X(18, duty_cycle_holds)        \
    X(19, duty_cycle_used_ms)      \
    X(20, duty_cycle_budget_ms)    \
    X(21, last_rssi_dbm)           \
    X(22, last_snr_db)

#define BAKEN_STAT_FIELD(key, field) StatField{key, #field},
constexpr StatField kStatFields[] = {BAKEN_MODEM_STAT_FIELDS(BAKEN_STAT_FIELD)};
#undef BAKEN_STAT_FIELD
constexpr std::size_t kStatCount = sizeof kStatFields / sizeof kStatFields[0];
// 20 u32, an i16 and an i8, padded: a field added to ModemStats must be added above too.
static_assert(sizeof(ModemStats) == 20 * 4 + 4 && kStatCount == 22,
              "BAKEN_MODEM_STAT_FIELDS lists every ModemStats field");

// The values in the same order; signed fields sign-extended, so the host reads an i32.
void stat_values(const ModemStats& stats, std::uint32_t (&values)[kStatCount]) {
#define BAKEN_STAT_VALUE(key, field) values[(key)-1] = static_cast<std::uint32_t>(stats.field);
    BAKEN_MODEM_STAT_FIELDS(BAKEN_STAT_VALUE)
#undef BAKEN_STAT_VALUE
}
#undef BAKEN_MODEM_STAT_FIELDS

}  // namespace

SettingsError apply_settings(const std::uint8_t* args, std::size_t length, RadioSettings& settings,
                             std::uint8_t& bad_key) {
    bad_key = 0;
    if (length == 0 || length % kSettingEntrySize != 0) return SettingsError::malformed;
    RadioSettings wanted = settings;
    for (std::size_t at = 0; at < length; at += kSettingEntrySize) {
        const std::uint8_t key = args[at];
        const SettingsError error = set_one(key, get_i32(args + at + 1), wanted);
        if (error != SettingsError::ok) {
            bad_key = key;
            return error;
        }
    }
    const SettingsError error = check_settings(wanted);
    if (error != SettingsError::ok) {
        bad_key = key_of(error, wanted);
        return error;
    }
    settings = wanted;
    return SettingsError::ok;
}

std::size_t encode_settings_reply(const RadioSettings& s, std::uint8_t* out, std::size_t capacity) {
    const std::int32_t values[] = {
        static_cast<std::int32_t>(s.frequency_hz),
        s.spreading_factor,
        static_cast<std::int32_t>(s.bandwidth_hz),
        s.coding_rate,
        s.preamble_symbols,
        s.tx_power_dbm,
        s.sync_word,
        s.backoff_min_ms,
        s.backoff_max_tries,
    };
    constexpr std::size_t count = sizeof values / sizeof values[0];
    const std::size_t length = 1 + count * kSettingEntrySize;
    if (capacity < length) return 0;
    out[0] = static_cast<std::uint8_t>(CommandOp::get_settings) | kReplyFlag;
    for (std::size_t i = 0; i < count; ++i) {
        std::uint8_t* entry = out + 1 + i * kSettingEntrySize;
        entry[0] = static_cast<std::uint8_t>(i + 1);  // SettingKey values are 1..9 in order
        put_i32(entry + 1, values[i]);
    }
    return length;
}

std::size_t encode_stats_reply(const ModemStats& stats, std::uint8_t* out, std::size_t capacity) {
    const std::size_t length = 1 + kStatCount * kStatEntrySize;
    if (capacity < length) return 0;
    std::uint32_t values[kStatCount] = {};
    stat_values(stats, values);
    out[0] = static_cast<std::uint8_t>(CommandOp::get_stats) | kReplyFlag;
    for (std::size_t i = 0; i < kStatCount; ++i) {
        std::uint8_t* entry = out + 1 + i * kStatEntrySize;
        entry[0] = kStatFields[i].key;
        put_u32(entry + 1, values[i]);
    }
    return length;
}

std::size_t stat_fields(const StatField*& fields) {
    fields = kStatFields;
    return kStatCount;
}

}  // namespace baken::modem
