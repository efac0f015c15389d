// Who is linked to whom, over what kind of link, and who dials whom.
//
// small:    5-15 nodes, a random spanning tree plus random extra links (so there are loops and
//           several paths), link qualities from a fast LAN to a poor long-distance link.
// national: 25 region hubs on a backbone (a ring plus chords), each with ~40 support points
//           and town halls; most points hang off their hub only, some also reach a neighbour
//           point or a second hub.
// An adversary, when present, is one more node linked to one or two honest nodes; the honest
// nodes are connected without it, so it is never the only path.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "simulation/link.h"
#include "simulation/sim_random.h"

namespace baken::sim {

enum class Dialling { lower_dials, higher_dials, both_dial };

struct LinkPlan {
    int a = 0;
    int b = 0;
    LinkParams params;
    Dialling dialling = Dialling::lower_dials;
    bool pin = false;  // the dialler pins the other's key, as a configured peer may
};

struct NodePlan {
    std::string name;
    std::size_t max_sessions = 32;
};

struct Topology {
    std::vector<NodePlan> nodes;  // honest nodes first, then the adversary (if any)
    std::vector<LinkPlan> links;
    int adversary = -1;  // its node index, or -1
    int honest() const { return adversary < 0 ? static_cast<int>(nodes.size()) : adversary; }
};

Topology small_topology(SimRandom& random, int honest_nodes, bool adversary);
Topology national_topology(SimRandom& random, int hubs, int points, bool adversary);

// The longest shortest path, in hops, between two honest nodes over honest links.
int honest_diameter(const Topology& topology);

}  // namespace baken::sim
