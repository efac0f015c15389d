// CAP 1.2 date-times: "2024-05-01T14:30:00+02:00" (the schema's pattern: seconds, and always
// an explicit offset; "-00:00" means UTC). Times in Baken are Unix milliseconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace baken::cap {

struct CapTime {
    std::int64_t unix_ms = 0;
    int offset_minutes = 0;  // the offset the time was written with (+02:00 -> 120)
};

// nullopt unless `text` is exactly YYYY-MM-DDThh:mm:ss followed by +hh:mm or -hh:mm, with a
// real calendar date and time (leading/trailing XML whitespace is allowed and ignored).
std::optional<CapTime> parse_cap_time(std::string_view text);

// `unix_ms` (truncated to the second) as local time at `offset_minutes`, with that offset.
// REQUIRES: |offset_minutes| < 100 hours, the year of the result within 0000..9999.
std::string format_cap_time(std::int64_t unix_ms, int offset_minutes);

// RFC 3339 in UTC, for Atom: "2024-05-01T12:30:00Z".
std::string format_utc(std::int64_t unix_ms);

}  // namespace baken::cap
