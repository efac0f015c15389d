// SyncService over real loopback sockets: two nodes that both list each other as peers keep one
// session, and the dialer whose session lost the duplicate rule waits instead of redialling
// into another duplicate every backoff period.
#include "sync/tcp/sync_service.h"

#include <gtest/gtest.h>

#include <boost/asio/post.hpp>

#include "support/sync_pair.h"
#include "support/temp_dir.h"

namespace baken::sync {
namespace {

struct LoopbackNode {
    LoopbackNode(boost::asio::io_context& io, const std::filesystem::path& dir, std::uint8_t seed)
        : identity(Identity::from_seed(testing::filled<32>(seed))),
          store(std::move(Store::open({dir, 64ull << 20})).value()),
          validation(*store, clock),
          service(io, identity, *store, validation, clock, peers, "node", 8) {}
    SystemClock clock;
    Identity identity;
    std::unique_ptr<Store> store;
    ValidationPath validation;
    PeerTable peers;
    SyncService service;
};

// Long enough for the losing dialer to come back at 1 s and 3 s (±25 %) if it did not wait.
constexpr auto kRun = std::chrono::milliseconds(5500);

void expect_one_session_without_repeated_duplicates(bool pin_keys) {
    testing::TempDir dir;
    boost::asio::io_context io;
    LoopbackNode a(io, dir.path() / "a", 1), b(io, dir.path() / "b", 2);
    ASSERT_TRUE(a.service.listen("127.0.0.1", 0));
    ASSERT_TRUE(b.service.listen("127.0.0.1", 0));
    auto key = [&](const LoopbackNode& n) {
        return pin_keys ? to_hex(ByteView(n.identity.public_key().data(), 32)) : std::string();
    };
    a.service.add_peer({"127.0.0.1", b.service.local_port(), key(b)});
    b.service.add_peer({"127.0.0.1", a.service.local_port(), key(a)});
    io.run_for(kRun);
    EXPECT_EQ(a.service.session_count(), 1u);
    EXPECT_EQ(b.service.session_count(), 1u);
    // The first dials of both may cross (each end may close the loser); after that, none.
    EXPECT_LE(a.service.duplicate_closes() + b.service.duplicate_closes(), 2u);
    a.service.stop();
    b.service.stop();
    io.run_for(std::chrono::milliseconds(100));
}

TEST(SyncService, BothDialWithoutPinnedKeysKeepOneSession) {
    expect_one_session_without_repeated_duplicates(false);
}

TEST(SyncService, BothDialWithPinnedKeysKeepOneSession) {
    expect_one_session_without_repeated_duplicates(true);
}

}  // namespace
}  // namespace baken::sync
