#include "common/bytes.h"

#include <gtest/gtest.h>

namespace baken {
namespace {

TEST(Hex, RoundTripsBytes) {
    Bytes b{0x00, 0x7f, 0x80, 0xff};
    EXPECT_EQ(to_hex(b), "007f80ff");
    EXPECT_EQ(*from_hex("007F80ff"), b);
}

TEST(Hex, RejectsOddLengthAndNonHex) {
    EXPECT_FALSE(from_hex("abc"));
    EXPECT_FALSE(from_hex("zz"));
}

}  // namespace
}  // namespace baken
