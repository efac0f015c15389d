// Three real bakend processes on loopback in a line A – B – C: what a town hall, a relay and
// the region do when only neighbours can reach each other, and when the relay loses power.
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "baken/v1/api.pb.h"
#include "common/clock.h"
#include "store/store.h"
#include "support/child_process.h"
#include "support/sample_messages.h"
#include "support/temp_dir.h"
#include "validation/validation_path.h"

namespace baken::testing {
namespace {
using namespace std::chrono_literals;

struct MeshNode {
    std::filesystem::path data;
    int sync_port;
    std::filesystem::path config;
};

MeshNode make_node(const std::filesystem::path& root, const std::string& name,
                   const std::string& peer) {
    MeshNode node{root / name, free_loopback_port(), root / (name + ".toml")};
    std::filesystem::create_directories(node.data);
    std::ofstream(node.config) << "[node]\nname = \"" << name
                               << "\"\n[sync]\nlisten = \"127.0.0.1:" << node.sync_port
                               << "\"\npeers = [" << (peer.empty() ? "" : "\"" + peer + "\"")
                               << "]\n[discovery]\nenabled = false\n";
    return node;
}

std::unique_ptr<DaemonProcess> start(const MeshNode& node) {
    // --sync-listen is the test default (port 0); the config's fixed port must win here.
    auto daemon = std::make_unique<DaemonProcess>(
        node.data, std::vector<std::string>{"--config", node.config.string(), "--sync-listen",
                                            "127.0.0.1:" + std::to_string(node.sync_port)});
    EXPECT_TRUE(daemon->wait_ready()) << daemon->log();
    return daemon;
}

std::uint64_t message_count(const MeshNode& node) {
    auto r = run({baken_path().string(), "--data", node.data.string(), "status", "--json"}, 10s);
    v1::NodeStatus status;
    if (r.exit_code != 0 || !google::protobuf::util::JsonStringToMessage(r.out, &status).ok())
        return 0;
    // Sitreps only: each daemon also posts its own node info, which the mesh carries too.
    auto sitreps = status.messages_by_kind().find("sitrep");
    return sitreps == status.messages_by_kind().end() ? 0 : sitreps->second;
}

// Polls until every node holds `expected` messages; false after `limit`.
bool converge(const std::vector<const MeshNode*>& nodes, std::uint64_t expected,
              std::chrono::seconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        bool all = true;
        for (const MeshNode* n : nodes) all = all && message_count(*n) == expected;
        if (all) return true;
        std::this_thread::sleep_for(200ms);
    }
    return false;
}

// Fills a node's store before its daemon starts: thousands of valid messages in one batch.
void preload(const MeshNode& node, int count) {
    SystemClock clock;
    auto store = std::move(Store::open({node.data / "store", 1ull << 30})).value();
    ValidationPath path(*store, clock);
    Identity author = Identity::generate();
    std::vector<DecodedMessage> messages;
    for (int i = 0; i < count; ++i) {
        messages.push_back(
            signed_sitrep(author, i, i % 10 == 0 ? v1::FLASH : v1::ROUTINE, clock.now_ms() - i));
    }
    std::vector<ByteView> bytes;
    for (const auto& m : messages) bytes.push_back(as_bytes(m.envelope_bytes));
    for (const auto& verdict : path.submit_batch(bytes)) ASSERT_TRUE(verdict);
}

TEST(MeshSync, ASitrepPostedAtOneEndReachesTheOtherThroughTheRelay) {
    TempDir dir;
    MeshNode a = make_node(dir.path(), "a", "");
    MeshNode b = make_node(dir.path(), "b", "127.0.0.1:" + std::to_string(a.sync_port));
    MeshNode c = make_node(dir.path(), "c", "127.0.0.1:" + std::to_string(b.sync_port));
    auto da = start(a), db = start(b), dc = start(c);
    auto posted = run(post_sitrep_args(a.data, "Stroomstoring Overvecht"));
    ASSERT_EQ(posted.exit_code, 0) << posted.err;
    EXPECT_TRUE(converge({&a, &b, &c}, 1, 30s)) << db->log() << dc->log();
    auto shown = run({baken_path().string(), "--data", c.data.string(), "list", "--json"});
    EXPECT_NE(shown.out.find("Stroomstoring Overvecht"), std::string::npos) << shown.out;
    auto peers = run({baken_path().string(), "--data", b.data.string(), "peers"});
    EXPECT_NE(peers.out.find("connected"), std::string::npos) << peers.out;
}

TEST(MeshSync, TheRelayKilledMidTransferRestartsAndAllThreeConverge) {
    TempDir dir;
    MeshNode a = make_node(dir.path(), "a", "");
    MeshNode b = make_node(dir.path(), "b", "127.0.0.1:" + std::to_string(a.sync_port));
    MeshNode c = make_node(dir.path(), "c", "127.0.0.1:" + std::to_string(b.sync_port));
    constexpr int kMessages = 5000;
    preload(a, kMessages);
    auto da = start(a), dc = start(c);
    auto db = start(b);
    // Kill B as soon as it holds some of A's messages.
    for (int i = 0; i < 300 && message_count(b) == 0; ++i) std::this_thread::sleep_for(20ms);
    std::uint64_t at_kill = message_count(b);
    db->kill_hard();
    std::cout << "B held " << at_kill << " of " << kMessages << " messages when killed\n";
    db = start(b);
    EXPECT_TRUE(converge({&a, &b, &c}, kMessages, 90s))
        << "a=" << message_count(a) << " b=" << message_count(b) << " c=" << message_count(c)
        << "\n"
        << db->log() << dc->log();
}

// Sends `bytes` to 127.0.0.1:port on a fresh connection and waits (bounded) for the close.
void send_raw(int port, const std::string& bytes) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ASSERT_EQ(::write(fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
    timeval timeout{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    char buffer[256];
    for (int i = 0; i < 100 && ::read(fd, buffer, sizeof buffer) > 0; ++i) {
    }
    ::close(fd);
}

TEST(MeshSync, GarbageOnTheSyncPortIsDroppedWithAReasonAndTheNodeStaysUp) {
    TempDir dir;
    MeshNode a = make_node(dir.path(), "a", "");
    auto da = start(a);
    send_raw(a.sync_port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");  // a length of ~1.2 GB
    send_raw(a.sync_port,
             std::string("\x00\x00\x00\x2c", 4) + std::string(44, 'x'));  // not a hello
    auto status = run({baken_path().string(), "--data", a.data.string(), "status"});
    EXPECT_EQ(status.exit_code, 0) << status.err;
    EXPECT_TRUE(da->wait_for_log("bad magic")) << da->log();
    EXPECT_NE(da->log().find("oversized"), std::string::npos) << da->log();
    EXPECT_NE(da->log().find("ended:"), std::string::npos) << da->log();
}

}  // namespace
}  // namespace baken::testing
