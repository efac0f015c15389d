// See link.h.
#include "simulation/link.h"

#include <algorithm>

namespace baken::sim {

namespace {
// The IP and TCP headers each packet carries on the wire.
constexpr std::size_t kHeaderBytes = 40;
}  // namespace

Transit Link::send(int from, std::size_t bytes, SimTime now, SimRandom& random) {
    int dir = direction(from);
    std::size_t wire = bytes + kHeaderBytes;
    bytes_[dir] += wire;
    auto serialise = static_cast<SimTime>(wire * kSecond / params_.bytes_per_second);
    SimTime start = std::max(now, busy_until_[dir]);
    busy_until_[dir] = start + std::max<SimTime>(serialise, 1);
    Transit t;
    if (!up_ || random.chance(params_.loss)) {
        ++packets_lost_;
        t.lost = true;
        return t;
    }
    t.arrival = busy_until_[dir] + params_.latency + random.between(0, params_.jitter);
    if (random.chance(params_.reorder)) t.arrival += params_.latency + params_.jitter;
    if (random.chance(params_.duplicate)) {
        t.duplicate_arrival = t.arrival + random.between(0, params_.latency + params_.jitter);
    }
    t.corrupted = corruption_on_ && bytes > 0 && random.chance(params_.corrupt);
    return t;
}

SimTime Link::control_delay(SimRandom& random) {
    return params_.latency + random.between(0, params_.jitter);
}

}  // namespace baken::sim
