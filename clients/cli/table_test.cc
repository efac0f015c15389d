#include "table.h"

#include <gtest/gtest.h>

namespace baken::cli {
namespace {

TEST(Table, AlignsColumnsAndCutsTheLastToTheWidth) {
    std::string out = render_table(
        {"ID", "KIND", "SUMMARY"},
        {{"3f9a1c0b77e2", "sitrep", "GM0344 vital-services/power: FAILED \u2014 Stroomstoring"},
         {"77aa", "need", "short"}},
        50);
    EXPECT_EQ(out,
              "ID            KIND    SUMMARY\n"
              "3f9a1c0b77e2  sitrep  GM0344 vital-services/power\u2026\n"
              "77aa          need    short\n");
}

TEST(Table, KeepsSomeRoomForTheLastColumnOnANarrowTerminal) {
    std::string out = render_table({"A", "B"}, {{"aaaaaaaaaa", std::string(30, 'x')}}, 10);
    EXPECT_NE(out.find(std::string(kMinLastColumn - 1, 'x') + "\u2026"), std::string::npos) << out;
}

TEST(Table, MeasuresAccentedTextByColumns) {
    std::string out = render_table({"NAME", "X"}, {{"ïï", "1"}, {"ab", "2"}}, 80);
    EXPECT_EQ(out, "NAME  X\nïï    1\nab    2\n");
}

}  // namespace
}  // namespace baken::cli
