// One session per pair of honest nodes in a stable mesh: where both ends of a link dial, the
// first dials may cross and one session is closed as a duplicate; after that the losing dialer
// waits for the kept session to end instead of redialling into another duplicate every backoff
// period (which it did before: thousands of closes in the national run).
#include <gtest/gtest.h>

#include "simulation/mesh.h"

namespace baken::sim {
namespace {

constexpr const char* kDuplicate = "duplicate session with the same peer";

std::uint64_t duplicate_closes(const RunResult& r) {
    std::uint64_t n = 0;
    for (const NodeStats& s : r.per_node) {
        auto it = s.close_reasons.find(kDuplicate);
        if (it != s.close_reasons.end()) n += it->second;
    }
    return n;
}

TEST(DuplicateSessions, StableMeshClosesAtMostTheFirstCrossedDialPerLink) {
    for (std::uint64_t seed = 1; seed <= 6; ++seed) {
        RunOptions o;
        o.seed = seed;
        o.nodes = 8;
        o.adversary = 0;
        o.faults = 0;
        o.late_joiner = 0;
        RunResult r = run(o);
        ASSERT_TRUE(r.passed()) << "seed " << seed << ": " << r.violations.front();
        // Each end of a crossed pair may close the loser once: at most 2 per link, and the
        // mesh runs 5-15 simulated minutes, which used to give a duplicate every minute.
        EXPECT_LE(duplicate_closes(r), static_cast<std::uint64_t>(2 * r.links)) << "seed " << seed;
    }
}

// Links that come and go: each outage may bring one more crossed pair when both ends redial,
// but not one per backoff period while the link is up.
TEST(DuplicateSessions, FewDuplicatesWithFaults) {
    for (std::uint64_t seed = 1; seed <= 6; ++seed) {
        RunOptions o;
        o.seed = seed;
        o.adversary = 0;
        RunResult r = run(o);
        ASSERT_TRUE(r.passed()) << "seed " << seed << ": " << r.violations.front();
        auto bound = 2 * static_cast<std::uint64_t>(r.links) + 2 * r.faults;
        EXPECT_LE(duplicate_closes(r), bound) << "seed " << seed;
    }
}

}  // namespace
}  // namespace baken::sim
