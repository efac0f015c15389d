// Logging to stderr in a journald-friendly form.
//
// Under systemd (JOURNAL_STREAM set) each line starts with a syslog priority prefix such as
// "<4>", which journald turns into the entry's priority. On a terminal each line starts with
// a UTC timestamp and the level. One line per event; the component comes first.
#pragma once

#include <string_view>

namespace baken::log {

enum class Level { error = 3, warning = 4, info = 6, debug = 7 };

void set_min_level(Level level);
void write(Level level, std::string_view component, std::string_view text);

inline void error(std::string_view c, std::string_view t) {
    write(Level::error, c, t);
}
inline void warning(std::string_view c, std::string_view t) {
    write(Level::warning, c, t);
}
inline void info(std::string_view c, std::string_view t) {
    write(Level::info, c, t);
}
inline void debug(std::string_view c, std::string_view t) {
    write(Level::debug, c, t);
}

}  // namespace baken::log
