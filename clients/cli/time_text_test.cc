#include "time_text.h"

#include <gtest/gtest.h>

#include <ctime>

namespace baken::cli {
namespace {

constexpr std::int64_t kNow = 1'740'000'000'000;  // 2025-02-19T21:20:00Z

TEST(Duration, TakesOneOrMoreNumbersWithUnits) {
    EXPECT_EQ(*parse_duration_seconds("45s"), 45);
    EXPECT_EQ(*parse_duration_seconds("90m"), 5400);
    EXPECT_EQ(*parse_duration_seconds("24h"), 86400);
    EXPECT_EQ(*parse_duration_seconds("7d"), 7 * 86400);
    EXPECT_EQ(*parse_duration_seconds("1d12h"), 36 * 3600);
}

TEST(Duration, RefusesWhatIsNotADuration) {
    for (const char* text :
         {"", "24", "h", "5x", "-5m", "1.5h", "0m", " 5m", "99999999999999999999d"}) {
        EXPECT_FALSE(parse_duration_seconds(text)) << text;
    }
    EXPECT_NE(parse_duration_seconds("24").error().find("needs a unit"), std::string::npos);
}

TEST(Time, ReadsUtcAndExplicitOffsets) {
    EXPECT_EQ(*parse_time_ms("2025-03-01T13:00Z", kNow), 1'740'834'000'000);
    EXPECT_EQ(*parse_time_ms("2025-03-01T14:00+01:00", kNow), 1'740'834'000'000);
    EXPECT_EQ(*parse_time_ms("2025-03-01 14:00:00+0100", kNow), 1'740'834'000'000);
    EXPECT_EQ(*parse_time_ms("2025-03-01T08:30-04:30", kNow), 1'740'834'000'000);
}

TEST(Time, ReadsLocalTimeByTheMachinesZone) {
    std::tm tm{};
    tm.tm_year = 125;
    tm.tm_mon = 2;
    tm.tm_mday = 1;
    tm.tm_hour = 14;
    tm.tm_isdst = -1;
    std::int64_t expected = static_cast<std::int64_t>(std::mktime(&tm)) * 1000;
    EXPECT_EQ(*parse_time_ms("2025-03-01T14:00", kNow), expected);
    EXPECT_EQ(*parse_time_ms("2025-03-01 14:00", kNow), expected);
}

TEST(Time, ReadsRelativeTimes) {
    EXPECT_EQ(*parse_time_ms("now", kNow), kNow);
    EXPECT_EQ(*parse_time_ms("+2h", kNow), kNow + 7'200'000);
    EXPECT_EQ(*parse_time_ms("-30m", kNow), kNow - 1'800'000);
}

TEST(Time, RefusesMalformedTimesWithTheAcceptedForms) {
    for (const char* text : {"", "tomorrow", "2025-13-01", "2025-03-01T25:00", "2025-03-01T14:00+1",
                             "01-03-2025", "2025-03-01T14:00 CET", "+", "+2"}) {
        EXPECT_FALSE(parse_time_ms(text, kNow)) << text;
    }
    EXPECT_NE(parse_time_ms("tomorrow", kNow).error().find("2025-03-01T14:00"), std::string::npos);
}

TEST(Age, IsShortAndCoarse) {
    EXPECT_EQ(format_age(kNow, kNow - 12'000), "12 s");
    EXPECT_EQ(format_age(kNow, kNow - 5 * 60'000 - 59'000), "5 min");
    EXPECT_EQ(format_age(kNow, kNow - 2 * 3'600'000), "2 h");
    EXPECT_EQ(format_age(kNow, kNow - 47 * 3'600'000), "47 h");
    EXPECT_EQ(format_age(kNow, kNow - 3 * 86'400'000), "3 d");
    EXPECT_EQ(format_age(kNow, kNow + 4 * 60'000), "in 4 min");
}

TEST(DurationText, ShowsTwoUnitsAtMost) {
    EXPECT_EQ(format_duration(45), "45 s");
    EXPECT_EQ(format_duration(720), "12 min");
    EXPECT_EQ(format_duration(3 * 3600 + 5 * 60 + 7), "3 h 5 min");
    EXPECT_EQ(format_duration(3 * 3600), "3 h");
    EXPECT_EQ(format_duration(2 * 86400 + 4 * 3600 + 60), "2 d 4 h");
}

}  // namespace
}  // namespace baken::cli
