// Is this node well? A few checks an operator can act on, shared by GET /api/v1/status (and so
// `baken status`) and the metrics endpoint: the store close to its quota, a radio whose modem
// is down, a node that had peers and has reached none for a while. Sans-IO: figures in, verdict
// out.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace baken {

struct HealthInput {
    std::int64_t now_ms = 0;
    std::uint64_t stored_bytes = 0;
    std::uint64_t quota_bytes = 0;
    bool sync_enabled = false;
    std::size_t peers_connected = 0;
    std::int64_t last_peer_seen_ms = 0;  // the most recent of all peers; 0: none ever
    struct Radio {
        std::string name;
        bool up = false;
        std::string modem_state;  // why it is down
    };
    std::vector<Radio> radios;
};

struct Health {
    bool ok = true;
    // One line per problem, for a person: what is wrong and what it means.
    std::vector<std::string> problems;
    const char* state() const { return ok ? "ok" : "degraded"; }
};

// Storage at or above this share of the quota: eviction of routine messages is near or running.
inline constexpr int kStorageWarnPercent = 90;
// A node that had peers and has reached none for this long is cut off.
inline constexpr std::int64_t kLonelyAfterMs = 15 * 60 * 1000;

Health assess_health(const HealthInput& input);

}  // namespace baken
