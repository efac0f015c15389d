#include "sync/reconciliation/index_mapping.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "sync/reconciliation/test_keys.h"

namespace baken::sync {
namespace {

TEST(IndexMapping, StartsAtZeroAndStrictlyIncreases) {
    for (ShortKey key : testing::random_keys(1000, 1)) {
        IndexMapping m(key);
        EXPECT_EQ(m.index(), 0u);
        std::uint32_t last = 0;
        for (int step = 0; step < 50 && !m.ended(); ++step) {
            m.advance();
            EXPECT_GT(m.index(), last);
            last = m.index();
        }
    }
}

// Pins the sequence: both peers, on any CPU, must compute exactly these indices. A change
// here is a protocol change.
TEST(IndexMapping, IsAFixedFunctionOfTheKey) {
    auto first_indices = [](ShortKey key) {
        std::vector<std::uint32_t> out;
        IndexMapping m(key);
        for (int i = 0; i < 8; ++i, m.advance()) out.push_back(m.index());
        return out;
    };
    EXPECT_EQ(first_indices(0x0123456789abcdef), first_indices(0x0123456789abcdef));
    EXPECT_NE(first_indices(1), first_indices(2));
    EXPECT_EQ(first_indices(0x0123456789abcdef),
              (std::vector<std::uint32_t>{0, 1, 6, 39, 41, 51, 96, 137}));
}

// Symbol i receives an item with probability 1 / (1 + i/2).
TEST(IndexMapping, HitsIndexIWithProbabilityTwoOverIPlusTwo) {
    constexpr int kItems = 200000;
    constexpr std::uint32_t kWatch = 1000;
    std::vector<int> hits(kWatch, 0);
    for (ShortKey key : testing::random_keys(kItems, 2)) {
        for (IndexMapping m(key); m.index() < kWatch; m.advance()) ++hits[m.index()];
    }
    for (std::uint32_t i : {0u, 1u, 2u, 3u, 5u, 10u, 30u, 100u, 300u, 999u}) {
        double expected = 2.0 / (i + 2.0);
        double observed = static_cast<double>(hits[i]) / kItems;
        double sigma = std::sqrt(expected * (1 - expected) / kItems);
        EXPECT_NEAR(observed, expected, 5 * sigma + 1e-4) << "index " << i;
    }
}

}  // namespace
}  // namespace baken::sync
