#include "sync/reconciliation/set_summary.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "sync/reconciliation/test_keys.h"

namespace baken::sync {
namespace {

std::vector<MessageId> random_ids(std::size_t n, std::uint64_t seed) {
    testing::TestRandom random(seed);
    std::vector<MessageId> ids;
    for (std::size_t i = 0; i < n; ++i) ids.push_back(random.id());
    return ids;
}

TEST(SetSummary, EqualSetsInAnyOrderSummarizeEqually) {
    std::vector<MessageId> ids = random_ids(1000, 1);
    std::vector<MessageId> shuffled = ids;
    std::reverse(shuffled.begin(), shuffled.end());
    std::swap(shuffled[3], shuffled[700]);
    shuffled.push_back(ids[5]);  // given twice: counts once
    SetSummary a = summarize(ids), b = summarize(shuffled);
    EXPECT_EQ(a.count, 1000u);
    EXPECT_EQ(a, b);
}

TEST(SetSummary, AnyDifferenceChangesTheDigest) {
    std::vector<MessageId> ids = random_ids(1000, 2);
    SetSummary base = summarize(ids);

    std::vector<MessageId> one_less(ids.begin(), ids.end() - 1);
    EXPECT_NE(summarize(one_less).digest, base.digest);

    std::vector<MessageId> replaced = ids;
    replaced[500][31] ^= 1;
    SetSummary r = summarize(replaced);
    EXPECT_EQ(r.count, base.count);
    EXPECT_NE(r.digest, base.digest);
}

// The weakness of XOR digests does not apply: {a, b, a^b-ish} style cancellations, and
// sets differing by pairs of ids, still differ.
TEST(SetSummary, PairsThatCancelUnderXorStillDiffer) {
    std::vector<MessageId> ids = random_ids(4, 3);
    MessageId x = ids[0], y = ids[1];
    MessageId x2 = x, y2 = y;
    x2[0] ^= 0x80;
    y2[0] ^= 0x80;  // x ^ y == x2 ^ y2
    EXPECT_NE(summarize(std::vector<MessageId>{x, y}), summarize(std::vector<MessageId>{x2, y2}));
}

TEST(SetSummary, EmptySetHasAFixedDigest) {
    SetSummary empty = summarize({});
    EXPECT_EQ(empty.count, 0u);
    EXPECT_EQ(empty, summarize({}));
    EXPECT_NE(empty.digest, (std::array<std::uint8_t, kSetDigestSize>{}));
}

}  // namespace
}  // namespace baken::sync
