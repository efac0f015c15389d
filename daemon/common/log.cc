// See log.h. Writes whole lines with one write(2) so concurrent lines never interleave.
#include "common/log.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <ctime>
#include <string>

namespace baken::log {
namespace {

std::atomic<int> g_min_level{static_cast<int>(Level::info)};

bool under_journald() {
    static const bool yes = std::getenv("JOURNAL_STREAM") != nullptr;
    return yes;
}

std::string_view level_name(Level level) {
    switch (level) {
        case Level::error:
            return "ERROR";
        case Level::warning:
            return "WARN ";
        case Level::info:
            return "INFO ";
        case Level::debug:
            return "DEBUG";
    }
    return "?    ";
}

std::string timestamp() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace

void set_min_level(Level level) {
    g_min_level = static_cast<int>(level);
}

void write(Level level, std::string_view component, std::string_view text) {
    if (static_cast<int>(level) > g_min_level) return;
    std::string line;
    if (under_journald()) {
        line = "<" + std::to_string(static_cast<int>(level)) + ">";
    } else {
        line = timestamp() + " " + std::string(level_name(level)) + " ";
    }
    line.append(component).append(": ").append(text).push_back('\n');
    ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
    (void)ignored;
}

}  // namespace baken::log
