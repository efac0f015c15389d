// A run's plan, drawn from its seed: topology, workload, adversary, faults, and when the
// faults heal. The command line names a seed and optionally overrides a few sizes; the rest
// follows from the seed, so `--seed N` plus the printed overrides replays a run exactly.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "simulation/fault_plan.h"
#include "simulation/topology.h"
#include "simulation/workload.h"

namespace baken::sim {

struct RunOptions {
    std::uint64_t seed = 1;
    std::string scenario = "small";   // "small" or "national"
    int nodes = 0;                    // honest nodes (small); 0: from the seed
    int messages = 0;                 // 0: from the seed (small) or 100,000 (national)
    int adversary = -1;               // -1: from the seed; 0: none; 1: present
    int hubs = 25;                    // national
    int points = 1000;                // national
    int faults = -1;                  // -1: from the seed; 0: no faults (a calm run)
    double link_mbit = 0;             // > 0: every link has this bandwidth (what-if runs)
    double link_ms = -1;              // >= 0: every link has this one-way latency, no jitter
    int late_joiner = -1;             // -1: from the seed; 1: one node first starts at the heal
    int trust = -1;                   // -1: from the seed (small); 0: no region root; 1: trust
    std::filesystem::path data_root;  // stores go below it; default /dev/shm or $TMPDIR
    bool verbose = false;
    int trace_node = -1;          // >= 0: print what this node does
    double max_real_seconds = 0;  // 0: no limit
};

// The exact command line that replays a run with these options.
std::string replay_command(const std::string& program, const RunOptions& options);

// The region's authorisation (docs/trust.md), when on: every honest node believes one region
// root and gets a region-staff credential at the start, except the `open` nodes, which believe
// no root (set up in a hurry): what they post spreads at once, but the nodes that do believe
// the root keep it in quarantine until the region imports the open node's credential at the
// office (node 0), at `late_credential_at`. Node `revoked` (if >= 0) is revoked at
// `revoked_at`, during the faults, from `revoked_since` on.
struct TrustPlan {
    bool on = false;
    std::vector<int> open_nodes;
    std::vector<SimTime> late_credential_at;  // per open node
    int revoked = -1;
    SimTime revoked_at = 0;
    SimTime revoked_since = 0;
};

struct Plan {
    Topology topology;
    std::vector<Fault> faults;
    SimTime heal_at = 0;  // faults and posting end here
    int messages = 0;
    int post_batch = 1;  // messages per posting event (the national run posts in bulk)
    WorkloadMix mix;
    int forgeries = 0;
    TrustPlan trust;
    std::uint64_t quota_bytes = 64ull << 20;
    SimTime check_interval = kSecond;  // how often convergence is checked after the heal
    bool exact_convergence = true;     // compare live id sets (else: message counts)
    int full_store_checks = -1;        // how many nodes get every message re-verified; -1: all
    bool pictures = true;              // every node keeps a picture; digests checked at the end
    std::uint64_t max_events = 200'000'000;
};

// REQUIRES: options.scenario is "small" or "national".
Plan make_plan(const RunOptions& options);

}  // namespace baken::sim
