#include "terminal_text.h"

#include <gtest/gtest.h>

namespace baken::cli {
namespace {

TEST(Printable, ReplacesControlCharactersIncludingC1) {
    EXPECT_EQ(printable("a\x1b[31mb\tc\x7f"), "a [31mb c ");
    EXPECT_EQ(printable("x\u009by"), "x y");  // U+009B: the 8-bit CSI
    EXPECT_EQ(printable("one\ntwo"), "one two");
    EXPECT_EQ(printable("one\ntwo", true), "one\ntwo");
    EXPECT_EQ(printable("continuïteit \u2014 ok"), "continuïteit \u2014 ok");
}

TEST(DisplayWidth, CountsCodePointsNotBytes) {
    EXPECT_EQ(display_width("abc"), 3u);
    EXPECT_EQ(display_width("continuïteit"), 12u);
    EXPECT_EQ(display_width("\u2014\u2026"), 2u);
}

TEST(Truncate, CutsToWidthWithAnEllipsisAndKeepsUtf8Whole) {
    EXPECT_EQ(truncate_to_width("Stroomstoring", 20), "Stroomstoring");
    EXPECT_EQ(truncate_to_width("Stroomstoring", 6), "Stroo\u2026");
    EXPECT_EQ(truncate_to_width("ïïïïïï", 4), "ïïï\u2026");
    EXPECT_EQ(truncate_to_width("abc", 3), "abc");
    EXPECT_EQ(truncate_to_width("abcd", 1), "\u2026");
    EXPECT_EQ(truncate_to_width("abcd", 0), "");
}

}  // namespace
}  // namespace baken::cli
