// The wall clock every simulated node reads: the event loop's time plus a fixed epoch.
//
// All nodes share it: the simulator checks convergence of the *live* (unexpired) message sets,
// and that comparison is only meaningful when every node agrees on what "now" is. (Clock skew
// between nodes is a separate fault, not modelled yet.)
#pragma once

#include "common/clock.h"
#include "simulation/event_loop.h"

namespace baken::sim {

class SimClock final : public Clock {
  public:
    SimClock(const EventLoop& loop, std::int64_t epoch_ms) : loop_(loop), epoch_ms_(epoch_ms) {}
    std::int64_t now_ms() const override { return epoch_ms_ + loop_.now() / kMs; }
    std::int64_t epoch_ms() const { return epoch_ms_; }
    // The simulated time at which the wall clock shows `ms`.
    SimTime at_ms(std::int64_t ms) const { return (ms - epoch_ms_) * kMs; }

  private:
    const EventLoop& loop_;
    std::int64_t epoch_ms_;
};

}  // namespace baken::sim
