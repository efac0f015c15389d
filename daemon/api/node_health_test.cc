// The health verdict: which situations make a node "degraded", and what it says about them.
#include "api/node_health.h"

#include <gtest/gtest.h>

namespace baken {
namespace {

constexpr std::int64_t kHourMs = 3'600'000;

HealthInput healthy() {
    HealthInput in;
    in.now_ms = 10 * kHourMs;
    in.stored_bytes = 10;
    in.quota_bytes = 100;
    in.sync_enabled = true;
    in.peers_connected = 1;
    in.last_peer_seen_ms = in.now_ms;
    return in;
}

TEST(NodeHealth, IsOkWhenNothingIsWrong) {
    Health health = assess_health(healthy());
    EXPECT_TRUE(health.ok);
    EXPECT_STREQ(health.state(), "ok");
    EXPECT_TRUE(health.problems.empty());
}

TEST(NodeHealth, WarnsWhenStorageReachesNinetyPercentOfItsQuota) {
    HealthInput in = healthy();
    in.stored_bytes = 89;
    EXPECT_TRUE(assess_health(in).ok);
    in.stored_bytes = 90;
    Health health = assess_health(in);
    EXPECT_FALSE(health.ok);
    ASSERT_EQ(health.problems.size(), 1u);
    EXPECT_NE(health.problems[0].find("storage 90 %"), std::string::npos);
}

TEST(NodeHealth, NamesEveryRadioWhoseModemIsDown) {
    HealthInput in = healthy();
    in.radios = {{"lora-869", false, "cannot open /dev/ttyUSB0: no such device"},
                 {"vhf", true, "open"}};
    Health health = assess_health(in);
    EXPECT_STREQ(health.state(), "degraded");
    ASSERT_EQ(health.problems.size(), 1u);
    EXPECT_EQ(health.problems[0],
              "radio lora-869: modem down (cannot open /dev/ttyUSB0: no such device)");
}

TEST(NodeHealth, WarnsWhenNoPeerWasReachedForFifteenMinutes) {
    HealthInput in = healthy();
    in.peers_connected = 0;
    in.last_peer_seen_ms = in.now_ms - kLonelyAfterMs + 1;
    EXPECT_TRUE(assess_health(in).ok);
    in.last_peer_seen_ms = in.now_ms - 40 * 60'000;
    Health health = assess_health(in);
    ASSERT_EQ(health.problems.size(), 1u);
    EXPECT_NE(health.problems[0].find("no peer reached for 40 min"), std::string::npos);
}

TEST(NodeHealth, DoesNotFlagANodeThatNeverHadPeers) {
    // A support point reached by radio or stick only: sync on, no peer ever.
    HealthInput in = healthy();
    in.peers_connected = 0;
    in.last_peer_seen_ms = 0;
    EXPECT_TRUE(assess_health(in).ok);
}

TEST(NodeHealth, ExpectsNoPeersWhenSyncIsOff) {
    HealthInput in = healthy();
    in.sync_enabled = false;
    in.peers_connected = 0;
    in.last_peer_seen_ms = 0;
    EXPECT_TRUE(assess_health(in).ok);
}

TEST(NodeHealth, ListsEveryProblemAtOnce) {
    HealthInput in = healthy();
    in.stored_bytes = 95;
    in.radios = {{"a", false, "closed"}, {"b", false, "closed"}};
    in.peers_connected = 0;
    in.last_peer_seen_ms = in.now_ms - kHourMs;
    EXPECT_EQ(assess_health(in).problems.size(), 4u);
}

}  // namespace
}  // namespace baken
