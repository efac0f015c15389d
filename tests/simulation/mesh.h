// One simulation run: builds the mesh a Plan describes, drives the workload, the adversary
// and the faults until they heal, then runs until every honest node holds the same live
// messages (or the bound passes), and checks the properties (properties.h).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "simulation/scenario.h"
#include "simulation/sim_node.h"

namespace baken::sim {

struct RunResult {
    std::vector<std::string> violations;  // empty: the run passed
    int nodes = 0;
    int links = 0;
    int diameter = 0;
    bool adversary = false;
    SimTime heal_at = 0;
    SimTime bound = 0;
    std::string bound_text;
    std::optional<SimTime> converged_after;  // since heal_at
    std::uint64_t posted = 0;
    std::uint64_t post_refused = 0;  // the node was down, or refused it
    std::uint64_t live_at_end = 0;
    int pictures_checked = 0;  // nodes whose picture digest was compared
    std::uint64_t forged = 0;
    std::uint64_t faults = 0;
    std::uint64_t events = 0;
    double real_seconds = 0;
    std::vector<NodeStats> per_node;        // honest nodes and the adversary, by index
    std::vector<std::uint64_t> wire_bytes;  // per node, on the wire (headers, retransmissions)
    std::vector<std::string> names;
    std::vector<std::string> link_lines;  // each link: ends, latency, bandwidth, loss, ...
    std::uint64_t packets_lost = 0;
    std::uint64_t connections = 0;
    std::uint64_t corrupted = 0;     // damaged packets delivered (the AEAD must catch each)
    std::uint64_t store_bytes = 0;   // all stores together at the end (Store::stats used_bytes)
    std::uint64_t peak_rss_kib = 0;  // of this process, so far (getrusage)
    std::string trust_line;          // what the region's authorisation did; empty when off

    bool passed() const { return violations.empty(); }
    // Counters that must be equal between two runs of the same seed.
    std::string fingerprint() const;
};

RunResult run(const RunOptions& options);

}  // namespace baken::sim
