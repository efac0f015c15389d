// A one-line progress bar on a terminal (stderr) for long commands such as importing a
// bundle of 100,000 messages. Redraws at most ten times a second; draws nothing when stderr
// is not a terminal or --json was asked for, so scripts and logs see only the result.
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace baken::cli {

class ProgressBar {
  public:
    // `total` in the unit of update() (e.g. bytes of the file); 0: unknown, no percentage.
    ProgressBar(std::ostream& out, bool enabled, std::string label, std::uint64_t total);
    ~ProgressBar() { finish(); }

    // `done` of total, and a short note after the bar ("1,234 messages").
    void update(std::uint64_t done, const std::string& note);
    // Clears the line.
    void finish();

    // The line update() draws, without the carriage return: for tests.
    static std::string line(const std::string& label, std::uint64_t done, std::uint64_t total,
                            const std::string& note);

  private:
    std::ostream& out_;
    bool enabled_;
    std::string label_;
    std::uint64_t total_;
    std::chrono::steady_clock::time_point last_{};
    bool drawn_ = false;
};

// True when stderr is a terminal.
bool stderr_is_terminal();

}  // namespace baken::cli
