// Paper end to end with the real bakend and baken on loopback: two nodes that never sync. A
// sitrep posted on A is exported as a page, the page is rendered to pixels by Debian's chromium
// (headless, as a printer and a camera would see it) and imported on B, which verifies the
// author's signature itself and then holds the message under the same id. A page whose code
// carries a tampered envelope (the id on the code recomputed, so it reassembles) is refused by
// B as bad_signature and not held. Skipped when chromium is not installed.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "common/bytes.h"
#include "message/envelope_codec.h"
#include "paper/grey_image.h"
#include "paper/paper_codes.h"
#include "paper/paper_page.h"
#include "paper/qr_scan.h"
#include "support/child_process.h"
#include "support/temp_dir.h"

namespace baken::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kChromium = "/usr/bin/chromium";

std::vector<std::string> baken(const fs::path& data, std::vector<std::string> args) {
    std::vector<std::string> argv{baken_path().string(), "--data", data.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
}

// The page as pixels: an A4 sheet at 150 dpi (1240 x 1754). A fresh profile each time, no
// network beyond the file.
RunResult screenshot(const fs::path& page, const fs::path& png, const fs::path& scratch) {
    const fs::path profile = scratch / ("chromium-" + png.stem().string());
    return run(
        {kChromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile.string(),
         "--window-size=1240,1754", "--screenshot=" + png.string(), "file://" + page.string()},
        std::chrono::seconds(60));
}

std::string id_in_post_output(const std::string& out) {
    const auto at = out.find("\"id\":\"");
    return at == std::string::npos ? std::string() : out.substr(at + 6, 64);
}

// The envelope bytes the page's codes hold, read back with the paper library itself.
std::string envelope_on(const fs::path& png) {
    auto image = cli::paper::load_grey_image(png);
    EXPECT_TRUE(image.ok()) << (image.ok() ? "" : image.error());
    if (!image) return {};
    auto texts = cli::paper::scan_qr_codes(*image);
    EXPECT_TRUE(texts.ok());
    if (!texts) return {};
    auto found = cli::paper::reassemble(*texts);
    EXPECT_EQ(found.messages.size(), 1u);
    return found.messages.empty() ? std::string() : found.messages[0].envelope_bytes;
}

// `envelope` with one letter of its signed bytes changed and the signature left as it was.
std::string tampered(const std::string& envelope, const std::string& letter_of) {
    auto decoded = decode_envelope(as_bytes(envelope));
    EXPECT_TRUE(decoded.ok());
    if (!decoded) return {};
    std::string signed_bytes = decoded->envelope.signed_();
    const auto at = signed_bytes.find(letter_of);
    EXPECT_NE(at, std::string::npos);
    if (at == std::string::npos) return {};
    signed_bytes[at] = 'T';  // "Stroomstoring" -> "Ttroomstoring"
    v1::Envelope changed = decoded->envelope;
    changed.set_signed_(signed_bytes);
    return changed.SerializeAsString();
}

TEST(PaperEndToEnd, APrintedSitrepReadBackOnAnotherNodeKeepsItsSignature) {
    if (!fs::exists(kChromium)) GTEST_SKIP() << kChromium << " is not installed";
    TempDir dir;
    DaemonProcess a(dir.path() / "a");
    DaemonProcess b(dir.path() / "b");
    ASSERT_TRUE(a.wait_ready()) << a.log();
    ASSERT_TRUE(b.wait_ready()) << b.log();

    auto posted = run(post_sitrep_args(a.data_dir(), "Stroomstoring in Overvecht, aggregaat"));
    ASSERT_EQ(posted.exit_code, 0) << posted.err;
    const std::string id = id_in_post_output(posted.out);
    ASSERT_EQ(id.size(), 64u) << posted.out;

    const fs::path page = dir.path() / "page.html";
    auto exported = run(baken(a.data_dir(), {"paper", "export", id, "-o", page.string()}));
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
    EXPECT_NE(exported.out.find(id + "  1 code"), std::string::npos) << exported.out;
    {
        std::ifstream in(page, std::ios::binary);
        const std::string html((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
        EXPECT_NE(html.find("text: Stroomstoring in Overvecht, aggregaat"), std::string::npos);
        EXPECT_NE(html.find("precedence:  flash"), std::string::npos);
        EXPECT_EQ(html.find(" ago)"), std::string::npos);  // no ages on paper
        EXPECT_EQ(html.find("<script"), std::string::npos);
    }

    const fs::path png = dir.path() / "page.png";
    auto shot = screenshot(page, png, dir.path());
    ASSERT_TRUE(fs::exists(png)) << shot.exit_code << " " << shot.err;

    // B has never heard of it: no sync between the two.
    EXPECT_EQ(run(baken(b.data_dir(), {"show", id})).exit_code, 5);
    const auto start = std::chrono::steady_clock::now();
    auto imported = run(baken(b.data_dir(), {"paper", "import", png.string()}));
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    std::printf("baken paper import of a 1240 x 1754 screenshot: %lld ms\n",
                static_cast<long long>(ms));
    ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
    EXPECT_NE(imported.out.find("accepted      " + id), std::string::npos) << imported.out;
    EXPECT_NE(imported.out.find("1 accepted, 0 duplicate, 0 refused, 0 unreadable"),
              std::string::npos)
        << imported.out;

    auto shown = run(baken(b.data_dir(), {"show", id}));
    ASSERT_EQ(shown.exit_code, 0) << shown.err;
    EXPECT_NE(shown.out.find("id:          " + id), std::string::npos) << shown.out;
    EXPECT_NE(shown.out.find("Stroomstoring in Overvecht, aggregaat"), std::string::npos);

    // The same page again: already held.
    auto again = run(baken(b.data_dir(), {"paper", "import", "--json", png.string()}));
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.out.find("\"result\":\"duplicate\""), std::string::npos) << again.out;

    // A page whose code carries the envelope with one signed letter changed: the code is
    // consistent (its id is that of the changed bytes), the signature is not.
    const std::string forged = tampered(envelope_on(png), "Stroomstoring");
    ASSERT_FALSE(forged.empty());
    const std::string forged_id = to_hex(decode_envelope(as_bytes(forged))->id);
    ASSERT_NE(forged_id, id);
    auto forged_page =
        cli::paper::paper_page({{"sitrep (altered)", "altered", forged}}, {"now", "the test"});
    ASSERT_TRUE(forged_page.ok()) << forged_page.error();
    const fs::path forged_html = dir.path() / "forged.html";
    std::ofstream(forged_html, std::ios::binary) << *forged_page;
    const fs::path forged_png = dir.path() / "forged.png";
    auto forged_shot = screenshot(forged_html, forged_png, dir.path());
    ASSERT_TRUE(fs::exists(forged_png)) << forged_shot.err;

    auto refused = run(baken(b.data_dir(), {"paper", "import", forged_png.string()}));
    EXPECT_EQ(refused.exit_code, 4) << refused.out << refused.err;
    EXPECT_NE(refused.out.find("refused       " + forged_id + "  bad signature"), std::string::npos)
        << refused.out;
    auto refused_json =
        run(baken(b.data_dir(), {"paper", "import", "--json", forged_png.string()}));
    EXPECT_EQ(refused_json.exit_code, 4);
    EXPECT_NE(refused_json.out.find("\"reason_code\":\"bad_signature\""), std::string::npos)
        << refused_json.out;
    EXPECT_EQ(run(baken(b.data_dir(), {"show", forged_id})).exit_code, 5);

    // An image without any code, and a file that is no image.
    const fs::path blank = dir.path() / "blank.png";
    cli::paper::GreyImage white;
    white.width = white.height = 200;
    white.pixels.assign(200 * 200, 255);
    std::ofstream(blank, std::ios::binary) << *cli::paper::encode_grey_png(white);
    auto none = run(baken(b.data_dir(), {"paper", "import", blank.string()}));
    EXPECT_EQ(none.exit_code, 5) << none.err;
    auto not_image = run(baken(b.data_dir(), {"paper", "import", page.string()}));
    EXPECT_EQ(not_image.exit_code, 2) << not_image.err;

    EXPECT_EQ(a.stop(), 0) << a.log();
    EXPECT_EQ(b.stop(), 0) << b.log();
}

}  // namespace
}  // namespace baken::testing
