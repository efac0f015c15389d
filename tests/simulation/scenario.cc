// See scenario.h.
#include "simulation/scenario.h"

#include <cstdio>

namespace baken::sim {

std::string replay_command(const std::string& program, const RunOptions& o) {
    std::string cmd = program + " --seed " + std::to_string(o.seed);
    if (o.scenario != "small") cmd += " --scenario " + o.scenario;
    if (o.nodes > 0) cmd += " --nodes " + std::to_string(o.nodes);
    if (o.messages > 0) cmd += " --messages " + std::to_string(o.messages);
    if (o.adversary >= 0) cmd += " --adversary " + std::to_string(o.adversary);
    if (o.faults >= 0) cmd += " --faults " + std::to_string(o.faults);
    if (o.late_joiner >= 0) cmd += " --late-joiner " + std::to_string(o.late_joiner);
    if (o.trust >= 0) cmd += " --trust " + std::to_string(o.trust);
    char what_if[64];
    if (o.link_mbit > 0) {
        std::snprintf(what_if, sizeof what_if, " --link-mbit %g", o.link_mbit);
        cmd += what_if;
    }
    if (o.link_ms >= 0) {
        std::snprintf(what_if, sizeof what_if, " --link-ms %g", o.link_ms);
        cmd += what_if;
    }
    if (o.scenario == "national") {
        cmd += " --hubs " + std::to_string(o.hubs) + " --points " + std::to_string(o.points);
    }
    if (o.trace_node >= 0) cmd += " --trace " + std::to_string(o.trace_node);
    return cmd + " --verbose";
}

namespace {

Plan small_plan(const RunOptions& o, SimRandom& random) {
    Plan plan;
    int honest = o.nodes > 0 ? o.nodes : static_cast<int>(random.between(5, 14));
    bool adversary = o.adversary >= 0 ? o.adversary == 1 : random.chance(0.7);
    plan.topology = small_topology(random, honest, adversary);
    plan.heal_at = random.between(5, 15) * kMinute;
    plan.messages = o.messages > 0 ? o.messages : static_cast<int>(random.between(50, 250));
    // Sometimes more than the 100 invalid messages a session tolerates, so that limit is hit.
    plan.forgeries = adversary ? static_cast<int>(random.between(5, 300)) : 0;
    FaultIntensity intensity;
    if (o.faults != 0) {
        auto links = static_cast<std::int64_t>(plan.topology.links.size());
        intensity.partitions = static_cast<int>(random.between(0, 2 * links));
        intensity.crashes = static_cast<int>(random.between(0, honest));
        intensity.corruption_windows =
            random.chance(0.3) ? static_cast<int>(random.between(1, 3)) : 0;
        intensity.final_split = random.chance(0.7);
    }
    intensity.late_joiner = o.late_joiner >= 0 ? o.late_joiner == 1 : random.chance(0.15);
    plan.faults = plan_faults(random, plan.topology, plan.heal_at, intensity);
    return plan;
}

// The national scale run: full replication of a large volume, so it is about cost (bytes per
// node, convergence time), with faults that a day in a crisis brings: links that come and go
// and some nodes restarting. Messages live three days: none expires during the run.
Plan national_plan(const RunOptions& o, SimRandom& random) {
    Plan plan;
    bool adversary = o.adversary == 1;
    plan.topology = national_topology(random, o.hubs, o.points, adversary);
    plan.heal_at = 60 * kMinute;
    plan.messages = o.messages > 0 ? o.messages : 100'000;
    plan.post_batch = 25;
    plan.mix.short_lived = 0;
    plan.mix.long_text = 0.02;
    plan.mix.lifetime_ms = 3LL * 24 * 3600 * 1000;
    plan.forgeries = adversary ? 50 : 0;
    plan.quota_bytes = 512ull << 20;
    plan.check_interval = 10 * kSecond;
    plan.exact_convergence = false;
    plan.full_store_checks = 10;
    plan.pictures = false;  // 1,025 pictures of 100,000 messages: memory the run cannot spare
    plan.max_events = 50'000'000'000ULL;
    FaultIntensity intensity;
    if (o.faults != 0) {
        intensity.partitions = static_cast<int>(plan.topology.links.size() / 2);
        intensity.longest_partition = 10 * kMinute;
        intensity.crashes = static_cast<int>(plan.topology.nodes.size() / 50);
        intensity.longest_downtime = 5 * kMinute;
        intensity.final_split = true;
    }
    intensity.late_joiner = o.late_joiner == 1;
    plan.faults = plan_faults(random, plan.topology, plan.heal_at, intensity);
    return plan;
}

// From its own random stream, so that switching trust on or off leaves the rest of a seed's
// plan as it was.
TrustPlan trust_plan(const RunOptions& o, const Plan& plan) {
    SimRandom random = SimRandom(o.seed).stream("trust");
    TrustPlan trust;
    int honest = plan.topology.honest();
    trust.on = o.trust >= 0 ? o.trust == 1 : (o.scenario == "small" && random.chance(0.5));
    if (!trust.on || honest < 3) return trust;
    // Node 0 is the office; one other node is open, and one more may be revoked.
    int open = static_cast<int>(random.between(1, honest - 1));
    trust.open_nodes.push_back(open);
    trust.late_credential_at.push_back(random.between(plan.heal_at / 4, plan.heal_at * 3 / 4));
    if (honest >= 4 && random.chance(0.7)) {
        do {
            trust.revoked = static_cast<int>(random.between(1, honest - 1));
        } while (trust.revoked == open);
        trust.revoked_at = random.between(plan.heal_at / 3, plan.heal_at * 2 / 3);
        trust.revoked_since =
            std::max<SimTime>(0, trust.revoked_at - random.between(0, 5 * kMinute));
    }
    return trust;
}

}  // namespace

Plan make_plan(const RunOptions& options) {
    SimRandom random = SimRandom(options.seed).stream("plan");
    Plan plan = options.scenario == "national" ? national_plan(options, random)
                                               : small_plan(options, random);
    plan.trust = trust_plan(options, plan);
    for (LinkPlan& link : plan.topology.links) {
        if (options.link_mbit > 0) {
            link.params.bytes_per_second = static_cast<std::uint64_t>(options.link_mbit * 125'000);
        }
        if (options.link_ms >= 0) {
            link.params.latency = static_cast<SimTime>(options.link_ms * kMs);
            link.params.jitter = 0;
        }
    }
    return plan;
}

}  // namespace baken::sim
