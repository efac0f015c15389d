// Times and durations as people write and read them on the command line.
//
// Nothing here reads the clock: "now" is always passed in, so the tests are exact.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace baken::cli {

// A duration such as "90m", "24h", "7d", "45s" or "1d12h" (units s, m, h, d; whole numbers).
// Error: a sentence with the expected form, for an empty text, a missing or unknown unit,
// a zero duration or one that overflows.
Result<std::int64_t, std::string> parse_duration_seconds(std::string_view text);

// A point in time, in Unix milliseconds:
//   "2025-03-01T14:00", "2025-03-01 14:00:30"  local time of this machine
//   "2025-03-01T13:00Z", "...+01:00", "...+0100" UTC or with an explicit offset
//   "2025-03-01"                               midnight, local time
//   "now", "+2h", "+1d12h", "-30m"             relative to now_ms
// Error: a sentence listing these forms.
Result<std::int64_t, std::string> parse_time_ms(std::string_view text, std::int64_t now_ms);

// How long ago `then_ms` was, short: "12 s", "5 min", "2 h", "3 d"; "in 4 min" for the future.
std::string format_age(std::int64_t now_ms, std::int64_t then_ms);

// A length of time, two units at most: "45 s", "12 min", "3 h 5 min", "2 d 4 h".
std::string format_duration(std::int64_t seconds);

// Local time with zone, for `show`: "2025-03-01 14:05:09 CET".
std::string format_local_time(std::int64_t unix_ms);

}  // namespace baken::cli
