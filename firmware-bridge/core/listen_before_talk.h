// Listen before talk with random backoff: before each transmission the modem asks the radio
// whether the channel is busy (LoRa channel activity detection); when it is, it waits a random
// time that doubles with every busy answer (binary exponential backoff, as CSMA radios do),
// and gives the frame up after `max_tries` busy answers. Random numbers come from a small
// xorshift generator seeded per modem (board: the radio's wide-band RSSI noise; host: a seed
// flag), so two modems that heard the same carrier do not retry in step.
#pragma once

#include <cstdint>

namespace baken::modem {

// xorshift32 (Marsaglia 2003): enough to spread retries, no heap, no libc state.
class Xorshift32 {
  public:
    explicit Xorshift32(std::uint32_t seed);  // a seed of 0 is replaced by a fixed non-zero one
    std::uint32_t next();
    // Uniform in [0, bound) for bound >= 1 (Lemire's multiply-shift; bias < 2^-32 * bound).
    std::uint32_t below(std::uint32_t bound);

  private:
    std::uint32_t state_;
};

class ListenBeforeTalk {
  public:
    // The longest single wait, whatever backoff_min_ms and the number of tries.
    static constexpr std::uint32_t kMaxBackoffMs = 30'000;

    ListenBeforeTalk(std::uint32_t seed, std::uint16_t backoff_min_ms, std::uint8_t max_tries);

    void set_backoff(std::uint16_t backoff_min_ms, std::uint8_t max_tries);
    // A new frame is about to be sent: forget the tries of the previous one.
    void start_frame();
    // The channel was busy on this try. Returns the delay in ms before the next check, drawn
    // uniformly from [backoff_min_ms, min(backoff_min_ms * 2^tries, kMaxBackoffMs)) where tries
    // counts this busy answer too (first: [min, 2 min), second: [min, 4 min), ...; the doubling
    // stops at 2^16), or 0 when the frame has had max_tries busy answers and must be given up (and
    // 0 again on every later call until start_frame()). A backoff_min_ms or max_tries of 0 counts
    // as 1.
    std::uint32_t on_busy();
    std::uint8_t tries() const { return tries_; }

  private:
    Xorshift32 random_;
    std::uint16_t backoff_min_ms_;
    std::uint8_t max_tries_;
    std::uint8_t tries_ = 0;
};

}  // namespace baken::modem
