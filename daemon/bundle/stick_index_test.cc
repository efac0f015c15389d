// The stick's index: round trip, and damage read as damage (never as a wrong list).
#include "bundle/stick_index.h"

#include <gtest/gtest.h>

namespace baken::bundle {
namespace {

std::vector<MessageId> ids(int n) {
    std::vector<MessageId> out(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        out[static_cast<std::size_t>(i)].fill(static_cast<std::uint8_t>(n - i));
    return out;
}

TEST(StickIndex, RoundTripsSortedWithoutRepeats) {
    auto in = ids(5);
    in.push_back(in[0]);
    Bytes bytes = encode_stick_index(in);
    auto out = decode_stick_index(bytes);
    ASSERT_TRUE(out) << out.error();
    ASSERT_EQ(out->size(), 5u);
    EXPECT_TRUE(std::is_sorted(out->begin(), out->end()));
}

TEST(StickIndex, AnEmptyIndexIsValid) {
    auto out = decode_stick_index(encode_stick_index({}));
    ASSERT_TRUE(out);
    EXPECT_TRUE(out->empty());
}

TEST(StickIndex, AFlippedByteFailsTheChecksum) {
    Bytes bytes = encode_stick_index(ids(3));
    bytes[20] ^= 1;
    auto out = decode_stick_index(bytes);
    ASSERT_FALSE(out);
    EXPECT_NE(out.error().find("checksum"), std::string::npos);
}

TEST(StickIndex, ATruncatedIndexIsRefused) {
    Bytes bytes = encode_stick_index(ids(3));
    bytes.resize(bytes.size() - 1);
    EXPECT_FALSE(decode_stick_index(bytes));
    EXPECT_FALSE(decode_stick_index(Bytes{}));
}

}  // namespace
}  // namespace baken::bundle
