// The sub-band table and the sliding-hour limiter: no exact hour ever above budget, sending
// resumes exactly when wait_ms() says, and the bucket accounting as time passes.
#include "core/duty_cycle.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <random>
#include <vector>

namespace baken::modem {
namespace {

constexpr std::uint64_t kHour = DutyCycleLimiter::kWindowMs;

// --- sub_band_for -------------------------------------------------------------------------

TEST(SubBand, TenPercentBandHoldsThe869525ChannelUpTo250kHz) {
    const SubBand* narrow = sub_band_for(869'525'000, 125'000);
    ASSERT_NE(narrow, nullptr);
    EXPECT_STREQ(narrow->name, "h1.6");
    EXPECT_EQ(narrow->permille, 100);
    EXPECT_EQ(narrow->max_erp_dbm, 27);
    // 250 kHz spans exactly 869.400..869.650: the edges are inclusive.
    EXPECT_EQ(sub_band_for(869'525'000, 250'000), narrow);
    // 500 kHz spans 869.275..869.775: out of the sub-band on both sides.
    EXPECT_EQ(sub_band_for(869'525'000, 500'000), nullptr);
}

TEST(SubBand, LoRaWANChannelsAreInTheOnePercentBand) {
    for (std::uint32_t f : {868'100'000u, 868'300'000u, 868'500'000u}) {
        const SubBand* band = sub_band_for(f, 125'000);
        ASSERT_NE(band, nullptr) << f;
        EXPECT_STREQ(band->name, "h1.4");
        EXPECT_EQ(band->low_hz, 868'000'000u);
        EXPECT_EQ(band->high_hz, 868'600'000u);
        EXPECT_EQ(band->permille, 10);
        EXPECT_EQ(band->max_erp_dbm, 14);
    }
}

TEST(SubBand, ChannelMustLieWhollyInsideWithInclusiveEdges) {
    // 125 kHz channel: half width 62.5 kHz.
    EXPECT_NE(sub_band_for(868'000'000 + 62'500, 125'000), nullptr);  // touches 868.000
    EXPECT_EQ(sub_band_for(868'000'000 + 62'499, 125'000), nullptr);  // 1 Hz over the edge
    EXPECT_NE(sub_band_for(868'600'000 - 62'500, 125'000), nullptr);  // touches 868.600
    EXPECT_EQ(sub_band_for(868'600'000 - 62'499, 125'000), nullptr);
    EXPECT_EQ(sub_band_for(868'650'000, 125'000), nullptr);  // gap 868.6..868.7
    EXPECT_EQ(sub_band_for(869'300'000, 125'000), nullptr);  // gap 869.2..869.4
    EXPECT_EQ(sub_band_for(869'675'000, 25'000), nullptr);   // gap 869.65..869.7
    EXPECT_EQ(sub_band_for(865'000'000, 125'000), nullptr);  // straddles 0.1 % / 1 % edge
    EXPECT_EQ(sub_band_for(433'175'000, 125'000), nullptr);
    EXPECT_EQ(sub_band_for(915'000'000, 125'000), nullptr);
    EXPECT_EQ(sub_band_for(10'000, 125'000), nullptr);  // below half the bandwidth
    EXPECT_EQ(sub_band_for(UINT32_MAX, 500'000), nullptr);
}

TEST(SubBand, EveryRowOfTheTableHasItsShareAndPower) {
    struct Row {
        std::uint32_t centre_hz;
        const char* name;
        std::uint16_t permille;
        std::int8_t dbm;
    };
    const Row rows[] = {
        {864'000'000, "h1.2", 1, 14}, {866'500'000, "h1.3", 10, 14},  {868'300'000, "h1.4", 10, 14},
        {868'950'000, "h1.5", 1, 14}, {869'525'000, "h1.6", 100, 27}, {869'850'000, "h1.7", 10, 14},
    };
    for (const Row& row : rows) {
        const SubBand* band = sub_band_for(row.centre_hz, 125'000);
        ASSERT_NE(band, nullptr) << row.centre_hz;
        EXPECT_STREQ(band->name, row.name);
        EXPECT_EQ(band->permille, row.permille) << row.name;
        EXPECT_EQ(band->max_erp_dbm, row.dbm) << row.name;
        EXPECT_LT(band->low_hz, band->high_hz);
    }
}

// --- DutyCycleLimiter: budgets --------------------------------------------------------------

TEST(DutyCycleLimiter, BudgetIsTheShareOfAnHour) {
    EXPECT_EQ(DutyCycleLimiter(100).budget_ms(), 360'000u);  // 10 %
    EXPECT_EQ(DutyCycleLimiter(10).budget_ms(), 36'000u);    // 1 %
    EXPECT_EQ(DutyCycleLimiter(1).budget_ms(), 3'600u);      // 0.1 %
    EXPECT_EQ(DutyCycleLimiter(0).budget_ms(), 0u);
    EXPECT_EQ(DutyCycleLimiter().budget_ms(), 360'000u);
}

TEST(DutyCycleLimiter, AirtimeAboveTheWholeBudgetNeverFits) {
    DutyCycleLimiter limiter(10);
    EXPECT_TRUE(limiter.allows(0, 36'000));  // exactly the budget, on an empty hour
    EXPECT_FALSE(limiter.allows(0, 36'001));
    EXPECT_EQ(limiter.wait_ms(0, 36'001), UINT32_MAX);
    EXPECT_EQ(limiter.wait_ms(5 * kHour, 36'001), UINT32_MAX);
    DutyCycleLimiter closed(0);
    EXPECT_FALSE(closed.allows(0, 1));
    EXPECT_EQ(closed.wait_ms(0, 1), UINT32_MAX);
}

TEST(DutyCycleLimiter, SetPermilleChangesTheBudgetAndKeepsWhatWasSent) {
    DutyCycleLimiter limiter(10);
    limiter.record(1'000, 30'000);
    EXPECT_EQ(limiter.used_ms(31'000), 30'000u);
    EXPECT_TRUE(limiter.allows(31'000, 6'000));
    EXPECT_FALSE(limiter.allows(31'000, 6'001));
    limiter.set_permille(100);
    EXPECT_EQ(limiter.budget_ms(), 360'000u);
    EXPECT_EQ(limiter.used_ms(31'000), 30'000u);
    EXPECT_TRUE(limiter.allows(31'000, 330'000));
    EXPECT_FALSE(limiter.allows(31'000, 330'001));
    limiter.set_permille(1);
    EXPECT_FALSE(limiter.allows(31'000, 1));
    EXPECT_EQ(limiter.wait_ms(31'000, 3'601), UINT32_MAX);
}

TEST(DutyCycleLimiter, PermilleAboveTheWholeHourIsCappedToIt) {
    EXPECT_EQ(DutyCycleLimiter(1000).budget_ms(), kHour);
    EXPECT_EQ(DutyCycleLimiter(1001).budget_ms(), kHour);
    EXPECT_EQ(DutyCycleLimiter(UINT16_MAX).budget_ms(), kHour);
    DutyCycleLimiter limiter(10);
    limiter.set_permille(5000);
    EXPECT_EQ(limiter.budget_ms(), kHour);
    EXPECT_TRUE(limiter.allows(0, kHour));
    EXPECT_EQ(limiter.wait_ms(0, kHour + 1), UINT32_MAX);
}

// Ten hours of steady sending wrap the ring of buckets (398 of 10 s) nine times; what the hour
// holds is the same at every turn.
TEST(DutyCycleLimiter, RingWrapsWithoutLosingOrInventingTime) {
    DutyCycleLimiter limiter(100);
    // 1 s every 100 s, each frame alone in its bucket.
    for (std::uint64_t t = 0; t < 10 * kHour; t += 100'000) {
        limiter.record(t, 1'000);
        if (t < kHour) continue;
        // The frames from t - 1 h to t: the one at t - 1 h still counts, as its bucket
        // overlaps (t - 1 h, t].
        ASSERT_EQ(limiter.used_ms(t), 37'000u) << t;
        ASSERT_TRUE(limiter.allows(t, 323'000)) << t;
        ASSERT_FALSE(limiter.allows(t, 323'001)) << t;
        // That bucket leaves the hour at t + 10 s.
        ASSERT_EQ(limiter.wait_ms(t, 323'001), 10'000u) << t;
        ASSERT_EQ(limiter.used_ms(t + 10'000), 36'000u) << t;
    }
}

// --- DutyCycleLimiter: time passing ---------------------------------------------------------

// 36 s at 1 % sent as 12 frames of 3 s from t = 0: buckets of 10 s hold 10, 10, 10 and 6 s.
DutyCycleLimiter full_one_percent_hour() {
    DutyCycleLimiter limiter(10);
    for (std::uint64_t t = 0; t < 36'000; t += 3'000) {
        EXPECT_TRUE(limiter.allows(t, 3'000)) << t;
        limiter.record(t, 3'000);
    }
    return limiter;
}

TEST(DutyCycleLimiter, UsedFallsBucketByBucketAsTheHourSlides) {
    const DutyCycleLimiter limiter = full_one_percent_hour();
    EXPECT_EQ(limiter.used_ms(36'000), 36'000u);
    // Bucket [0, 10 s) overlaps the hour (now - 1 h, now] until now reaches 1 h + 10 s.
    EXPECT_EQ(limiter.used_ms(kHour), 36'000u);
    EXPECT_EQ(limiter.used_ms(kHour + 9'999), 36'000u);
    EXPECT_EQ(limiter.used_ms(kHour + 10'000), 26'000u);
    EXPECT_EQ(limiter.used_ms(kHour + 20'000), 16'000u);
    EXPECT_EQ(limiter.used_ms(kHour + 30'000), 6'000u);
    EXPECT_EQ(limiter.used_ms(kHour + 39'999), 6'000u);
    EXPECT_EQ(limiter.used_ms(kHour + 40'000), 0u);
    std::uint32_t previous = UINT32_MAX;
    for (std::uint64_t t = 36'000; t <= kHour + 50'000; t += 997) {
        const std::uint32_t used = limiter.used_ms(t);
        ASSERT_LE(used, previous) << t;
        previous = used;
    }
}

TEST(DutyCycleLimiter, RefusesOverBudgetAndSendsAgainExactlyWhenWaitEnds) {
    DutyCycleLimiter limiter = full_one_percent_hour();
    EXPECT_FALSE(limiter.allows(36'000, 1'000));
    // Room for 1 s needs used <= 35 s: bucket [0, 10 s) must leave, at 1 h + 10 s.
    const std::uint32_t wait = limiter.wait_ms(36'000, 1'000);
    EXPECT_EQ(wait, kHour + 10'000 - 36'000);
    EXPECT_FALSE(limiter.allows(36'000 + wait - 1, 1'000));
    EXPECT_TRUE(limiter.allows(36'000 + wait, 1'000));
    EXPECT_EQ(limiter.wait_ms(36'000 + wait, 1'000), 0u);
    // A frame of 20 s needs used <= 16 s: two buckets gone, at 1 h + 20 s; one of 21 s needs
    // used <= 15 s: three gone, at 1 h + 30 s.
    EXPECT_EQ(limiter.wait_ms(36'000, 20'000), kHour + 20'000 - 36'000);
    EXPECT_EQ(limiter.wait_ms(36'000, 21'000), kHour + 30'000 - 36'000);
    // A full 36 s frame must wait until all four have left.
    EXPECT_EQ(limiter.wait_ms(36'000, 36'000), kHour + 40'000 - 36'000);

    limiter.record(36'000 + wait, 1'000);
    EXPECT_EQ(limiter.used_ms(36'000 + wait), 27'000u);
}

TEST(DutyCycleLimiter, TransmissionAcrossABucketEdgeCountsUntilItsTailLeaves) {
    DutyCycleLimiter limiter(100);
    limiter.record(9'500, 1'000);  // 500 ms in bucket 0, 500 ms in bucket 1
    EXPECT_EQ(limiter.used_ms(9'500), 1'000u);
    EXPECT_EQ(limiter.used_ms(kHour + 9'999), 1'000u);
    EXPECT_EQ(limiter.used_ms(kHour + 10'000), 500u);
    EXPECT_EQ(limiter.used_ms(kHour + 19'999), 500u);
    EXPECT_EQ(limiter.used_ms(kHour + 20'000), 0u);
}

TEST(DutyCycleLimiter, TransmissionStillOnAirCountsInFull) {
    DutyCycleLimiter limiter(100);
    limiter.record(0, 300'000);  // reaches 30 buckets ahead
    EXPECT_EQ(limiter.used_ms(0), 300'000u);
    EXPECT_EQ(limiter.used_ms(150'000), 300'000u);
    EXPECT_FALSE(limiter.allows(1'000, 60'001));
    EXPECT_TRUE(limiter.allows(1'000, 60'000));
    // Even a transmission longer than the ring looks ahead is charged in full.
    DutyCycleLimiter wide(1000);
    wide.record(5'000, 1'000'000);
    EXPECT_EQ(wide.used_ms(5'000), 1'000'000u);
}

TEST(DutyCycleLimiter, ForgetsEverythingAfterALongSilence) {
    DutyCycleLimiter limiter(10);
    limiter.record(0, 36'000);
    EXPECT_FALSE(limiter.allows(40'000, 1));
    EXPECT_EQ(limiter.used_ms(10 * kHour), 0u);
    EXPECT_TRUE(limiter.allows(10 * kHour, 36'000));
    limiter.record(10 * kHour, 2'000);
    EXPECT_EQ(limiter.used_ms(10 * kHour + 1), 2'000u);
}

TEST(DutyCycleLimiter, ClockGoingBackIsStillCounted) {
    DutyCycleLimiter limiter(10);
    limiter.record(5 * kHour, 1'000);
    limiter.record(5 * kHour - 1'800'000, 1'000);  // half an hour back: still in the ring
    EXPECT_EQ(limiter.used_ms(5 * kHour + 1'000), 2'000u);
    // Older than the ring holds: charged to its oldest bucket, i.e. later than it happened
    // (counted longer, never shorter), and not in the hour ending at 5 h, where it was not.
    limiter.record(kHour, 1'000);
    EXPECT_EQ(limiter.used_ms(5 * kHour + 1'000), 2'000u);
    EXPECT_EQ(limiter.used_ms(5 * kHour - kHour + 1), 3'000u);
}

// --- DutyCycleLimiter: a simulated sender against every exact sliding hour -----------------

struct Transmission {
    std::uint64_t start;
    std::uint32_t airtime;
    std::uint64_t end() const { return start + airtime; }
};

// Milliseconds on air within [from, to). The list is in time order and does not overlap, so
// the ends are sorted as well.
std::uint64_t on_air_within(const std::vector<Transmission>& sent, std::uint64_t from,
                            std::uint64_t to) {
    auto it = std::partition_point(sent.begin(), sent.end(),
                                   [from](const Transmission& t) { return t.end() <= from; });
    std::uint64_t sum = 0;
    for (; it != sent.end() && it->start < to; ++it) {
        sum += std::min(it->end(), to) - std::max(it->start, from);
    }
    return sum;
}

struct Simulation {
    std::vector<Transmission> sent;
    std::uint64_t refusals = 0;
};

// A sender that offers a frame of random airtime every few moments (after the previous one
// ended) and sends whenever allows() says yes; each refusal checks that wait_ms() names the
// exact moment the frame would fit.
Simulation run_sender(DutyCycleLimiter& limiter, std::uint64_t duration_ms, std::uint32_t seed,
                      std::uint32_t max_airtime_ms, std::uint32_t max_gap_ms) {
    std::mt19937 random(seed);
    std::uniform_int_distribution<std::uint32_t> airtime(40, max_airtime_ms);
    std::uniform_int_distribution<std::uint32_t> gap(1, max_gap_ms);
    Simulation simulation;
    std::uint64_t now = 0;
    for (int step = 0; step < 1'000'000 && now < duration_ms; ++step) {
        const std::uint32_t frame = airtime(random);
        if (limiter.allows(now, frame)) {
            limiter.record(now, frame);
            simulation.sent.push_back({now, frame});
            now += frame;
        } else {
            ++simulation.refusals;
            // Refused only when it would not fit even counting just the hour plus the one
            // bucket the window may round out to: the over-estimate is bounded.
            const std::uint64_t from = now > kHour + DutyCycleLimiter::kBucketMs
                                           ? now - kHour - DutyCycleLimiter::kBucketMs
                                           : 0;
            EXPECT_GT(on_air_within(simulation.sent, from, now) + frame, limiter.budget_ms())
                << "refused at " << now << " without need";
            const std::uint32_t wait = limiter.wait_ms(now, frame);
            EXPECT_GT(wait, 0u);
            EXPECT_NE(wait, UINT32_MAX);
            if (wait > 0 && wait != UINT32_MAX) {
                EXPECT_FALSE(limiter.allows(now + wait - 1, frame)) << now;
                EXPECT_TRUE(limiter.allows(now + wait, frame)) << now;
            }
        }
        now += gap(random);
    }
    EXPECT_GE(now, duration_ms) << "the simulation ran out of steps";
    return simulation;
}

// The largest time on air in any exact hour [end - 1 h, end): for every window starting at a
// transmission's start, ending at a transmission's end, and ending on a 250 ms grid.
std::uint64_t busiest_hour(const std::vector<Transmission>& sent, std::uint64_t until) {
    auto hour_ending = [&](std::uint64_t end) {
        return on_air_within(sent, end > kHour ? end - kHour : 0, end);
    };
    std::uint64_t most = 0;
    for (const Transmission& t : sent) {
        most = std::max(most, on_air_within(sent, t.start, t.start + kHour));
        most = std::max(most, hour_ending(t.end()));
    }
    for (std::uint64_t end = 0; end <= until + kHour; end += 250) {
        most = std::max(most, hour_ending(end));
    }
    return most;
}

void expect_never_above_budget(std::uint16_t permille, std::uint32_t max_airtime_ms,
                               std::uint32_t max_gap_ms, std::uint32_t seed) {
    DutyCycleLimiter limiter(permille);
    const std::uint64_t duration = 3 * kHour;
    const Simulation simulation = run_sender(limiter, duration, seed, max_airtime_ms, max_gap_ms);
    const std::uint64_t budget = limiter.budget_ms();
    std::uint64_t total = 0;
    for (const Transmission& t : simulation.sent) total += t.airtime;
    const std::uint64_t busiest = busiest_hour(simulation.sent, duration);

    EXPECT_GT(simulation.refusals, 0u) << "the sender never hit the limit";
    EXPECT_LE(busiest, budget);
    // Not starved either: the busiest hour gets near the budget, and three hours carry
    // nearly three budgets (the limiter over-counts by at most a bucket's edge and a frame).
    EXPECT_GE(busiest * 100, budget * 95);
    EXPECT_GE(total * 100, 3 * budget * 90);
    std::printf(
        "permille %u: %zu frames, %llu ms sent in 3 h (budget %llu ms/h), busiest "
        "exact hour %llu ms, %llu refusals\n",
        unsigned{permille}, simulation.sent.size(), static_cast<unsigned long long>(total),
        static_cast<unsigned long long>(budget), static_cast<unsigned long long>(busiest),
        static_cast<unsigned long long>(simulation.refusals));
}

TEST(DutyCycleLimiter, TenPercentSenderNeverExceedsBudgetInAnyExactHour) {
    expect_never_above_budget(100, 3'000, 400, 1);
}

TEST(DutyCycleLimiter, OnePercentSenderNeverExceedsBudgetInAnyExactHour) {
    expect_never_above_budget(10, 2'000, 3'000, 2);
}

TEST(DutyCycleLimiter, TenthPercentSenderNeverExceedsBudgetInAnyExactHour) {
    expect_never_above_budget(1, 1'500, 20'000, 3);
}

TEST(DutyCycleLimiter, TailOfAFrameStartedBeforeTheHourKeepsTheExactHourWithinBudget) {
    // A frame straddling a bucket edge, then a long one filling the 10 % budget to 359 s.
    DutyCycleLimiter limiter(100);
    std::vector<Transmission> sent = {{9'000, 3'000}, {100'000, 357'000}};
    for (const Transmission& t : sent) limiter.record(t.start, t.airtime);
    // At 1 h + 10 s the first frame's bucket [0, 10 s) has left, but its last 2 s lie after
    // now - 1 h, in hours that a frame sent now also reaches: they must still count.
    const std::uint64_t now = kHour + 10'000;
    EXPECT_EQ(limiter.used_ms(now), 359'000u);
    EXPECT_TRUE(limiter.allows(now, 1'000));
    EXPECT_FALSE(limiter.allows(now, 1'001));
    sent.push_back({now, 1'000});
    EXPECT_LE(busiest_hour(sent, now + 1'000), limiter.budget_ms());
}

}  // namespace
}  // namespace baken::modem
