// What a modem counts, read by the host with the get_stats command (kiss_commands.h) and
// printed by the host build on exit. Counters only grow (until reset_stats); the duty-cycle
// figures are the current hour's.
#pragma once

#include <cstdint>

namespace baken::modem {

struct ModemStats {
    // Serial side
    std::uint32_t serial_frames_in = 0;   // whole KISS frames from the host
    std::uint32_t serial_oversized = 0;   // dropped: longer than a LoRa packet can carry
    std::uint32_t serial_bad_escape = 0;  // dropped: broken KISS escape
    std::uint32_t serial_unknown = 0;     // commands or ports this modem does not serve
    std::uint32_t serial_overflow = 0;    // frames for the host dropped: UART backlog full
    // Air side
    std::uint32_t frames_sent = 0;
    std::uint32_t bytes_sent = 0;
    std::uint32_t airtime_ms = 0;  // all time, by the Semtech formula
    std::uint32_t frames_received = 0;
    std::uint32_t bytes_received = 0;
    std::uint32_t receive_errors = 0;  // bad CRC or header
    std::uint32_t radio_faults = 0;    // radio reconfigured after it stopped answering
    // Queue and channel access
    std::uint32_t queue_displaced = 0;  // lower-precedence frames dropped for urgent ones
    std::uint32_t queue_refused = 0;    // dropped: queue full of equal or higher precedence
    std::uint32_t frames_expired = 0;   // dropped: waited longer than kMaxQueueAgeMs
    std::uint32_t channel_busy = 0;     // busy answers to listen before talk
    std::uint32_t channel_gave_up = 0;  // frames dropped after too many busy answers
    // Duty cycle
    std::uint32_t duty_cycle_holds = 0;  // times the next frame had to wait for budget
    std::uint32_t duty_cycle_used_ms =
        0;  // sent in the last hour (over-estimate, see duty_cycle.h)
    std::uint32_t duty_cycle_budget_ms = 0;  // allowed per hour in the current sub-band
    // Last frame heard
    std::int16_t last_rssi_dbm = 0;
    std::int8_t last_snr_db = 0;
};

}  // namespace baken::modem
