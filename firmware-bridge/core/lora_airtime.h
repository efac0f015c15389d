// LoRa time on air by the Semtech formula (SX1261/2 datasheet section 6.1.4; AN1200.13),
// with explicit header and CRC on as this modem always sends:
//
//   T_sym      = 2^SF / BW
//   T_preamble = (n_preamble + 4.25) * T_sym
//   n_payload  = 8 + max(ceil((8*PL - 4*SF + 28 + 16*CRC - 20*IH) / (4*(SF - 2*DE))) * (CR+4), 0)
//   T_packet   = T_preamble + n_payload * T_sym
//
// with DE (low data rate optimisation) on when T_sym >= 16 ms (SF11 and SF12 at 125 kHz, and
// SF12 at 250 kHz: 16.384 ms), as the SX1262 requires; the driver must program the same bit.
// Integer arithmetic in microseconds, exact for every allowed setting (T_sym is a whole number
// of microseconds, divisible by 4, for SF7..12 at 125/250/500 kHz).
#pragma once

#include <cstdint>

#include "core/radio_settings.h"

namespace baken::modem {

// Symbol time in microseconds (2^SF / BW), e.g. 4096 for SF9 at 125 kHz.
std::uint32_t lora_symbol_us(const RadioSettings& settings);
// Whether the low data rate optimisation is on for these settings.
bool lora_low_data_rate_optimize(const RadioSettings& settings);
// Time on air of one packet with `payload_bytes` (0..255) in microseconds. Settings outside the
// formula (SF not 7..12, bandwidth 0, coding rate not 5..8) give UINT32_MAX, and
// lora_symbol_us() 0 for them, so such a frame can never pass a duty-cycle check.
std::uint32_t lora_time_on_air_us(const RadioSettings& settings, std::uint16_t payload_bytes);

}  // namespace baken::modem
