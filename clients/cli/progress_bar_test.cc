// The progress bar's line: a bar and a percentage when the total is known, the note always.
#include "progress_bar.h"

#include <gtest/gtest.h>

#include <sstream>

namespace baken::cli {
namespace {

TEST(ProgressBar, ShowsTheShareDoneAsBarAndPercentage) {
    EXPECT_EQ(ProgressBar::line("importing", 50, 100, "12 messages"),
              "importing [###############               ] 50% 12 messages");
}

TEST(ProgressBar, WithoutATotalShowsOnlyTheNote) {
    EXPECT_EQ(ProgressBar::line("stick visit", 7, 0, "reading"), "stick visit reading");
}

TEST(ProgressBar, NeverShowsMoreThanTheWhole) {
    EXPECT_EQ(ProgressBar::line("x", 150, 100, ""), "x [##############################] 100% ");
}

TEST(ProgressBar, DrawsNothingWhenDisabled) {
    std::ostringstream out;
    {
        ProgressBar bar(out, false, "importing", 10);
        bar.update(5, "five");
    }
    EXPECT_TRUE(out.str().empty());
}

TEST(ProgressBar, ClearsItsLineWhenDone) {
    std::ostringstream out;
    ProgressBar bar(out, true, "importing", 10);
    bar.update(5, "five");
    bar.finish();
    EXPECT_NE(out.str().find("importing [###############"), std::string::npos);
    EXPECT_EQ(out.str().substr(out.str().size() - 4), "\r\x1b[K");
}

}  // namespace
}  // namespace baken::cli
