// Escaping of message text into pages and JSON, and the age wording.
#include "web/html.h"

#include <gtest/gtest.h>

namespace baken::web {
namespace {

TEST(HtmlEscape, MarkupAndQuotesBecomeEntities) {
    EXPECT_EQ(html_escape("<script>alert('x')</script> & \"y\""),
              "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;");
}

TEST(HtmlEscape, KeepsUtf8AndReplacesBrokenBytesAndControls) {
    EXPECT_EQ(html_escape("eigen continuïteit"), "eigen continuïteit");
    EXPECT_EQ(html_escape(std::string("a\xff"
                                      "b")),
              "a\xef\xbf\xbd"
              "b");
    EXPECT_EQ(html_escape(std::string("a\x01"
                                      "b\n")),
              "a\xef\xbf\xbd"
              "b\n");
    // An overlong '<' (0xC0 0xBC) must not survive as a '<' in any decoder.
    EXPECT_EQ(html_escape(std::string("\xc0\xbc")), "\xef\xbf\xbd\xef\xbf\xbd");
}

TEST(JsonString, EscapesQuotesControlsAndMarkup) {
    EXPECT_EQ(json_string("a\"b\\c\n</script>"), "\"a\\\"b\\\\c\\u000a\\u003c/script\\u003e\"");
}

TEST(AgeText, SaysHowOldInDutchAndEnglish) {
    EXPECT_EQ(age_text(10, Language::nl), "zojuist");
    EXPECT_EQ(age_text(300, Language::nl), "5 min geleden");
    EXPECT_EQ(age_text(3 * 3600, Language::nl), "3 uur geleden");
    EXPECT_EQ(age_text(3600, Language::en), "1 hour ago");
    EXPECT_EQ(age_text(5 * 86400, Language::en), "5 days ago");
}

}  // namespace
}  // namespace baken::web
