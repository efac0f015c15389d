#include "sync/reconciliation/short_key.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include "sync/reconciliation/test_keys.h"

namespace baken::sync {
namespace {

using testing::TestRandom;

Salt salt_of(std::uint8_t fill) {
    Salt salt;
    salt.fill(fill);
    return salt;
}

TEST(ShortKey, IsTheLow40BitsOfSipHashOfTheIdUnderTheSaltLittleEndian) {
    MessageId id{};
    for (std::size_t i = 0; i < id.size(); ++i) id[i] = static_cast<std::uint8_t>(i);
    Salt salt = salt_of(7);
    ensure_sodium();
    std::uint8_t out[crypto_shorthash_BYTES];
    crypto_shorthash(out, id.data(), id.size(), salt.data());
    ShortKey expected = 0;
    for (int i = 7; i >= 0; --i) expected = expected << 8 | out[i];
    EXPECT_EQ(short_key(id, salt), expected & 0xFF'FFFF'FFFFull);
}

TEST(ShortKey, DependsOnTheSalt) {
    MessageId id = TestRandom(1).id();
    EXPECT_NE(short_key(id, salt_of(1)), short_key(id, salt_of(2)));
}

TEST(SessionSalt, IsTheSameForTheSameSessionAndDiffersForAnother) {
    SessionId a{}, b{};
    a.fill(1);
    b = a;
    b[31] ^= 1;
    EXPECT_EQ(salt_for_session(a), salt_for_session(a));
    EXPECT_NE(salt_for_session(a), salt_for_session(b));
}

TEST(SortedDistinct, SortsAndDropsRepeats) {
    EXPECT_EQ(sorted_distinct(std::vector<ShortKey>{5, 1, 5, 3, 1}),
              (std::vector<ShortKey>{1, 3, 5}));
    EXPECT_EQ(sorted_distinct(std::vector<ShortKey>{1, 3, 5}), (std::vector<ShortKey>{1, 3, 5}));
    EXPECT_TRUE(sorted_distinct({}).empty());
}

TEST(ShortKeyIndex, FindsEveryIdByItsKey) {
    TestRandom random(3);
    std::vector<MessageId> ids;
    for (int i = 0; i < 1000; ++i) ids.push_back(random.id());
    ids.push_back(ids[10]);  // given twice: counts once
    Salt salt = salt_of(9);
    ShortKeyIndex index = ShortKeyIndex::build(ids, salt);
    EXPECT_EQ(index.id_count(), 1000u);
    ASSERT_EQ(index.keys().size(), 1000u);
    EXPECT_TRUE(std::is_sorted(index.keys().begin(), index.keys().end()));
    EXPECT_EQ(index.colliding_ids(), 0u);
    for (const MessageId& id : ids) {
        auto found = index.find(short_key(id, salt));
        ASSERT_EQ(found.size(), 1u);
        EXPECT_EQ(found[0].id, id);
    }
    EXPECT_TRUE(index.find(12345).empty());
    EXPECT_FALSE(index.contains(12345));
}

TEST(ShortKeyIndex, KeepsEveryIdOfACollisionUnderOneKey) {
    TestRandom random(4);
    MessageId x = random.id(), y = random.id(), z = random.id(), w = random.id();
    // Three ids under key 5, one under key 9; an entry given twice counts once.
    ShortKeyIndex index = ShortKeyIndex::from_entries({{5, x}, {9, w}, {5, y}, {5, z}, {5, x}});
    EXPECT_EQ(index.id_count(), 4u);
    ASSERT_EQ(index.keys().size(), 2u);
    EXPECT_EQ(index.keys()[0], 5u);
    EXPECT_EQ(index.keys()[1], 9u);
    EXPECT_EQ(index.find(5).size(), 3u);
    EXPECT_EQ(index.find(9).size(), 1u);
    EXPECT_EQ(index.colliding_ids(), 3u);
}

TEST(ShortKeyIndex, EmptyIndex) {
    ShortKeyIndex index = ShortKeyIndex::build({}, salt_of(0));
    EXPECT_TRUE(index.keys().empty());
    EXPECT_TRUE(index.find(0).empty());
    EXPECT_EQ(index.colliding_ids(), 0u);
}

}  // namespace
}  // namespace baken::sync
