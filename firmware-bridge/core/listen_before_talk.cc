// Xorshift32 and the binary exponential backoff of listen before talk (see
// listen_before_talk.h).
#include "core/listen_before_talk.h"

#include <cstdint>

namespace baken::modem {

namespace {

// Any non-zero value works (zero is xorshift's only fixed point); this one is Marsaglia's
// example seed.
constexpr std::uint32_t kZeroSeedReplacement = 2463534242u;
// The backoff window stops doubling here: backoff_min_ms (< 2^16) * 2^16 still fits 32 bits,
// and 65 s * 2^16 is far beyond any useful wait.
constexpr std::uint8_t kMaxDoublings = 16;

}  // namespace

Xorshift32::Xorshift32(std::uint32_t seed) : state_(seed != 0 ? seed : kZeroSeedReplacement) {}

std::uint32_t Xorshift32::next() {
    std::uint32_t x = state_;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    state_ = x;
    return x;
}

std::uint32_t Xorshift32::below(std::uint32_t bound) {
    if (bound == 0) return 0;
    return static_cast<std::uint32_t>((std::uint64_t{next()} * bound) >> 32);
}

ListenBeforeTalk::ListenBeforeTalk(std::uint32_t seed, std::uint16_t backoff_min_ms,
                                   std::uint8_t max_tries)
    : random_(seed), backoff_min_ms_(1), max_tries_(1) {
    set_backoff(backoff_min_ms, max_tries);
}

void ListenBeforeTalk::set_backoff(std::uint16_t backoff_min_ms, std::uint8_t max_tries) {
    // 0 would make a delay of 0 (which means "give up") or never give up; check_settings()
    // refuses both, and here they become the nearest workable values.
    backoff_min_ms_ = backoff_min_ms != 0 ? backoff_min_ms : 1;
    max_tries_ = max_tries != 0 ? max_tries : 1;
}

void ListenBeforeTalk::start_frame() {
    tries_ = 0;
}

std::uint32_t ListenBeforeTalk::on_busy() {
    if (tries_ < UINT8_MAX) ++tries_;
    if (tries_ >= max_tries_) return 0;
    const std::uint8_t doublings = tries_ < kMaxDoublings ? tries_ : kMaxDoublings;
    std::uint32_t upper = std::uint32_t{backoff_min_ms_} << doublings;
    // However long the channel stays busy, one wait stays short enough that the queue keeps
    // moving (and frames can expire) rather than sleeping for days.
    if (upper > kMaxBackoffMs) upper = kMaxBackoffMs;
    if (upper <= backoff_min_ms_) return backoff_min_ms_;
    return backoff_min_ms_ + random_.below(upper - backoff_min_ms_);
}

}  // namespace baken::modem
