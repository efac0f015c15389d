// The region's trust, end to end with the real programs: a region root made with
// `baken region init`, a node that trusts it, a credential issued and imported, a revocation.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "support/child_process.h"
#include "support/temp_dir.h"

namespace baken::testing {
namespace {

constexpr const char* kPassphrase = "zandzakken aan de dijk\n";

std::string baken() {
    return baken_path().string();
}

// The first run of 64 hex characters after `label` in a command's output ("" if none).
// (Plain string search: std::regex trips g++ 12's -Wmaybe-uninitialized under ASan at -O2.)
std::string hex64_after(const std::string& text, const std::string& label) {
    std::size_t at = text.find(label);
    if (at == std::string::npos) return "";
    at = text.find_first_of("0123456789abcdef", at + label.size());
    if (at == std::string::npos || text.size() < at + 64) return "";
    std::string hex = text.substr(at, 64);
    bool all_hex = hex.find_first_not_of("0123456789abcdef") == std::string::npos;
    return all_hex ? hex : "";
}

class RegionTrust : public ::testing::Test {
  protected:
    void SetUp() override {
        auto root = run({baken(), "region", "init", "--out", root_file.string()},
                        std::chrono::seconds(60), kPassphrase);
        ASSERT_EQ(root.exit_code, 0) << root.err;
        root_key = hex64_after(root.out, "Public key:");
        ASSERT_EQ(root_key.size(), 64u) << root.out;
        auto init = run({baken(), "--data", data.string(), "init"});
        ASSERT_EQ(init.exit_code, 0) << init.err;
        node_key = hex64_after(init.out, "Public key:");
        ASSERT_EQ(node_key.size(), 64u) << init.out;
        std::ofstream(config) << "[trust]\nroots = [\"" << root_key << "\"]\n";
    }

    RunResult sign(const std::vector<std::string>& args) {
        std::vector<std::string> argv = {baken(), "region"};
        argv.insert(argv.end(), args.begin(), args.end());
        argv.insert(argv.end(), {"--root", root_file.string()});
        return run(argv, std::chrono::seconds(60), kPassphrase);
    }
    RunResult import(const std::filesystem::path& file) {
        return run({baken(), "--data", data.string(), "credential", "import", file.string()});
    }

    TempDir dir;
    std::filesystem::path root_file = dir.path() / "region-root.key";
    std::filesystem::path data = dir.path() / "node";
    std::filesystem::path config = dir.path() / "bakend.toml";
    std::string root_key, node_key;
};

TEST_F(RegionTrust, ANodePostsOnlyWithACredentialAndNotOnceRevoked) {
    DaemonProcess daemon(data, {"--config", config.string()});
    ASSERT_TRUE(daemon.wait_ready()) << daemon.log();

    auto before = run(post_sitrep_args(data, "Nog zonder credential"));
    EXPECT_EQ(before.exit_code, 4) << before.out << before.err;
    EXPECT_NE(before.err.find("unknown author"), std::string::npos) << before.err;

    auto cred = dir.path() / "node.credential.baken";
    auto issued = sign({"issue", "--subject", node_key, "--role", "municipal-staff", "--scope",
                        "GM0344", "--valid", "72h", "--out", cred.string()});
    ASSERT_EQ(issued.exit_code, 0) << issued.err;
    auto imported = import(cred);
    ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
    auto with = run(post_sitrep_args(data, "Met credential"));
    EXPECT_EQ(with.exit_code, 0) << with.out << with.err;

    // A root the node does not trust signs nothing it believes.
    auto other_root = dir.path() / "other-root.key";
    ASSERT_EQ(run({baken(), "region", "init", "--out", other_root.string()},
                  std::chrono::seconds(60), kPassphrase)
                  .exit_code,
              0);
    auto forged = dir.path() / "forged.baken";
    ASSERT_EQ(run({baken(), "region", "issue", "--root", other_root.string(), "--subject", node_key,
                   "--role", "region-staff", "--scope", "VR09", "--out", forged.string()},
                  std::chrono::seconds(60), kPassphrase)
                  .exit_code,
              0);
    auto refused = import(forged);
    EXPECT_EQ(refused.exit_code, 4);
    EXPECT_NE(refused.err.find("untrusted issuer"), std::string::npos) << refused.err;

    auto revocation = dir.path() / "node.revocation.baken";
    ASSERT_EQ(sign({"revoke", "--subject", node_key, "--since", "now", "--reason",
                    "laptop gestolen", "--out", revocation.string()})
                  .exit_code,
              0);
    ASSERT_EQ(import(revocation).exit_code, 0);
    auto after = run(post_sitrep_args(data, "Na intrekking"));
    EXPECT_EQ(after.exit_code, 4);
    EXPECT_NE(after.err.find("revoked"), std::string::npos) << after.err;
    EXPECT_EQ(daemon.stop(), 0) << daemon.log();

    // The node remembers, also after a restart.
    DaemonProcess restarted(data, {"--config", config.string()});
    ASSERT_TRUE(restarted.wait_ready()) << restarted.log();
    auto again = run(post_sitrep_args(data, "Na herstart"));
    EXPECT_EQ(again.exit_code, 4);
    EXPECT_NE(again.err.find("revoked"), std::string::npos) << again.err;
    EXPECT_EQ(restarted.stop(), 0) << restarted.log();
}

// Every byte under `dir` (stores, keys, logs, address files), as one string per file.
std::vector<std::pair<std::string, std::string>> every_file(const std::filesystem::path& dir) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        out.emplace_back(entry.path().string(),
                         std::string(std::istreambuf_iterator<char>(in), {}));
    }
    return out;
}

TEST_F(RegionTrust, RestrictedTextNeverAppearsInClearInStoresLogsOrOutput) {
    const std::string secret = "Mevrouw Jansen Dorpsstraat 12 insuline";
    // The region office (B) and a town hall (A) that syncs with it.
    auto office = dir.path() / "office";
    ASSERT_EQ(run({baken(), "--data", office.string(), "init"}).exit_code, 0);
    std::string office_key =
        hex64_after(run({baken(), "--data", office.string(), "init"}).out, "Public key:");
    int office_port = free_loopback_port();
    auto office_config = dir.path() / "office.toml";
    std::ofstream(office_config) << "[trust]\nroots = [\"" << root_key
                                 << "\"]\n[discovery]\nenabled = false\n";
    std::ofstream(config, std::ios::app)
        << "[sync]\npeers = [\"127.0.0.1:" << office_port << "\"]\n[discovery]\nenabled = false\n";
    DaemonProcess b(office, {"--config", office_config.string(), "--sync-listen",
                             "127.0.0.1:" + std::to_string(office_port)});
    ASSERT_TRUE(b.wait_ready()) << b.log();
    DaemonProcess a(data, {"--config", config.string()});
    ASSERT_TRUE(a.wait_ready()) << a.log();
    auto town_cred = dir.path() / "a.baken", office_cred = dir.path() / "b.baken";
    ASSERT_EQ(sign({"issue", "--subject", node_key, "--role", "municipal-staff", "--scope",
                    "GM0344", "--out", town_cred.string()})
                  .exit_code,
              0);
    ASSERT_EQ(sign({"issue", "--subject", office_key, "--role", "region-staff", "--scope", "VR09",
                    "--out", office_cred.string()})
                  .exit_code,
              0);
    ASSERT_EQ(import(town_cred).exit_code, 0);
    ASSERT_EQ(import(office_cred).exit_code, 0);

    auto args = post_sitrep_args(data, "Drie bewoners opgevangen");
    args.insert(args.end(), {"--restricted", secret});
    auto posted = run(args);
    ASSERT_EQ(posted.exit_code, 0) << posted.out << posted.err;
    // It reaches the office (bounded wait), sealed.
    bool arrived = false;
    for (int i = 0; i < 100 && !arrived; ++i) {
        auto listed =
            run({baken(), "--data", office.string(), "list", "--kind", "sitrep", "--json"});
        arrived = listed.out.find("Drie bewoners") != std::string::npos;
        if (!arrived) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    ASSERT_TRUE(arrived) << a.log() << b.log();
    // The office reads it (one message, asked for by someone with the node's token) ...
    auto listed = run({baken(), "--data", office.string(), "list", "--kind", "sitrep", "--json"});
    std::string id = hex64_after(listed.out, "\"id\"");
    ASSERT_EQ(id.size(), 64u) << listed.out;
    auto shown = run({baken(), "--data", office.string(), "show", id, "--json"});
    EXPECT_NE(shown.out.find(secret), std::string::npos) << shown.out;
    EXPECT_NE(listed.out.find("recipients"), std::string::npos) << listed.out;
    // ... and nothing else anywhere shows it.
    std::vector<std::string> outputs;
    for (const auto& d : {data, office}) {
        outputs.push_back(run({baken(), "--data", d.string(), "list", "--json"}).out);
        outputs.push_back(run({baken(), "--data", d.string(), "list"}).out);
    }
    EXPECT_EQ(a.stop(), 0);
    EXPECT_EQ(b.stop(), 0);
    outputs.push_back(a.log());
    outputs.push_back(b.log());
    for (const auto& d : {data, office}) {
        for (const auto& [path, bytes] : every_file(d)) {
            EXPECT_EQ(bytes.find("Dorpsstraat"), std::string::npos) << path;
            EXPECT_EQ(bytes.find("insuline"), std::string::npos) << path;
        }
    }
    for (const std::string& out : outputs) EXPECT_EQ(out.find("Dorpsstraat"), std::string::npos);
}

}  // namespace
}  // namespace baken::testing
