#include "paper/paper_page.h"

#include <gtest/gtest.h>

#include "paper/paper_codes.h"
#include "paper/paper_test_support.h"
#include "paper/qr_scan.h"

namespace baken::cli::paper {
namespace {

using testing::draw_codes;
using testing::sitrep_of_about;

std::size_t count(const std::string& text, std::string_view needle) {
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}

// The page's SVG codes back into module matrices: "viewBox="0 0 S S"" gives the side with
// the quiet zone, each "M x y h n v1 h-n z" a dark run.
std::vector<QrMatrix> codes_in(const std::string& html) {
    std::vector<QrMatrix> out;
    for (auto at = html.find("viewBox=\"0 0 "); at != std::string::npos;
         at = html.find("viewBox=\"0 0 ", at + 1)) {
        const int side = std::stoi(html.substr(at + 13));
        QrMatrix m;
        m.width = side - 2 * kQuietZoneModules;
        m.dark.assign(static_cast<std::size_t>(m.width) * m.width, 0);
        const auto d = html.find(" d=\"", at) + 4;
        const auto end = html.find('"', d);
        for (std::size_t p = html.find('M', d); p < end; p = html.find('M', p + 1)) {
            int x = 0, y = 0, run = 0;
            if (std::sscanf(html.c_str() + p, "M%d %dh%d", &x, &y, &run) != 3) break;
            for (int k = 0; k < run; ++k)
                m.dark[static_cast<std::size_t>(y - kQuietZoneModules) * m.width + x + k -
                       kQuietZoneModules] = 1;
        }
        out.push_back(std::move(m));
    }
    return out;
}

TEST(PaperPage, TextEscapedCodesDrawnNothingLoadedOrRun) {
    const DecodedMessage small = sitrep_of_about(300);
    const DecodedMessage large = sitrep_of_about(1500);
    std::vector<PaperEntry> entries{
        {"sitrep <b>flash</b>", "id: x\ntext: <script>alert('x')</script> & more",
         small.envelope_bytes},
        {"sitrep routine", "second", large.envelope_bytes},
    };
    auto page = paper_page(entries, {"2026-11-29 13:00", "Gemeentehuis \"Utrecht\""});
    ASSERT_TRUE(page.ok()) << page.error();
    const std::string& html = *page;
    EXPECT_EQ(count(html, "<script"), 0u);
    EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"),
              std::string::npos);
    EXPECT_NE(html.find("sitrep &lt;b&gt;flash&lt;/b&gt;"), std::string::npos);
    EXPECT_NE(html.find("Gemeentehuis &quot;Utrecht&quot;"), std::string::npos);
    EXPECT_NE(html.find("default-src 'none'"), std::string::npos);
    EXPECT_NE(html.find("size: A4"), std::string::npos);
    for (std::string_view external : {"src=", "href=", "url(", "@import", "<link", "<img"})
        EXPECT_EQ(count(html, external), 0u) << external;
    EXPECT_EQ(count(html, "<svg"), 4u);  // 1 + 3 codes
    EXPECT_NE(html.find("code 3 of 3"), std::string::npos);
    EXPECT_NE(html.find("all 3 are needed"), std::string::npos);

    // The drawn codes read back into both messages.
    const auto matrices = codes_in(html);
    ASSERT_EQ(matrices.size(), 4u);
    auto texts = scan_qr_codes(draw_codes(matrices, 3, 2));
    ASSERT_TRUE(texts.ok()) << texts.error();
    const Reassembly back = reassemble(*texts);
    ASSERT_EQ(back.messages.size(), 2u);
    for (const FoundMessage& found : back.messages) {
        EXPECT_EQ(found.problem, "");
        EXPECT_TRUE(found.envelope_bytes == small.envelope_bytes ||
                    found.envelope_bytes == large.envelope_bytes);
    }
    EXPECT_NE(back.messages[0].envelope_bytes, back.messages[1].envelope_bytes);
}

TEST(PaperPage, BytesThatAreNotAMessageAreAnError) {
    auto page = paper_page({{"t", "r", "not an envelope"}}, {"now", "me"});
    ASSERT_FALSE(page.ok());
    EXPECT_NE(page.error().find("message 1"), std::string::npos) << page.error();
}

}  // namespace
}  // namespace baken::cli::paper
