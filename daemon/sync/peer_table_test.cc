#include "sync/peer_table.h"

#include <gtest/gtest.h>

namespace baken::sync {
namespace {

PublicKey key(std::uint8_t b) {
    PublicKey k{};
    k.fill(b);
    return k;
}

TEST(PeerTable, ListsMostRecentlyHeardFirst) {
    PeerTable table;
    table.touch(key(1), 100).name = "a";
    table.touch(key(2), 300).name = "b";
    table.touch(key(1), 200);
    auto peers = table.snapshot();
    ASSERT_EQ(peers.size(), 2u);
    EXPECT_EQ(peers[0].name, "b");
    EXPECT_EQ(peers[1].last_seen_ms, 200);
}

TEST(PeerTable, RemembersWhyASessionEnded) {
    PeerTable table;
    table.touch(key(1), 100).connected = true;
    table.disconnected(key(1), "wrong peer key");
    auto peers = table.snapshot();
    EXPECT_FALSE(peers[0].connected);
    EXPECT_EQ(peers[0].last_error, "wrong peer key");
}

TEST(PeerTable, ForgetsTheLongestUnheardWhenFull) {
    PeerTable table;
    for (std::size_t i = 0; i < PeerTable::kMaxPeers + 1; ++i) {
        PublicKey k{};
        k[0] = static_cast<std::uint8_t>(i);
        k[1] = static_cast<std::uint8_t>(i >> 8);
        table.touch(k, static_cast<std::int64_t>(i) + 1);
    }
    auto peers = table.snapshot();
    EXPECT_EQ(peers.size(), PeerTable::kMaxPeers);
    EXPECT_EQ(peers.back().last_seen_ms, 2);  // the one heard at 1 was forgotten
}

}  // namespace
}  // namespace baken::sync
