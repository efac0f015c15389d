// See event_loop.h.
#include "simulation/event_loop.h"

#include <algorithm>

namespace baken::sim {

void EventLoop::at(SimTime at, Callback callback) {
    heap_.push_back(Event{std::max(at, now_), next_seq_++, std::move(callback)});
    std::push_heap(heap_.begin(), heap_.end(), later);
}

bool EventLoop::run_until(SimTime until, std::uint64_t max_events) {
    std::uint64_t ran = 0;
    while (!heap_.empty() && heap_.front().time <= until) {
        if (ran == max_events) return false;
        std::pop_heap(heap_.begin(), heap_.end(), later);
        Event event = std::move(heap_.back());
        heap_.pop_back();
        now_ = event.time;
        ++ran;
        ++events_run_;
        event.callback();
    }
    now_ = std::max(now_, until);
    return true;
}

}  // namespace baken::sim
