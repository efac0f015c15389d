// Airtime of a frame, and the duty-cycle budget over a sliding window.
#include "radio/link/airtime_budget.h"

#include <gtest/gtest.h>

#include <string>

namespace baken::radio {
namespace {

TEST(Airtime, ABytesWorthAt1200BitsPerSecondIsAbout6point7Ms) {
    AirtimeModel model{1200, 0, false};
    EXPECT_EQ(airtime_ms(model, std::size_t{150}), 1000);  // 150 bytes = 1200 bits = 1 s
    AirtimeModel with_delay{1200, 300, false};
    EXPECT_EQ(airtime_ms(with_delay, std::size_t{150}), 1300);
}

TEST(Airtime, HdlcAddsFlagsFcsAndStuffedBits) {
    AirtimeModel model{1200, 0, true};
    std::string zeros(146, '\0');
    std::string ones(146, '\xFF');
    // 146 + 4 bytes = 1200 bits; zeros need no stuffing, the FCS at most 3 bits.
    EXPECT_EQ(airtime_ms(model, as_bytes(zeros)), 1003);
    // 0xFF bytes: one stuffed bit per five 1s.
    EXPECT_EQ(airtime_ms(model, as_bytes(ones)), (1200 + 146 * 8 / 5 + 3) * 1000 / 1200 + 1);
}

TEST(AirtimeBudget, NeverAllowsMoreThanTheBudgetInAnyWindow) {
    AirtimeBudget budget(60'000, 6'000);  // 10 % of a minute
    std::int64_t now = 0;
    std::vector<std::pair<std::int64_t, std::int64_t>> sent;
    for (int i = 0; i < 3000 && now < 600'000; ++i, now += 250) {
        if (budget.allows(now, 700)) {
            budget.spend(now, 700);
            sent.push_back({now, 700});
        }
    }
    for (const auto& [start, _] : sent) {
        std::int64_t sum = 0;
        for (const auto& [t, a] : sent)
            if (t > start - 60'000 && t <= start) sum += a;
        EXPECT_LE(sum, 6'000);
    }
    EXPECT_GT(sent.size(), 8u * 9);  // and it is used: 8 frames a minute fit
}

TEST(AirtimeBudget, FitsAtIsWhenEnoughOldFramesLeaveTheWindow) {
    AirtimeBudget budget(10'000, 3'000);
    budget.spend(0, 1'000);
    budget.spend(1'000, 1'000);
    budget.spend(2'000, 1'000);
    EXPECT_FALSE(budget.allows(2'500, 1'000));
    EXPECT_EQ(budget.fits_at(2'500, 1'000), 10'000);     // the first frame leaves at 10 s
    EXPECT_EQ(budget.fits_at(2'500, 2'000), 11'000);     // the second one too
    EXPECT_EQ(budget.fits_at(2'500, 4'000), INT64_MAX);  // larger than the budget: never
    EXPECT_EQ(budget.used(10'000), 2'000);
}

TEST(AirtimeBudget, CountsAFrameWhenItIsExpectedOnTheAir) {
    AirtimeBudget budget(10'000, 3'000);
    budget.spend(0, 1'000, 0);
    budget.spend(0, 1'000, 1'000);  // handed over at once, on air after the first
    // Each leaves the window when its own time on the air does.
    EXPECT_EQ(budget.used(10'000), 1'000);
    EXPECT_EQ(budget.used(11'000), 0);
}

TEST(AirtimeBudget, AnotherStationsFrameMovesWhatWasStillToGo) {
    AirtimeBudget budget(10'000, 3'000);
    budget.spend(0, 1'000, 0);
    budget.spend(0, 1'000, 1'000);
    budget.spend(0, 1'000, 2'000);
    // Another station held the channel from 1.5 s for 4 s: the second frame (expected until
    // 2 s) and the third had not gone, the first had.
    budget.postpone(1'500, 4'000);
    // Two seconds' worth fit once the second frame leaves the window: at 15 s, not 11 s.
    EXPECT_EQ(budget.fits_at(3'000, 2'000), 15'000);
    EXPECT_EQ(budget.used(10'000), 2'000);  // the first has left the window
    EXPECT_EQ(budget.used(14'000), 2'000);  // the others count from 5 s and 6 s
    EXPECT_EQ(budget.used(15'000), 1'000);
    EXPECT_EQ(budget.used(16'000), 0);
}

}  // namespace
}  // namespace baken::radio
