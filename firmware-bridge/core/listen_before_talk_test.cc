// Xorshift32 and the binary exponential backoff of listen before talk.
#include "core/listen_before_talk.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>

namespace baken::modem {
namespace {

// x ^= x << 13; x ^= x >> 17; x ^= x << 5, by hand from x = 1:
//   1 ^ (1 << 13) = 0x2001; 0x2001 >> 17 = 0; 0x2001 ^ (0x2001 << 5 = 0x40020) = 0x42021.
//   0x42021 ^ (0x42021 << 13 = 0x84042000) = 0x84000021; ^ (>> 17 = 0x4200) = 0x84004221;
//   ^ (<< 5 = 0x80084420, truncated to 32 bits) = 0x04080601.
TEST(Xorshift32, FirstOutputsFollowTheAlgorithm) {
    Xorshift32 random(1);
    EXPECT_EQ(random.next(), 0x00042021u);  // 270369
    EXPECT_EQ(random.next(), 0x04080601u);  // 67634689
    EXPECT_EQ(random.next(), 2'647'435'461u);
    // Marsaglia's own example (Xorshift RNGs, J. Stat. Software 8(14), 2003): seed 2463534242
    // gives 723471715 first.
    Xorshift32 marsaglia(2'463'534'242u);
    EXPECT_EQ(marsaglia.next(), 723'471'715u);
}

TEST(Xorshift32, ZeroSeedIsReplacedSoItNeverSticksAtZero) {
    Xorshift32 random(0);
    for (int i = 0; i < 1000; ++i) ASSERT_NE(random.next(), 0u);
}

TEST(Xorshift32, BelowStaysInRangeAndIsRoughlyUniform) {
    Xorshift32 random(42);
    EXPECT_EQ(random.below(0), 0u);
    for (int i = 0; i < 1000; ++i) ASSERT_EQ(random.below(1), 0u);
    int counts[7] = {};
    for (int i = 0; i < 70'000; ++i) {
        const std::uint32_t value = random.below(7);
        ASSERT_LT(value, 7u);
        ++counts[value];
    }
    for (int count : counts) {  // expected 10000 each; sd about 93
        EXPECT_GT(count, 9'500);
        EXPECT_LT(count, 10'500);
    }
    EXPECT_LT(random.below(UINT32_MAX), UINT32_MAX);
}

TEST(ListenBeforeTalk, DelaysDoubleTheirRangeWithEachBusyAnswer) {
    ListenBeforeTalk lbt(7, 100, 8);
    std::uint32_t smallest[8], largest[8];
    for (int t = 1; t < 8; ++t) smallest[t] = UINT32_MAX, largest[t] = 0;
    for (int frame = 0; frame < 2'000; ++frame) {
        lbt.start_frame();
        for (int t = 1; t < 8; ++t) {
            const std::uint32_t delay = lbt.on_busy();
            ASSERT_EQ(lbt.tries(), t);
            ASSERT_GE(delay, 100u) << "try " << t;
            ASSERT_LT(delay, 100u << t) << "try " << t;
            smallest[t] = std::min(smallest[t], delay);
            largest[t] = std::max(largest[t], delay);
        }
    }
    for (int t = 1; t < 8; ++t) {
        const std::uint32_t top = 100u << t;  // the range [100, top) is really used, both ends
        EXPECT_LT(smallest[t], 100u + (top - 100) / 20) << "try " << t;
        EXPECT_GT(largest[t], top - (top - 100) / 20) << "try " << t;
    }
}

TEST(ListenBeforeTalk, GivesUpAfterMaxTriesUntilTheNextFrame) {
    ListenBeforeTalk lbt(11, 100, 3);
    EXPECT_NE(lbt.on_busy(), 0u);
    EXPECT_NE(lbt.on_busy(), 0u);
    EXPECT_EQ(lbt.on_busy(), 0u);  // third busy answer: give the frame up
    EXPECT_EQ(lbt.on_busy(), 0u);
    lbt.start_frame();
    EXPECT_EQ(lbt.tries(), 0);
    const std::uint32_t delay = lbt.on_busy();
    EXPECT_GE(delay, 100u);
    EXPECT_LT(delay, 200u);  // back to the first, narrowest range
}

TEST(ListenBeforeTalk, SetBackoffTakesEffectAndZeroesBecomeOne) {
    ListenBeforeTalk lbt(5, 100, 8);
    lbt.set_backoff(1'000, 2);
    const std::uint32_t delay = lbt.on_busy();
    EXPECT_GE(delay, 1'000u);
    EXPECT_LT(delay, 2'000u);
    EXPECT_EQ(lbt.on_busy(), 0u);

    lbt.set_backoff(0, 0);  // min 1 ms, one try
    lbt.start_frame();
    EXPECT_EQ(lbt.on_busy(), 0u);
    lbt.set_backoff(0, 5);
    lbt.start_frame();
    for (int t = 1; t < 5; ++t) {
        const std::uint32_t d = lbt.on_busy();
        EXPECT_GE(d, 1u);  // never 0, which would mean "give up"
        EXPECT_LT(d, 1u << t);
    }
}

TEST(ListenBeforeTalk, LongBackoffsDoNotOverflow) {
    ListenBeforeTalk lbt(9, 65'535, 255);
    for (int t = 1; t < 255; ++t) {
        const std::uint32_t delay = lbt.on_busy();
        ASSERT_GE(delay, 65'535u);
        const std::uint64_t top = std::uint64_t{65'535} << (t < 16 ? t : 16);
        ASSERT_LT(delay, top) << "try " << t;
    }
    EXPECT_EQ(lbt.on_busy(), 0u);
}

TEST(ListenBeforeTalk, NoSingleWaitExceedsTheCap) {
    ListenBeforeTalk lbt(3, 1000, 16);
    std::uint32_t longest = 0;
    for (int t = 1; t < 16; ++t) {
        const std::uint32_t delay = lbt.on_busy();
        ASSERT_GE(delay, 1000u);
        ASSERT_LT(delay, ListenBeforeTalk::kMaxBackoffMs) << "try " << t;
        longest = std::max(longest, delay);
    }
    EXPECT_GT(longest, 8000u) << "the range still grows up to the cap";
}

TEST(ListenBeforeTalk, DifferentSeedsDrawDifferentDelays) {
    ListenBeforeTalk a(1, 100, 8), b(2, 100, 8);
    int same = 0;
    for (int frame = 0; frame < 16; ++frame) {
        a.start_frame();
        b.start_frame();
        if (a.on_busy() == b.on_busy()) ++same;
    }
    EXPECT_LT(same, 4);  // by chance 1 in 100 each
    ListenBeforeTalk c(1, 100, 8), d(1, 100, 8);
    for (int i = 0; i < 7; ++i) EXPECT_EQ(c.on_busy(), d.on_busy());  // same seed, same run
}

TEST(ListenBeforeTalk, FirstDelaysAreRoughlyUniform) {
    ListenBeforeTalk lbt(2024, 100, 8);
    int bins[10] = {};
    for (int frame = 0; frame < 20'000; ++frame) {
        lbt.start_frame();
        const std::uint32_t delay = lbt.on_busy();
        ASSERT_GE(delay, 100u);
        ASSERT_LT(delay, 200u);
        ++bins[(delay - 100) / 10];
    }
    double chi_square = 0;
    for (int count : bins) {
        chi_square += (count - 2'000.0) * (count - 2'000.0) / 2'000.0;
        EXPECT_GT(count, 1'800);
        EXPECT_LT(count, 2'200);
    }
    EXPECT_LT(chi_square, 27.9);  // 9 degrees of freedom, p = 0.001
}

}  // namespace
}  // namespace baken::modem
