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

// Text in log lines often comes from the network (a refused field's value). A newline in it
// could forge a whole log line with any priority, so control characters are escaped.
void append_printable(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if (u >= 0x20 && u != 0x7f) {
            out.push_back(c);
        } else {
            out.append("\\x").push_back(kHex[u >> 4]);
            out.push_back(kHex[u & 0x0f]);
        }
    }
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
    append_printable(line, component);
    line.append(": ");
    append_printable(line, text);
    line.push_back('\n');
    ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
    (void)ignored;
}

}  // namespace baken::log
