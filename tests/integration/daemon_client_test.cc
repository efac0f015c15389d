// End-to-end behaviour of the real bakend and baken programs on loopback: what a person at
// a town hall laptop does, and what must hold when the power is cut mid-work.
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "baken/v1/api.pb.h"
#include "support/child_process.h"
#include "support/temp_dir.h"

namespace baken::testing {
namespace {
using namespace std::chrono_literals;

std::optional<std::string> posted_id(const RunResult& r) {
    if (r.exit_code != 0) return std::nullopt;
    v1::PostResult result;
    if (!google::protobuf::util::JsonStringToMessage(r.out, &result).ok()) return std::nullopt;
    return result.id();
}

// Sitreps only, unless `kind` says otherwise: the daemon also posts its own node info.
std::set<std::string> listed_ids(const std::filesystem::path& data,
                                 const std::string& kind = "sitrep") {
    auto r = run({baken_path().string(), "--data", data.string(), "list", "--json", "--limit",
                  "1000", "--kind", kind});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    v1::MessageList list;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(r.out, &list).ok()) << r.out;
    std::set<std::string> ids;
    for (const auto& m : list.messages()) ids.insert(m.id());
    return ids;
}

TEST(DaemonAndClient, PostedSitrepIsListedAndShown) {
    TempDir dir;
    DaemonProcess daemon(dir.path() / "node");
    ASSERT_TRUE(daemon.wait_ready()) << daemon.log();
    auto posted = run(post_sitrep_args(daemon.data_dir(), "Stroomstoring in Overvecht"));
    auto id = posted_id(posted);
    ASSERT_TRUE(id) << posted.out << posted.err;

    EXPECT_TRUE(listed_ids(daemon.data_dir()).count(*id));
    auto table = run({baken_path().string(), "--data", daemon.data_dir().string(), "list"});
    EXPECT_EQ(table.exit_code, 0);
    EXPECT_NE(table.out.find("GM0344"), std::string::npos) << table.out;
    auto shown = run(
        {baken_path().string(), "--data", daemon.data_dir().string(), "show", id->substr(0, 12)});
    EXPECT_EQ(shown.exit_code, 0) << shown.err;
    EXPECT_NE(shown.out.find("Stroomstoring in Overvecht"), std::string::npos) << shown.out;
    EXPECT_EQ(daemon.stop(), 0) << daemon.log();
}

TEST(DaemonAndClient, EveryAcknowledgedMessageSurvivesKillNineOfTheDaemon) {
    TempDir dir;
    auto data = dir.path() / "node";
    std::set<std::string> acknowledged;
    {
        DaemonProcess daemon(data);
        ASSERT_TRUE(daemon.wait_ready()) << daemon.log();
        std::mutex mu;
        std::atomic<bool> keep_posting{true};
        std::thread writer([&] {
            for (int i = 0; i < 500 && keep_posting; ++i) {
                auto id =
                    posted_id(run(post_sitrep_args(data, "Bericht " + std::to_string(i)), 10s));
                if (!id) continue;  // not acknowledged: may or may not be stored
                std::lock_guard lock(mu);
                acknowledged.insert(*id);
            }
        });
        // Kill the daemon while the client is still posting (after at most 30 s, however slow).
        for (int i = 0; i < 1200; ++i) {
            std::this_thread::sleep_for(25ms);
            std::lock_guard lock(mu);
            if (acknowledged.size() >= 15) break;
        }
        daemon.kill_hard();
        keep_posting = false;
        writer.join();
    }
    ASSERT_GE(acknowledged.size(), 5u);
    DaemonProcess restarted(data);
    ASSERT_TRUE(restarted.wait_ready()) << restarted.log();
    auto ids = listed_ids(data);
    for (const auto& id : acknowledged)
        EXPECT_TRUE(ids.count(id)) << "acknowledged but lost: " << id;
}

// Flips every occurrence of `needle`'s first byte in a file; returns how many were flipped.
int flip_in_file(const std::filesystem::path& file, const std::string& needle) {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    std::string content((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    int flipped = 0;
    for (auto at = content.find(needle); at != std::string::npos;
         at = content.find(needle, at + 1)) {
        f.seekp(static_cast<std::streamoff>(at));
        f.put(static_cast<char>(content[at] ^ 0x01));
        ++flipped;
    }
    return flipped;
}

TEST(DaemonAndClient, AStoredMessageDamagedOnDiskIsReportedAsBadSignatureNotShown) {
    TempDir dir;
    auto data = dir.path() / "node";
    std::string id;
    {
        DaemonProcess daemon(data);
        ASSERT_TRUE(daemon.wait_ready()) << daemon.log();
        auto posted = posted_id(run(post_sitrep_args(data, "Dijk bij Vreeswijk houdt stand")));
        ASSERT_TRUE(posted);
        id = *posted;
        ASSERT_EQ(daemon.stop(), 0);
    }
    ASSERT_GE(flip_in_file(data / "store" / "data.mdb", "Dijk bij Vreeswijk"), 1);

    DaemonProcess restarted(data);
    ASSERT_TRUE(restarted.wait_ready()) << restarted.log();
    auto shown = run({baken_path().string(), "--data", data.string(), "show", id});
    EXPECT_NE(shown.exit_code, 0);
    EXPECT_NE(shown.err.find("bad signature"), std::string::npos) << shown.out << shown.err;
    EXPECT_EQ(shown.out.find("ijk bij Vreeswijk"), std::string::npos) << shown.out;
    EXPECT_FALSE(listed_ids(data).count(id));
    EXPECT_NE(restarted.log().find("damaged"), std::string::npos) << restarted.log();
}

TEST(DaemonAndClient, RefusedMessageExitsFourWithTheReason) {
    TempDir dir;
    DaemonProcess daemon(dir.path() / "node");
    ASSERT_TRUE(daemon.wait_ready()) << daemon.log();
    auto args = post_sitrep_args(daemon.data_dir(), "x");
    args[7] = "Utrecht";  // --municipality must be a CBS code
    auto r = run(args);
    EXPECT_EQ(r.exit_code, 4) << r.out << r.err;
    EXPECT_NE(r.err.find("sitrep.municipality"), std::string::npos) << r.err;
    EXPECT_TRUE(listed_ids(daemon.data_dir()).empty());
}

TEST(DaemonAndClient, ClientSaysSoWhenNoDaemonIsRunning) {
    TempDir dir;
    std::filesystem::create_directories(dir.path() / "node");
    std::ofstream(dir.path() / "node" / "api.address") << "127.0.0.1:1\n";
    std::ofstream(dir.path() / "node" / "api.token") << std::string(64, 'a') << "\n";
    auto r = run(post_sitrep_args(dir.path() / "node", "x"));
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_NE(r.err.find("127.0.0.1:1"), std::string::npos) << r.err;
}

TEST(DaemonAndClient, ClientWithAWrongTokenExitsSix) {
    TempDir dir;
    DaemonProcess daemon(dir.path() / "node");
    ASSERT_TRUE(daemon.wait_ready()) << daemon.log();
    std::filesystem::permissions(daemon.data_dir() / "api.token",
                                 std::filesystem::perms::owner_all);
    std::ofstream(daemon.data_dir() / "api.token") << std::string(64, 'b') << "\n";
    auto r = run({baken_path().string(), "--data", daemon.data_dir().string(), "status"});
    EXPECT_EQ(r.exit_code, 6) << r.out << r.err;
}

TEST(DaemonAndClient, StatusShowsTheSameIdentityAsId) {
    TempDir dir;
    DaemonProcess daemon(dir.path() / "node");
    ASSERT_TRUE(daemon.wait_ready()) << daemon.log();
    auto id = run({baken_path().string(), "--data", daemon.data_dir().string(), "id", "--json"});
    ASSERT_EQ(id.exit_code, 0) << id.err;
    auto status =
        run({baken_path().string(), "--data", daemon.data_dir().string(), "status", "--json"});
    ASSERT_EQ(status.exit_code, 0) << status.err;
    v1::NodeStatus s;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(status.out, &s).ok()) << status.out;
    EXPECT_NE(id.out.find(s.public_key()), std::string::npos) << id.out;
}

TEST(Daemon, SecondDaemonOnTheSameDataDirectoryIsRefused) {
    TempDir dir;
    DaemonProcess first(dir.path() / "node");
    ASSERT_TRUE(first.wait_ready()) << first.log();
    auto second = run({bakend_path().string(), "--data", first.data_dir().string(), "--listen",
                       "127.0.0.1:0", "--sync-listen", "127.0.0.1:0"},
                      10s);
    EXPECT_EQ(second.exit_code, 4);
    EXPECT_NE(second.err.find("another bakend"), std::string::npos) << second.err;
}

TEST(Daemon, StopsCleanlyOnSigterm) {
    TempDir dir;
    DaemonProcess daemon(dir.path() / "node");
    ASSERT_TRUE(daemon.wait_ready()) << daemon.log();
    EXPECT_EQ(daemon.stop(), 0);
    EXPECT_NE(daemon.log().find("stopped"), std::string::npos) << daemon.log();
}

struct BadConfig {
    const char* name;
    const char* toml;
    const char* expected;  // in the error line
};

class DaemonConfigTest : public ::testing::TestWithParam<BadConfig> {};

TEST_P(DaemonConfigTest, BadValueStopsTheDaemonNamingKeyAndLine) {
    TempDir dir;
    auto file = dir.path() / "bakend.toml";
    std::ofstream(file) << GetParam().toml;
    auto r = run(
        {bakend_path().string(), "--config", file.string(), "--data", (dir.path() / "d").string()},
        10s);
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_NE(r.err.find(GetParam().expected), std::string::npos) << r.err;
}

INSTANTIATE_TEST_SUITE_P(
    Values, DaemonConfigTest,
    ::testing::Values(BadConfig{"port",
                                "[node]\nname = \"x\"\n[api]\nlisten = \"127.0.0.1:70000\"\n",
                                "bakend.toml:4"},
                      BadConfig{"quota", "[storage]\nquota_mb = 0\n", "storage.quota_mb"},
                      BadConfig{"typo", "[api]\nlisten_on = \"127.0.0.1:1\"\n", "api.listen_on"},
                      BadConfig{"syntax", "[api\n", "bakend.toml:1"},
                      BadConfig{"ttl", "[messages]\ndefault_ttl_hours = \"lang\"\n",
                                "messages.default_ttl_hours"}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace baken::testing
