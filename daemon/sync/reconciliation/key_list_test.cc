#include "sync/reconciliation/key_list.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "sync/reconciliation/test_keys.h"

namespace baken::sync {
namespace {

std::vector<ShortKey> sorted(std::vector<ShortKey> keys) {
    std::sort(keys.begin(), keys.end());
    return keys;
}

TEST(KeyList, RoundTripsBigEndian) {
    std::vector<ShortKey> keys = sorted(testing::random_keys(500, 1));
    std::string bytes = encode_keys(keys);
    EXPECT_EQ(bytes.size(), 500 * kKeyWireSize);
    auto decoded = decode_keys(as_bytes(bytes), 500);
    ASSERT_TRUE(decoded.ok()) << decoded.error().reason;
    EXPECT_EQ(*decoded, keys);

    std::vector<ShortKey> one{0x0102030405};  // 40 bits
    EXPECT_EQ(encode_keys(one), std::string("\x01\x02\x03\x04\x05", 5));
}

TEST(KeyList, RefusesMalformedLists) {
    std::string bytes = encode_keys(std::vector<ShortKey>{1, 2, 3});
    auto truncated = decode_keys(as_bytes(bytes).first(14), 10);
    ASSERT_FALSE(truncated.ok());
    EXPECT_EQ(truncated.error().code, WireErrorCode::truncated);

    auto too_many = decode_keys(as_bytes(bytes), 2);
    ASSERT_FALSE(too_many.ok());
    EXPECT_EQ(too_many.error().code, WireErrorCode::too_many);

    std::string descending = bytes.substr(5, 5) + bytes.substr(0, 5);
    auto unordered = decode_keys(as_bytes(descending), 10);
    ASSERT_FALSE(unordered.ok());
    EXPECT_EQ(unordered.error().code, WireErrorCode::not_ascending);

    std::string repeated = bytes.substr(0, 5) + bytes.substr(0, 5);
    auto twice = decode_keys(as_bytes(repeated), 10);
    ASSERT_FALSE(twice.ok());
    EXPECT_EQ(twice.error().code, WireErrorCode::not_ascending);
}

TEST(KeyList, DiffFindsBothSides) {
    auto p = testing::make_pair(1000, 30, 40, 2);
    KeyDifference diff = diff_keys(sorted(p.a), sorted(p.b));
    EXPECT_EQ(diff.local_only, sorted(p.only_a));
    EXPECT_EQ(diff.remote_only, sorted(p.only_b));
}

}  // namespace
}  // namespace baken::sync
