// This modem's KISS command frames: settings, statistics and events travel as KISS
// SetHardware frames (type 0x06, port 0), whose meaning KISS leaves to each TNC; clients that
// do not know them (bakend, Dire Wolf's clients) ignore them. firmware-bridge/README.md is the
// reference for users; this file is the code's.
//
//   host -> modem   06 | op | arguments
//     0x01 get_settings                    reply 0x81 (key u8, value i32)*
//     0x02 set_settings (key u8, value i32)+  reply 0x82 status u8, key u8 (all or nothing)
//     0x03 get_stats                       reply 0x83 (key u8, value u32)*
//     0x04 reset_stats                     reply 0x84
//     0x05 self_test                       reply 0x85 passed u8, total u8
//     0x06 get_version                     reply 0x86 ASCII text
//     other                                reply 0xFF op (unknown command)
//   modem -> host, unprompted
//     0xA0 duty_cycle_hold  wait_ms u32 | used_ms u32 | budget_ms u32: the next frame waits
//     0xA1 frame_dropped    reason u8 (DropReason) | precedence u8
//
// Values are big-endian; signed settings (tx power) are two's complement, and so are the two
// signed statistics (last_rssi_dbm, last_snr_db) in their u32.
//
// get_settings lists every SettingKey in key order. get_stats lists ModemStats's fields in
// their declaration order, keyed 1.. (stat_fields() names them). set_settings' status is a
// SettingsError (radio_settings.h), or one of the statuses below (0x80..) for what
// check_settings() cannot say; its key byte names the offending key (0: the list is
// malformed). Nothing changes unless the status is ok (0).
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/modem_stats.h"
#include "core/radio_settings.h"

namespace baken::modem {

enum class CommandOp : std::uint8_t {
    get_settings = 0x01,
    set_settings = 0x02,
    get_stats = 0x03,
    reset_stats = 0x04,
    self_test = 0x05,
    get_version = 0x06,
};
inline constexpr std::uint8_t kReplyFlag = 0x80;
inline constexpr std::uint8_t kUnknownCommandReply = 0xFF;
inline constexpr std::uint8_t kDutyCycleHoldEvent = 0xA0;
inline constexpr std::uint8_t kFrameDroppedEvent = 0xA1;

enum class SettingKey : std::uint8_t {
    frequency_hz = 1,
    spreading_factor = 2,
    bandwidth_hz = 3,
    coding_rate = 4,
    preamble_symbols = 5,
    tx_power_dbm = 6,
    sync_word = 7,
    backoff_min_ms = 8,
    backoff_max_tries = 9,
};

enum class DropReason : std::uint8_t {
    queue_full = 1,         // queue full of frames of equal or higher precedence
    displaced = 2,          // made room for an urgent frame
    too_long = 3,           // more than 255 bytes
    channel_busy = 4,       // listen before talk failed max_tries times
    expired = 5,            // waited longer than kMaxQueueAgeMs (duty cycle or busy channel)
    never_fits = 6,         // its airtime exceeds the whole hourly budget of the sub-band
    no_sub_band = 7,        // the frequency is in no sub-band this firmware knows
    unlawful_settings = 8,  // the start settings fail check_settings() (power, modulation)
};

// Applies "(key u8, value i32)+" to a copy of `settings`; ok only if every key is known,
// every value in range and the result passes check_settings(); only then is `settings`
// changed. A key given twice takes its last value. `bad_key` names the first offending key (0
// when the list itself is malformed; for a check_settings() failure, the key of the setting
// it names, e.g. 1 for frequency).
SettingsError apply_settings(const std::uint8_t* args, std::size_t length, RadioSettings& settings,
                             std::uint8_t& bad_key);

// Writes the reply bodies (op byte included) into out; returns the length, 0 if too small.
std::size_t encode_settings_reply(const RadioSettings& settings, std::uint8_t* out,
                                  std::size_t capacity);
std::size_t encode_stats_reply(const ModemStats& stats, std::uint8_t* out, std::size_t capacity);

// The stat keys in the get_stats reply, in order, with the names the README and the host
// build print ("frames_sent").
struct StatField {
    std::uint8_t key;
    const char* name;
};
std::size_t stat_fields(const StatField*& fields);  // returns the count

}  // namespace baken::modem
