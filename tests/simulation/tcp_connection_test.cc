// The simulator's TCP model must be a faithful byte stream, or sessions above it would fail
// for the simulator's sake: exact, ordered delivery under loss, duplication and reordering;
// FIN after the last byte; RST from a rebooted machine; giving up on a dead link.
#include "simulation/tcp_connection.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace baken::sim {
namespace {

struct Recorder final : TcpOwner {
    std::string data;
    bool fin = false;
    std::string reset;
    void on_tcp_data(ByteView d) override { data.append(as_chars(d)); }
    void on_tcp_fin() override { fin = true; }
    void on_tcp_reset(const std::string& reason) override { reset = reason; }
    void on_tcp_writable() override {}
};

struct Fixture {
    EventLoop loop;
    bool host_up[2] = {true, true};
    NetContext net{loop, SimRandom(7), [this](int node) { return host_up[node]; }};
    Link link;
    std::shared_ptr<TcpConnection> connection;
    Recorder ends[2];

    explicit Fixture(LinkParams params) : link(0, 1, params) {
        connection = std::make_shared<TcpConnection>(net, link, 0, 1, 0);
        connection->attach(0, &ends[0]);
        connection->attach(1, &ends[1]);
    }
};

std::string pattern(std::size_t n) {
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>(i * 31 + i / 7);
    return s;
}

TEST(TcpConnection, DeliversExactlyInOrderDespiteLossDuplicationAndReordering) {
    LinkParams p;
    p.latency = 20 * kMs;
    p.jitter = 15 * kMs;
    p.loss = 0.1;
    p.duplicate = 0.1;
    p.reorder = 0.2;
    Fixture f(p);
    std::string sent = pattern(2'000'000);
    // Written in pieces, as a session would, whenever the window has room.
    std::size_t offset = 0;
    for (int round = 0; round < 100'000 && offset < sent.size(); ++round) {
        if (f.connection->unacknowledged(0) < TcpConnection::kWindowBytes) {
            std::size_t n = std::min<std::size_t>(50'000, sent.size() - offset);
            f.connection->write(0, std::string_view(sent).substr(offset, n));
            offset += n;
        }
        f.loop.run_until(f.loop.now() + 100 * kMs, 10'000'000);
    }
    f.loop.run_until(f.loop.now() + 10 * kMinute, 10'000'000);
    EXPECT_EQ(f.ends[1].data.size(), sent.size());
    EXPECT_TRUE(f.ends[1].data == sent);
    EXPECT_EQ(f.connection->unacknowledged(0), 0u);
}

TEST(TcpConnection, FinArrivesAfterTheLastByte) {
    Fixture f(LinkParams{});
    f.connection->write(0, "hello");
    f.connection->close(0);
    f.loop.run_until(kMinute, 100'000);
    EXPECT_EQ(f.ends[1].data, "hello");
    EXPECT_TRUE(f.ends[1].fin);
}

TEST(TcpConnection, ARebootedMachineAnswersWithReset) {
    Fixture f(LinkParams{});
    f.connection->vanish(1);  // node 1 crashed ...
    f.host_up[1] = false;
    f.connection->write(0, "anyone there?");
    f.loop.run_until(2 * kSecond, 100'000);
    EXPECT_EQ(f.ends[0].reset, "");  // ... and is silent while down
    f.host_up[1] = true;             // rebooted: the next retransmission meets a RST
    f.loop.run_until(kMinute, 100'000);
    EXPECT_EQ(f.ends[0].reset, "connection reset by peer");
}

TEST(TcpConnection, SurvivesAShortOutageAndGivesUpOnALongOne) {
    Fixture f(LinkParams{});
    f.link.set_up(false);
    f.connection->write(0, "through the outage");
    f.loop.run_until(30 * kSecond, 100'000);
    f.link.set_up(true);
    f.loop.run_until(5 * kMinute, 100'000);
    EXPECT_EQ(f.ends[1].data, "through the outage");

    f.link.set_up(false);
    f.connection->write(0, "into the void");
    f.loop.run_until(2 * 3600 * kSecond, 1'000'000);
    EXPECT_EQ(f.ends[0].reset, "connection timed out");
}

}  // namespace
}  // namespace baken::sim
