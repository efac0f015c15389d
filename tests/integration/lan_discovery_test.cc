// LAN discovery between two network namespaces that this test creates and removes: two nodes
// with no configured peers find each other by their beacons and sync. No interface outside
// the namespaces is touched; the addresses are from TEST-NET-1 (192.0.2.0/24, RFC 5737),
// which exists only inside them.
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "baken/v1/api.pb.h"
#include "support/child_process.h"
#include "support/temp_dir.h"

namespace baken::testing {
namespace {
using namespace std::chrono_literals;

bool ip(const std::vector<std::string>& args) {
    std::vector<std::string> argv{"ip"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, 10s).exit_code == 0;
}

// Two namespaces joined by a veth pair; removed (with the pair) when the object goes.
class NamespacePair {
  public:
    NamespacePair()
        : a_("baken-test-" + std::to_string(::getpid()) + "-a"),
          b_("baken-test-" + std::to_string(::getpid()) + "-b") {
        ok_ = ip({"netns", "add", a_}) && ip({"netns", "add", b_}) &&
              ip({"link", "add", "bkn-a", "netns", a_, "type", "veth", "peer", "name", "bkn-b",
                  "netns", b_}) &&
              ip({"-n", a_, "addr", "add", "192.0.2.1/24", "broadcast", "192.0.2.255", "dev",
                  "bkn-a"}) &&
              ip({"-n", b_, "addr", "add", "192.0.2.2/24", "broadcast", "192.0.2.255", "dev",
                  "bkn-b"}) &&
              ip({"-n", a_, "link", "set", "bkn-a", "up"}) &&
              ip({"-n", b_, "link", "set", "bkn-b", "up"}) &&
              ip({"-n", a_, "link", "set", "lo", "up"}) &&
              ip({"-n", b_, "link", "set", "lo", "up"});
    }
    ~NamespacePair() {
        ip({"netns", "del", a_});
        ip({"netns", "del", b_});
    }
    bool ok() const { return ok_; }
    const std::string& a() const { return a_; }
    const std::string& b() const { return b_; }

  private:
    std::string a_, b_;
    bool ok_ = false;
};

std::unique_ptr<DaemonProcess> start_in(const std::string& ns, const std::filesystem::path& data,
                                        const std::string& name) {
    auto config = data.string() + ".toml";
    std::ofstream(config) << "[node]\nname = \"" << name
                          << "\"\n[sync]\nlisten = \"0.0.0.0:7717\"\n"
                          << "[discovery]\nenabled = true\ninterval_s = 5\n";
    auto daemon = std::make_unique<DaemonProcess>(
        data,
        DaemonProcess::Command{{"ip", "netns", "exec", ns, bakend_path().string(), "--data",
                                data.string(), "--config", config, "--listen", "127.0.0.1:0"}});
    EXPECT_TRUE(daemon->wait_ready()) << daemon->log();
    return daemon;
}

TEST(LanDiscovery, TwoNodesWithoutConfiguredPeersFindEachOtherAndSync) {
    if (::geteuid() != 0) GTEST_SKIP() << "creating network namespaces needs root";
    NamespacePair namespaces;
    if (!namespaces.ok())
        GTEST_SKIP() << "this machine cannot create network namespaces (ip netns)";
    TempDir dir;
    auto a = start_in(namespaces.a(), dir.path() / "a", "Gemeentehuis");
    auto b = start_in(namespaces.b(), dir.path() / "b", "Steunpunt");

    std::vector<std::string> post{"ip", "netns", "exec", namespaces.a()};
    auto sitrep = post_sitrep_args(dir.path() / "a", "Gevonden via het LAN");
    post.insert(post.end(), sitrep.begin(), sitrep.end());
    auto posted = run(post);
    ASSERT_EQ(posted.exit_code, 0) << posted.err;
    v1::PostResult result;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(posted.out, &result).ok());

    bool arrived = false;
    for (int i = 0; i < 150 && !arrived; ++i) {  // beacons every 5 s ±20 %: 30 s is plenty
        auto listed = run({"ip", "netns", "exec", namespaces.b(), baken_path().string(), "--data",
                           (dir.path() / "b").string(), "list", "--json"});
        arrived = listed.out.find(result.id()) != std::string::npos;
        if (!arrived) std::this_thread::sleep_for(200ms);
    }
    EXPECT_TRUE(arrived) << a->log() << b->log();
    bool a_found = a->log().find("found") != std::string::npos;
    bool b_found = b->log().find("found") != std::string::npos;
    EXPECT_TRUE(a_found || b_found) << "neither node logged a discovered peer";
}

}  // namespace
}  // namespace baken::testing
