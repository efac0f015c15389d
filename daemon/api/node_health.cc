// The health checks (node_health.h).
#include "api/node_health.h"

namespace baken {
namespace {

void check_storage(const HealthInput& in, Health& health) {
    if (in.quota_bytes == 0) return;
    const std::uint64_t percent = in.stored_bytes * 100 / in.quota_bytes;
    if (percent < static_cast<std::uint64_t>(kStorageWarnPercent)) return;
    health.problems.push_back("storage " + std::to_string(percent) +
                              " % of its quota: the least urgent messages are evicted first; "
                              "raise [storage] quota_mb or free disk space");
}

void check_radios(const HealthInput& in, Health& health) {
    for (const auto& radio : in.radios) {
        if (radio.up) continue;
        health.problems.push_back("radio " + radio.name + ": modem down (" + radio.modem_state +
                                  ")");
    }
}

// Only a node that had peers and lost them is flagged: a support point that reaches the others
// by radio or by stick alone has sync on (the default) and never meets a peer, and calling it
// degraded for ever would teach operators to ignore the verdict.
void check_peers(const HealthInput& in, Health& health) {
    if (!in.sync_enabled || in.peers_connected > 0 || in.last_peer_seen_ms == 0) return;
    const std::int64_t away_ms = in.now_ms - in.last_peer_seen_ms;
    if (away_ms < kLonelyAfterMs) return;
    health.problems.push_back("no peer reached for " + std::to_string(away_ms / 60'000) +
                              " min: messages wait here until a peer, radio or stick comes");
}

}  // namespace

Health assess_health(const HealthInput& input) {
    Health health;
    check_storage(input, health);
    check_radios(input, health);
    check_peers(input, health);
    health.ok = health.problems.empty();
    return health;
}

}  // namespace baken
