// Time is given to the core, never read by it: the daemon passes the system clock, the
// simulator passes a clock it controls.
#pragma once

#include <cstdint>

namespace baken {

class Clock {
  public:
    virtual ~Clock() = default;
    // Unix time in milliseconds.
    virtual std::int64_t now_ms() const = 0;
};

class SystemClock final : public Clock {
  public:
    std::int64_t now_ms() const override;
};

// A clock that moves only when told to; for tests and simulation.
class ManualClock final : public Clock {
  public:
    explicit ManualClock(std::int64_t start_ms) : now_(start_ms) {}
    std::int64_t now_ms() const override { return now_; }
    void advance_ms(std::int64_t delta) { now_ += delta; }
    void set_ms(std::int64_t t) { now_ = t; }

  private:
    std::int64_t now_;
};

}  // namespace baken
