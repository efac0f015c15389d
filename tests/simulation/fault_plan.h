// The faults of one run: links that go down and come back (partitions), nodes that crash
// and restart with their store, and windows in which links corrupt packets. Every fault has
// healed by `heal_at`: from then on the network only delays, loses, duplicates and reorders
// (what TCP hides), and the mesh must converge.
#pragma once

#include <cstdint>
#include <vector>

#include "simulation/event_loop.h"
#include "simulation/sim_random.h"
#include "simulation/topology.h"

namespace baken::sim {

struct Fault {
    enum class Type { link_down, link_up, crash, restart, corrupt_on, corrupt_off };
    SimTime at = 0;
    Type type = Type::link_down;
    int target = 0;  // a link index or a node index
};

struct FaultIntensity {
    int partitions = 0;  // link outages
    SimTime longest_partition = 4 * kMinute;
    int crashes = 0;
    SimTime longest_downtime = 3 * kMinute;
    int corruption_windows = 0;
    // The mesh splits in two for the last minutes before the heal while people keep posting
    // on both sides: the heal then has two diverged halves to reconcile.
    bool final_split = false;
    // One honest node is down from the start until the heal: a new node joining a mesh that
    // already holds everything (the bulk transfer, and the key-list fallback of reconciliation).
    bool late_joiner = false;
};

// Faults in [0, heal_at], in time order; every down has its up by heal_at.
std::vector<Fault> plan_faults(SimRandom& random, const Topology& topology, SimTime heal_at,
                               const FaultIntensity& intensity);

}  // namespace baken::sim
