// CAP 1.2 end to end with the real bakend and baken on loopback: an official-looking alert is
// imported (after confirmation), relayed as an announcement, exported again as CAP that
// xmllint finds valid against the official schema and that says the same as the original;
// a re-import is a duplicate and an Update replaces the announcement of the alert it references;
// invalid CAP is refused with the schema's reason, a Test alert and a Cancel with ours. The node
// runs without [trust] roots, so nothing is refused for authorisation (trust_test.cc covers
// credentials).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include "cap/cap_reader.h"
#include "cap/cap_time.h"
#include "support/child_process.h"
#include "support/temp_dir.h"

namespace baken::testing {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_text(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return at == std::string::npos ? text : text.replace(at, from.size(), to);
}

std::int64_t wall_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// The <sent> of current_nl_alert(now).
std::string sent_of_current(std::int64_t now) {
    return cap::format_cap_time(now - 60'000, 120);
}

// The NL-Alert-like sample, sent a minute ago and expiring in six hours (Dutch summer time).
std::string current_nl_alert(std::int64_t now = wall_now_ms()) {
    std::string xml = read_text(fs::path(BAKEN_CAP_TESTDATA) / "nl_alert.xml");
    xml = replaced(xml, "2024-05-01T14:30:00+02:00", sent_of_current(now));
    return replaced(xml, "2024-05-01T20:30:00+02:00",
                    cap::format_cap_time(now + 6 * 3'600'000, 120));
}

std::size_t count(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}

constexpr std::string_view kNlAlertIdentifier = "2.49.0.0.528.0.NL.20240501.123000.42";

std::vector<std::string> baken(const fs::path& data, std::vector<std::string> args) {
    std::vector<std::string> argv{baken_path().string(), "--data", data.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
}

TEST(CapEndToEnd, AnImportedAlertExportsAsValidEquivalentCap) {
    TempDir dir;
    DaemonProcess daemon(dir.path() / "node");
    ASSERT_TRUE(daemon.wait_ready()) << daemon.log();
    const fs::path alert_file = dir.path() / "nl-alert.xml";
    const std::string original_xml = current_nl_alert();
    write_text(alert_file, original_xml);

    // Without a terminal and without --yes nothing is relayed.
    auto unconfirmed = run(baken(daemon.data_dir(), {"import", "cap", alert_file.string()}));
    EXPECT_EQ(unconfirmed.exit_code, 2) << unconfirmed.out << unconfirmed.err;
    EXPECT_NE(unconfirmed.err.find("--yes"), std::string::npos) << unconfirmed.err;
    EXPECT_NE(unconfirmed.out.find("Grote brand in Overvecht"), std::string::npos)
        << unconfirmed.out;
    auto none =
        run(baken(daemon.data_dir(), {"export", "cap", "--out", (dir.path() / "none").string()}));
    EXPECT_EQ(none.exit_code, 0) << none.err;
    EXPECT_NE(none.out.find("No active announcements"), std::string::npos) << none.out;

    auto imported = run(baken(daemon.data_dir(), {"import", "cap", alert_file.string(), "--yes"}));
    ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
    EXPECT_NE(imported.out.find("precedence   flash"), std::string::npos) << imported.out;
    EXPECT_NE(imported.out.find("area         GM0344"), std::string::npos) << imported.out;
    const auto at = imported.out.find("Relayed as announcement ");
    ASSERT_NE(at, std::string::npos) << imported.out;
    const std::string id = imported.out.substr(at + 24, 64);

    const fs::path out_dir = dir.path() / "export";
    auto exported = run(baken(daemon.data_dir(), {"export", "cap", "--out", out_dir.string()}));
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
    const fs::path exported_file = out_dir / "2.49.0.0.528.0.NL.20240501.123000.42.xml";
    ASSERT_TRUE(fs::exists(exported_file)) << exported.out;

    auto lint = run(
        {BAKEN_XMLLINT, "--noout", "--nonet", "--schema", BAKEN_CAP_XSD, exported_file.string()});
    EXPECT_EQ(lint.exit_code, 0) << lint.err;

    auto original = cap::read_cap(original_xml);
    auto again = cap::read_cap(read_text(exported_file));
    ASSERT_TRUE(original.ok()) << original.error().describe();
    ASSERT_TRUE(again.ok()) << again.error().describe();
    EXPECT_EQ(again->identifier, original->identifier);
    EXPECT_EQ(again->sender, original->sender);
    EXPECT_EQ(again->sent_ms, original->sent_ms);
    EXPECT_EQ(again->infos, original->infos);
    EXPECT_EQ(again.value(), original.value());

    // One alert by id, to stdout: the same bytes as the file.
    auto one = run(baken(daemon.data_dir(), {"export", "cap", id.substr(0, 12)}));
    ASSERT_EQ(one.exit_code, 0) << one.err;
    EXPECT_EQ(one.out, read_text(exported_file));

    // The same alert again is a duplicate, not a second announcement.
    auto twice = run(baken(daemon.data_dir(), {"import", "cap", alert_file.string(), "--yes"}));
    EXPECT_EQ(twice.exit_code, 0) << twice.err;
    EXPECT_NE(twice.out.find("Already held: " + id), std::string::npos) << twice.out;
    EXPECT_EQ(twice.out.find("Relayed as announcement"), std::string::npos) << twice.out;
    auto held = run(baken(daemon.data_dir(), {"list", "--kind", "announcement", "--json"}));
    ASSERT_EQ(held.exit_code, 0) << held.err;
    EXPECT_EQ(count(held.out, std::string(kNlAlertIdentifier)), 1u) << held.out;
    EXPECT_NE(held.out.find(id), std::string::npos) << held.out;
    EXPECT_EQ(daemon.stop(), 0) << daemon.log();
}

TEST(CapEndToEnd, AnUpdateReplacesTheAnnouncementOfTheAlertItReferences) {
    TempDir dir;
    DaemonProcess daemon(dir.path() / "node");
    ASSERT_TRUE(daemon.wait_ready()) << daemon.log();
    const std::int64_t now = wall_now_ms();
    const std::string original_xml = current_nl_alert(now);
    const fs::path alert_file = dir.path() / "alert.xml";
    write_text(alert_file, original_xml);
    auto first = run(baken(daemon.data_dir(), {"import", "cap", alert_file.string(), "--yes"}));
    ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
    const auto at = first.out.find("Relayed as announcement ");
    ASSERT_NE(at, std::string::npos) << first.out;
    const std::string first_id = first.out.substr(at + 24, 64);

    // The region's Update: a new identifier, referencing the alert above.
    std::string update = replaced(original_xml, std::string(kNlAlertIdentifier) + "<",
                                  "2.49.0.0.528.0.NL.20240501.124500.43<");
    update = replaced(update, "<msgType>Alert</msgType>", "<msgType>Update</msgType>");
    update = replaced(update, "<scope>Public</scope>",
                      "<scope>Public</scope>\n  <references>nl-alert@veiligheidsregio-utrecht."
                      "invalid," +
                          std::string(kNlAlertIdentifier) + "," + sent_of_current(now) +
                          "</references>");
    update = replaced(update, "Grote brand in Overvecht", "Brand in Overvecht onder controle");
    const fs::path update_file = dir.path() / "update.xml";
    write_text(update_file, update);
    auto second = run(baken(daemon.data_dir(), {"import", "cap", update_file.string(), "--yes"}));
    ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
    EXPECT_NE(second.out.find("replaces announcement " + first_id), std::string::npos)
        << second.out;
    const auto relayed = second.out.find("Relayed as announcement ");
    ASSERT_NE(relayed, std::string::npos) << second.out;
    const std::string second_id = second.out.substr(relayed + 24, 64);

    auto held = run(baken(daemon.data_dir(), {"list", "--kind", "announcement", "--json"}));
    ASSERT_EQ(held.exit_code, 0) << held.err;
    EXPECT_NE(held.out.find(second_id), std::string::npos) << held.out;
    EXPECT_EQ(held.out.find(first_id), std::string::npos) << held.out;

    // Not Actual, or a Cancel: refused, saying why (and, for the Cancel, what to do instead).
    const fs::path test_file = dir.path() / "test.xml";
    write_text(test_file,
               replaced(original_xml, "<status>Actual</status>", "<status>Test</status>"));
    auto test = run(baken(daemon.data_dir(), {"import", "cap", test_file.string(), "--yes"}));
    EXPECT_EQ(test.exit_code, 4) << test.out << test.err;
    EXPECT_NE(test.err.find("a Test alert is not relayed to residents; only status Actual is"),
              std::string::npos)
        << test.err;
    const fs::path cancel_file = dir.path() / "cancel.xml";
    write_text(cancel_file,
               replaced(update, "<msgType>Update</msgType>", "<msgType>Cancel</msgType>"));
    auto cancel = run(baken(daemon.data_dir(), {"import", "cap", cancel_file.string(), "--yes"}));
    EXPECT_EQ(cancel.exit_code, 4) << cancel.out << cancel.err;
    EXPECT_NE(cancel.err.find("replacement announcement"), std::string::npos) << cancel.err;

    auto after = run(baken(daemon.data_dir(), {"list", "--kind", "announcement", "--json"}));
    EXPECT_EQ(after.out, held.out);
    EXPECT_EQ(daemon.stop(), 0) << daemon.log();
}

TEST(CapEndToEnd, InvalidCapIsRefusedWithTheSchemasReason) {
    TempDir dir;
    DaemonProcess daemon(dir.path() / "node");
    ASSERT_TRUE(daemon.wait_ready()) << daemon.log();
    const fs::path testdata(BAKEN_CAP_TESTDATA);

    auto wrong_enum =
        run(baken(daemon.data_dir(),
                  {"import", "cap", (testdata / "invalid_urgency.xml").string(), "--yes"}));
    EXPECT_EQ(wrong_enum.exit_code, 4) << wrong_enum.out << wrong_enum.err;
    EXPECT_NE(wrong_enum.err.find("line 14: Element 'urgency'"), std::string::npos)
        << wrong_enum.err;
    EXPECT_NE(wrong_enum.err.find("'Now'"), std::string::npos) << wrong_enum.err;

    auto missing =
        run(baken(daemon.data_dir(),
                  {"import", "cap", (testdata / "invalid_missing_sender.xml").string(), "--yes"}));
    EXPECT_EQ(missing.exit_code, 4) << missing.err;
    EXPECT_NE(missing.err.find("Expected is ( sender )"), std::string::npos) << missing.err;

    auto xxe = run(baken(daemon.data_dir(),
                         {"import", "cap", (testdata / "invalid_xxe.xml").string(), "--yes"}));
    EXPECT_EQ(xxe.exit_code, 4) << xxe.err;
    EXPECT_NE(xxe.err.find("DOCTYPE"), std::string::npos) << xxe.err;

    // Valid CAP without a CBS geocode needs an area: the message says which flag.
    auto no_area = run(baken(daemon.data_dir(),
                             {"import", "cap", (testdata / "knmi_warning.xml").string(), "--yes"}));
    EXPECT_EQ(no_area.exit_code, 2) << no_area.err;
    EXPECT_NE(no_area.err.find("--area"), std::string::npos) << no_area.err;

    auto list = run(baken(daemon.data_dir(), {"list", "--json"}));
    EXPECT_EQ(list.out.find("announcement"), std::string::npos) << list.out;
    EXPECT_EQ(daemon.stop(), 0) << daemon.log();
}

}  // namespace
}  // namespace baken::testing
