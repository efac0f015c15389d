// Bundles and sticks end to end with the real bakend and baken on loopback: export on one
// node, verify without a daemon, import on another; damaged and empty files import what is
// valid, say where the damage is and exit non-zero; a stick that appears in a watched folder
// is visited by the daemon itself, and carried to another node it brings that node up to date.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

#include "bundle/bundle_test_support.h"
#include "support/child_process.h"
#include "support/temp_dir.h"

namespace baken::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::int64_t wall_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::string> baken(const fs::path& data, std::vector<std::string> args) {
    std::vector<std::string> argv{baken_path().string(), "--data", data.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
}

// Posts a flash sitrep and returns its id.
std::string post(const fs::path& data, const std::string& text) {
    auto posted = run(post_sitrep_args(data, text));
    EXPECT_EQ(posted.exit_code, 0) << posted.err;
    auto at = posted.out.find("\"id\":\"");
    return at == std::string::npos ? "" : posted.out.substr(at + 6, 64);
}

bool holds(const fs::path& data, const std::string& id) {
    return run(baken(data, {"show", id})).exit_code == 0;
}

// A daemon that watches `media` for sticks.
std::vector<std::string> watching(const fs::path& config, const fs::path& media) {
    fs::create_directories(media);
    std::ofstream(config) << "[sticks]\nwatch = [\"" << media.string() << "\"]\n";
    return {"--config", config.string()};
}

TEST(BundleEndToEnd, ExportedOnOneNodeVerifiedOfflineAndImportedOnAnother) {
    TempDir dir;
    DaemonProcess a(dir.path() / "a"), b(dir.path() / "b");
    ASSERT_TRUE(a.wait_ready()) << a.log();
    ASSERT_TRUE(b.wait_ready()) << b.log();
    std::vector<std::string> ids;
    for (int i = 0; i < 3; ++i) ids.push_back(post(a.data_dir(), "Bericht " + std::to_string(i)));
    fs::path file = dir.path() / "a.bkn";

    auto exported = run(baken(a.data_dir(), {"bundle", "export", file.string()}));
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
    EXPECT_NE(exported.out.find("wrote 4 messages"), std::string::npos)  // + its node info
        << exported.out;

    // verify needs no daemon: a data directory with nothing in it will do.
    auto verified = run(baken(dir.path() / "nowhere", {"bundle", "verify", file.string()}));
    EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
    EXPECT_NE(verified.out.find("4 valid, 0 invalid"), std::string::npos) << verified.out;
    EXPECT_NE(verified.out.find("signature of the bundle: verified"), std::string::npos);

    auto imported = run(baken(b.data_dir(), {"bundle", "import", file.string()}));
    ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
    EXPECT_NE(imported.out.find("4 new, 0 already here, 0 refused"), std::string::npos)
        << imported.out;
    for (const auto& id : ids) EXPECT_TRUE(holds(b.data_dir(), id)) << id;

    auto again = run(baken(b.data_dir(), {"bundle", "import", file.string(), "--json"}));
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.out.find("\"duplicates\":\"4\""), std::string::npos) << again.out;
}

TEST(BundleEndToEnd, FiltersChooseWhatIsExported) {
    TempDir dir;
    DaemonProcess a(dir.path() / "a");
    ASSERT_TRUE(a.wait_ready()) << a.log();
    post(a.data_dir(), "Flitsbericht");
    fs::path file = dir.path() / "sitreps.bkn";
    auto exported = run(baken(a.data_dir(), {"bundle", "export", file.string(), "--kinds", "sitrep",
                                             "--precedence", "flash", "--since", "-1h"}));
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
    EXPECT_NE(exported.out.find("wrote 1 message "), std::string::npos) << exported.out;
    auto bad = run(baken(a.data_dir(), {"bundle", "export", file.string(), "--kinds", "gossip"}));
    EXPECT_EQ(bad.exit_code, 2) << bad.err;
}

TEST(BundleEndToEnd, DamagedFilesImportWhatIsValidSayWhereAndExitNonZero) {
    TempDir dir;
    DaemonProcess a(dir.path() / "a"), b(dir.path() / "b");
    ASSERT_TRUE(a.wait_ready()) << a.log();
    ASSERT_TRUE(b.wait_ready()) << b.log();
    std::string own = post(b.data_dir(), "Al aanwezig op B");
    for (int i = 0; i < 5; ++i) post(a.data_dir(), "Bericht " + std::to_string(i));
    fs::path whole = dir.path() / "whole.bkn";
    ASSERT_EQ(run(baken(a.data_dir(), {"bundle", "export", whole.string()})).exit_code, 0);
    std::string bytes = read_text(whole);

    fs::path truncated = dir.path() / "truncated.bkn";
    std::ofstream(truncated, std::ios::binary) << bytes.substr(0, bytes.size() * 2 / 3);
    auto cut = run(baken(b.data_dir(), {"bundle", "import", truncated.string()}));
    EXPECT_EQ(cut.exit_code, 4) << cut.out << cut.err;
    EXPECT_NE(cut.out.find("DAMAGE at byte"), std::string::npos) << cut.out;
    EXPECT_NE(cut.out.find("truncated"), std::string::npos) << cut.out;
    EXPECT_NE(cut.err.find("every valid message was imported"), std::string::npos) << cut.err;
    EXPECT_EQ(cut.out.find(" 0 new"), std::string::npos) << cut.out;

    fs::path empty = dir.path() / "empty.bkn";
    std::ofstream(empty, std::ios::binary).flush();
    auto nothing = run(baken(b.data_dir(), {"bundle", "import", empty.string()}));
    EXPECT_EQ(nothing.exit_code, 4) << nothing.out << nothing.err;
    EXPECT_NE(nothing.out.find("not_a_bundle"), std::string::npos) << nothing.out;

    auto missing = run(baken(b.data_dir(), {"bundle", "import", (dir.path() / "no.bkn").string()}));
    EXPECT_EQ(missing.exit_code, 2) << missing.err;

    EXPECT_TRUE(holds(b.data_dir(), own));  // what B held is untouched
}

// A bundle written here (not by a daemon) by `by`, holding `envelopes` as they are.
std::string bundle_of(const std::vector<std::string>& envelopes, const Identity& by) {
    std::string out;
    bundle::BundleWriter writer(
        [&](ByteView bytes) {
            out.append(as_chars(bytes));
            return true;
        },
        by, wall_now_ms(), "Onbekende node");
    for (const auto& e : envelopes) writer.add(as_bytes(e));
    writer.finish();
    return out;
}

TEST(BundleEndToEnd, FlippedBytesABadBundleSignatureAndAForgedMessageEachExitNonZero) {
    TempDir dir;
    DaemonProcess a(dir.path() / "a"), b(dir.path() / "b");
    ASSERT_TRUE(a.wait_ready()) << a.log();
    ASSERT_TRUE(b.wait_ready()) << b.log();
    std::string own = post(b.data_dir(), "Al aanwezig op B");
    for (int i = 0; i < 4; ++i) post(a.data_dir(), "Bericht " + std::to_string(i));
    fs::path whole = dir.path() / "whole.bkn";
    ASSERT_EQ(run(baken(a.data_dir(), {"bundle", "export", whole.string()})).exit_code, 0);
    std::string bytes = read_text(whole);
    auto import_file = [&](const std::string& name, const std::string& content) {
        fs::path file = dir.path() / name;
        std::ofstream(file, std::ios::binary) << content;
        return run(baken(b.data_dir(), {"bundle", "import", file.string(), "--json"}));
    };

    std::string flipped = bytes;
    flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0xFF);
    auto one = import_file("flipped.bkn", flipped);
    EXPECT_EQ(one.exit_code, 4) << one.out << one.err;
    EXPECT_NE(one.out.find("record_damaged"), std::string::npos) << one.out;
    EXPECT_NE(one.out.find("\"accepted\":\"4\""), std::string::npos)  // 5 records, one lost
        << one.out;

    // Every message intact, but the trailer's signature is not the exporter's.
    auto two = import_file("bad-signature.bkn", bundle::testing::with_bad_trailer_signature(bytes));
    EXPECT_EQ(two.exit_code, 4) << two.out << two.err;
    EXPECT_NE(two.out.find("bad_signature"), std::string::npos) << two.out;

    // A node that relays a forged message: its own signature over the bundle is fine, the
    // message inside is not what its author signed.
    v1::Envelope forged;
    std::string first = bundle::testing::message_records(bytes).front();
    ASSERT_TRUE(forged.ParseFromString(first));
    std::string signed_bytes = forged.signed_();
    auto at = signed_bytes.find("Bericht");
    ASSERT_NE(at, std::string::npos);
    signed_bytes[at] = 'b';  // one letter changed after signing
    forged.set_signed_(signed_bytes);
    auto three =
        import_file("forged.bkn", bundle_of({forged.SerializeAsString()}, Identity::generate()));
    EXPECT_EQ(three.exit_code, 4) << three.out << three.err;
    EXPECT_NE(three.out.find("\"bad_signature\""), std::string::npos) << three.out;
    EXPECT_NE(three.out.find("\"verified\":true"), std::string::npos) << three.out;

    EXPECT_TRUE(holds(b.data_dir(), own));
}

// Waits (at most 10 s) until the stick's receipts folder holds `n` receipts: a visit's
// receipt is the last file it writes.
bool wait_for_receipts(const fs::path& stick, std::size_t n) {
    for (int i = 0; i < 100; ++i) {
        std::error_code ec;
        std::size_t count = 0;
        for (auto it = fs::directory_iterator(stick / "baken" / "receipts", ec);
             !ec && it != fs::directory_iterator(); ++it)
            count += it->path().extension() == ".txt" ? 1 : 0;
        if (count >= n) return true;
        std::this_thread::sleep_for(100ms);
    }
    return false;
}

TEST(BundleEndToEnd, AStickPluggedIntoAWatchedFolderIsVisitedAndCarriesMessagesOn) {
    TempDir dir;
    fs::path media_a = dir.path() / "media-a", media_b = dir.path() / "media-b";
    DaemonProcess a(dir.path() / "a", watching(dir.path() / "a.toml", media_a));
    DaemonProcess b(dir.path() / "b", watching(dir.path() / "b.toml", media_b));
    ASSERT_TRUE(a.wait_ready()) << a.log();
    ASSERT_TRUE(b.wait_ready()) << b.log();
    std::string from_a = post(a.data_dir(), "Van het gemeentehuis");
    std::string from_b = post(b.data_dir(), "Van het steunpunt");

    // "Plugging in": a stick with a baken/ folder appears under A's watched folder.
    fs::path stick_at_a = media_a / "STICK";
    fs::create_directories(stick_at_a / "baken");
    ASSERT_TRUE(wait_for_receipts(stick_at_a, 1)) << a.log();
    EXPECT_TRUE(a.wait_for_log("the stick may be removed")) << a.log();

    // Carried to B (pulled out of A, plugged into B): B visits it by itself.
    fs::path stick_at_b = media_b / "STICK";
    fs::rename(stick_at_a, stick_at_b);
    ASSERT_TRUE(wait_for_receipts(stick_at_b, 2)) << b.log();
    EXPECT_TRUE(holds(b.data_dir(), from_a)) << b.log();

    // Back to A's machine, visited by hand this time: A gets B's message.
    fs::path stick_by_hand = dir.path() / "STICK";
    fs::rename(stick_at_b, stick_by_hand);
    auto visit = run(baken(a.data_dir(), {"bundle", "stick", stick_by_hand.string()}));
    EXPECT_EQ(visit.exit_code, 0) << visit.out << visit.err;
    EXPECT_TRUE(holds(a.data_dir(), from_b));
    EXPECT_NE(visit.out.find("Baken stick receipt"), std::string::npos) << visit.out;
    EXPECT_NE(visit.out.find("nothing new for the stick"), std::string::npos) << visit.out;
}

}  // namespace
}  // namespace baken::testing
