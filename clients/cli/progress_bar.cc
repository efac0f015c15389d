// See progress_bar.h.
#include "progress_bar.h"

#include <unistd.h>

#include <algorithm>

namespace baken::cli {
namespace {

constexpr int kBarWidth = 30;
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);

}  // namespace

bool stderr_is_terminal() {
    return ::isatty(STDERR_FILENO) == 1;
}

ProgressBar::ProgressBar(std::ostream& out, bool enabled, std::string label, std::uint64_t total)
    : out_(out), enabled_(enabled), label_(std::move(label)), total_(total) {}

std::string ProgressBar::line(const std::string& label, std::uint64_t done, std::uint64_t total,
                              const std::string& note) {
    std::string text = label + " ";
    if (total > 0) {
        std::uint64_t shown = std::min(done, total);
        int filled = static_cast<int>(shown * kBarWidth / total);
        text += "[" + std::string(static_cast<std::size_t>(filled), '#') +
                std::string(static_cast<std::size_t>(kBarWidth - filled), ' ') + "] " +
                std::to_string(shown * 100 / total) + "% ";
    }
    return text + note;
}

void ProgressBar::update(std::uint64_t done, const std::string& note) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (drawn_ && now - last_ < kRedrawEvery) return;
    last_ = now;
    drawn_ = true;
    out_ << "\r\x1b[K" << line(label_, done, total_, note) << std::flush;
}

void ProgressBar::finish() {
    if (!enabled_ || !drawn_) return;
    out_ << "\r\x1b[K" << std::flush;
    drawn_ = false;
}

}  // namespace baken::cli
