// See fault_plan.h.
#include "simulation/fault_plan.h"

#include <algorithm>

namespace baken::sim {

namespace {

// A fault of up to `longest` that starts and ends inside [0, heal_at).
void add_pair(SimRandom& random, std::vector<Fault>& out, SimTime heal_at, SimTime longest,
              Fault::Type begin, Fault::Type end, int target) {
    SimTime start = random.between(0, heal_at - 2 * kSecond);
    SimTime length = random.between(kSecond, longest);
    SimTime stop = std::min(start + length, heal_at - kSecond);
    out.push_back(Fault{start, begin, target});
    out.push_back(Fault{stop, end, target});
}

}  // namespace

std::vector<Fault> plan_faults(SimRandom& random, const Topology& topology, SimTime heal_at,
                               const FaultIntensity& intensity) {
    std::vector<Fault> out;
    auto links = static_cast<std::uint64_t>(topology.links.size());
    auto nodes = static_cast<std::uint64_t>(topology.nodes.size());
    for (int i = 0; i < intensity.partitions && links > 0; ++i) {
        add_pair(random, out, heal_at, intensity.longest_partition, Fault::Type::link_down,
                 Fault::Type::link_up, static_cast<int>(random.below(links)));
    }
    for (int i = 0; i < intensity.crashes; ++i) {
        add_pair(random, out, heal_at, intensity.longest_downtime, Fault::Type::crash,
                 Fault::Type::restart, static_cast<int>(random.below(nodes)));
    }
    for (int i = 0; i < intensity.corruption_windows && links > 0; ++i) {
        add_pair(random, out, heal_at, kMinute, Fault::Type::corrupt_on, Fault::Type::corrupt_off,
                 static_cast<int>(random.below(links)));
    }
    if (intensity.final_split) {
        // Each honest node picks a side; the links across the cut go down until the heal.
        std::vector<bool> side(nodes);
        for (std::uint64_t n = 0; n < nodes; ++n) side[n] = random.chance(0.5);
        SimTime start = heal_at - random.between(kMinute, 5 * kMinute);
        for (std::size_t l = 0; l < topology.links.size(); ++l) {
            const LinkPlan& link = topology.links[l];
            if (side[link.a] == side[link.b]) continue;
            out.push_back(Fault{start, Fault::Type::link_down, static_cast<int>(l)});
            out.push_back(Fault{heal_at, Fault::Type::link_up, static_cast<int>(l)});
        }
    }
    if (intensity.late_joiner) {
        auto node = static_cast<int>(random.below(static_cast<std::uint64_t>(topology.honest())));
        out.push_back(Fault{0, Fault::Type::crash, node});
        out.push_back(Fault{heal_at, Fault::Type::restart, node});
    }
    // Stable: faults at the same moment keep the order they were drawn in.
    std::stable_sort(out.begin(), out.end(),
                     [](const Fault& x, const Fault& y) { return x.at < y.at; });
    return out;
}

}  // namespace baken::sim
