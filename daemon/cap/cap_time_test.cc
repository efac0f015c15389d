#include "cap/cap_time.h"

#include <gtest/gtest.h>

namespace baken::cap {
namespace {

TEST(CapTime, ParsesOffsetsIntoUnixTime) {
    auto t = parse_cap_time("2024-05-01T14:30:00+02:00");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->unix_ms, 1714566600000);  // 12:30:00Z
    EXPECT_EQ(t->offset_minutes, 120);
    auto utc = parse_cap_time(" 2024-05-01T12:30:00-00:00\n");
    ASSERT_TRUE(utc);
    EXPECT_EQ(utc->unix_ms, 1714566600000);
    auto west = parse_cap_time("2024-05-01T07:00:00-05:30");
    ASSERT_TRUE(west);
    EXPECT_EQ(west->unix_ms, 1714566600000);
    EXPECT_EQ(west->offset_minutes, -330);
}

TEST(CapTime, RefusesWhatIsNoRealTime) {
    for (const char* text :
         {"", "2024-05-01", "2024-05-01T14:30:00Z", "2024-05-01T14:30:00,02:00",
          "2024-02-30T10:00:00+00:00", "2023-02-29T10:00:00+00:00", "2024-13-01T10:00:00+00:00",
          "2024-05-01T24:00:00+00:00", "2024-05-01T14:30:00.5+02:00", "2024-05-01T14:30:00+15:00",
          "20x4-05-01T14:30:00+02:00"}) {
        EXPECT_FALSE(parse_cap_time(text)) << text;
    }
    EXPECT_TRUE(parse_cap_time("2024-02-29T10:00:00+00:00"));
}

TEST(CapTime, FormatsWithTheGivenOffsetAndRoundTrips) {
    EXPECT_EQ(format_cap_time(1714566600000, 120), "2024-05-01T14:30:00+02:00");
    EXPECT_EQ(format_cap_time(1714566600999, 0), "2024-05-01T12:30:00+00:00");
    EXPECT_EQ(format_cap_time(1714566600000, -330), "2024-05-01T07:00:00-05:30");
    EXPECT_EQ(format_cap_time(0, 0), "1970-01-01T00:00:00+00:00");
    EXPECT_EQ(format_cap_time(-1000, 60), "1970-01-01T00:59:59+01:00");
    EXPECT_EQ(format_utc(1714566600000), "2024-05-01T12:30:00Z");
    for (std::int64_t ms : {951782400000LL, 1709164800000LL, 4102444799000LL}) {
        auto back = parse_cap_time(format_cap_time(ms, 60));
        ASSERT_TRUE(back);
        EXPECT_EQ(back->unix_ms, ms);
    }
}

}  // namespace
}  // namespace baken::cap
