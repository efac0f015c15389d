// The simulation's event loop: callbacks ordered by simulated time.
//
// Time is in microseconds since the start of the run (SimTime), fine enough to serialise a
// TCP segment on a fast link. Events at the same time run in the order they were scheduled
// (a sequence number breaks ties, never a pointer value), so a run is a pure function of its
// seed. Nothing here reads a real clock.
//
// Cancelling is left to the owners: an owner that may no longer want a scheduled callback
// keeps a generation counter or a weak reference and checks it when the callback runs.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace baken::sim {

using SimTime = std::int64_t;  // microseconds since the run began
inline constexpr SimTime kMs = 1000;
inline constexpr SimTime kSecond = 1000 * kMs;
inline constexpr SimTime kMinute = 60 * kSecond;

class EventLoop {
  public:
    using Callback = std::function<void()>;

    SimTime now() const { return now_; }
    // REQUIRES: at >= now() (an event in the past runs now).
    void at(SimTime at, Callback callback);
    void after(SimTime delay, Callback callback) { at(now_ + delay, std::move(callback)); }

    // Runs events in time order until none is left before `until`, or `max_events` have run
    // (the bound that keeps a buggy feedback loop from spinning forever). Afterwards now() is
    // `until` unless stopped early. Returns false when stopped by max_events.
    bool run_until(SimTime until, std::uint64_t max_events);

    std::uint64_t events_run() const { return events_run_; }
    std::size_t pending() const { return heap_.size(); }

  private:
    struct Event {
        SimTime time;
        std::uint64_t seq;
        Callback callback;
    };
    // Min-heap on (time, seq): std::*_heap build a max-heap, so "less" means "later".
    static bool later(const Event& a, const Event& b) {
        return a.time != b.time ? a.time > b.time : a.seq > b.seq;
    }

    std::vector<Event> heap_;
    SimTime now_ = 0;
    std::uint64_t next_seq_ = 0;
    std::uint64_t events_run_ = 0;
};

}  // namespace baken::sim
