// See topology.h.
#include "simulation/topology.h"

#include <algorithm>
#include <deque>
#include <set>

namespace baken::sim {

namespace {

// A link somewhere between a good LAN and a poor long-distance one (kbit/s .. 100 Mbit/s).
LinkParams random_link(SimRandom& random) {
    static constexpr std::uint64_t kBandwidths[] = {128'000, 1'250'000, 12'500'000};
    LinkParams p;
    p.latency = random.between(1, 60) * kMs;
    p.jitter = random.between(0, p.latency / 2);
    p.bytes_per_second = kBandwidths[random.below(3)];
    p.loss = random.chance(0.5) ? 0.0 : 0.001 + 0.049 * random.unit();
    p.duplicate = random.chance(0.5) ? 0.0 : 0.01 * random.unit();
    p.reorder = random.chance(0.5) ? 0.0 : 0.05 * random.unit();
    p.corrupt = 0.05;
    return p;
}

LinkPlan plan_link(SimRandom& random, int a, int b, LinkParams params) {
    LinkPlan link{a, b, params, Dialling::lower_dials, random.chance(0.5)};
    std::uint64_t who = random.below(3);
    link.dialling = who == 0   ? Dialling::lower_dials
                    : who == 1 ? Dialling::higher_dials
                               : Dialling::both_dial;
    return link;
}

void add_adversary(SimRandom& random, Topology& t) {
    int honest = static_cast<int>(t.nodes.size());
    t.adversary = honest;
    t.nodes.push_back(NodePlan{"adversary", 32});
    int links = 1 + static_cast<int>(random.below(2));
    std::set<int> chosen;
    for (int i = 0; i < links; ++i) chosen.insert(static_cast<int>(random.below(honest)));
    for (int peer : chosen) t.links.push_back(plan_link(random, peer, honest, random_link(random)));
}

}  // namespace

Topology small_topology(SimRandom& random, int honest_nodes, bool adversary) {
    Topology t;
    for (int i = 0; i < honest_nodes; ++i)
        t.nodes.push_back(NodePlan{"node-" + std::to_string(i), 32});
    std::set<std::pair<int, int>> joined;
    auto join = [&](int a, int b) {
        if (a == b || !joined.insert({std::min(a, b), std::max(a, b)}).second) return;
        t.links.push_back(plan_link(random, std::min(a, b), std::max(a, b), random_link(random)));
    };
    for (int i = 1; i < honest_nodes; ++i) join(static_cast<int>(random.below(i)), i);
    auto extra = static_cast<int>(random.below(static_cast<std::uint64_t>(honest_nodes)));
    for (int i = 0; i < extra; ++i) {
        join(static_cast<int>(random.below(honest_nodes)),
             static_cast<int>(random.below(honest_nodes)));
    }
    if (adversary) add_adversary(random, t);
    return t;
}

Topology national_topology(SimRandom& random, int hubs, int points, bool adversary) {
    Topology t;
    for (int h = 0; h < hubs; ++h) {
        // A hub serves its region's points plus a few hubs: room beyond the default 32.
        t.nodes.push_back(NodePlan{"VR" + std::to_string(h + 1), 128});
    }
    auto backbone = [&] {
        LinkParams p;
        p.latency = random.between(5, 25) * kMs;
        p.jitter = random.between(0, 5) * kMs;
        p.bytes_per_second = 12'500'000;
        p.loss = 0.001;
        return p;
    };
    auto access = [&] {
        LinkParams p;
        p.latency = random.between(10, 60) * kMs;
        p.jitter = random.between(0, 10) * kMs;
        p.bytes_per_second = random.chance(0.5) ? 1'250'000 : 250'000;
        p.loss = random.chance(0.8) ? 0.0 : 0.01;
        return p;
    };
    std::set<std::pair<int, int>> joined;
    auto join = [&](int a, int b, LinkParams p) {
        if (a == b || !joined.insert({std::min(a, b), std::max(a, b)}).second) return;
        t.links.push_back(plan_link(random, std::min(a, b), std::max(a, b), p));
    };
    for (int h = 0; h < hubs; ++h) {
        join(h, (h + 1) % hubs, backbone());
        join(h, static_cast<int>(random.below(hubs)), backbone());
    }
    for (int p = 0; p < points; ++p) {
        int index = hubs + p;
        int region = p % hubs;
        t.nodes.push_back(
            NodePlan{"VR" + std::to_string(region + 1) + "-" + std::to_string(p / hubs), 32});
        join(region, index, access());
        if (p >= hubs && random.chance(0.2))
            join(index - hubs, index, access());  // a neighbour point
        if (random.chance(0.05)) join(static_cast<int>(random.below(hubs)), index, access());
    }
    if (adversary) add_adversary(random, t);
    return t;
}

int honest_diameter(const Topology& t) {
    int n = t.honest();
    std::vector<std::vector<int>> adjacent(n);
    for (const LinkPlan& l : t.links) {
        if (l.a < n && l.b < n) {
            adjacent[l.a].push_back(l.b);
            adjacent[l.b].push_back(l.a);
        }
    }
    int diameter = 0;
    for (int start = 0; start < n; ++start) {
        std::vector<int> hops(n, -1);
        std::deque<int> queue{start};
        hops[start] = 0;
        while (!queue.empty()) {
            int at = queue.front();
            queue.pop_front();
            for (int next : adjacent[at]) {
                if (hops[next] >= 0) continue;
                hops[next] = hops[at] + 1;
                diameter = std::max(diameter, hops[next]);
                queue.push_back(next);
            }
        }
    }
    return diameter;
}

}  // namespace baken::sim
