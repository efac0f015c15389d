// Deflating frame payloads gives back the exact bytes, and inflating is bounded.
#include "radio/link/payload_compression.h"

#include <gtest/gtest.h>

namespace baken::radio {
namespace {

TEST(PayloadCompression, RoundTripsExactly) {
    std::string text;
    for (int i = 0; i < 40; ++i)
        text += "households without power in district " + std::to_string(i);
    auto deflated = deflate_if_smaller(as_bytes(text));
    ASSERT_TRUE(deflated);
    EXPECT_LT(deflated->size(), text.size() / 3);
    EXPECT_EQ(inflate_bounded(as_bytes(*deflated), text.size()), text);
}

TEST(PayloadCompression, IncompressibleBytesAreLeftAsTheyAre) {
    std::string random;
    std::uint32_t x = 12345;
    for (int i = 0; i < 64; ++i)
        random.push_back(static_cast<char>((x = x * 1103515245 + 12345) >> 24));
    EXPECT_FALSE(deflate_if_smaller(as_bytes(random)));
}

TEST(PayloadCompression, ABombStopsAtTheBound) {
    std::string zeros(1'000'000, '\0');
    auto deflated = deflate_if_smaller(as_bytes(zeros));
    ASSERT_TRUE(deflated);
    EXPECT_FALSE(inflate_bounded(as_bytes(*deflated), 16 * 1024));
    EXPECT_FALSE(inflate_bounded(as_bytes(std::string("not deflate at all")), 1024));
    std::string truncated = deflated->substr(0, deflated->size() / 2);
    EXPECT_FALSE(inflate_bounded(as_bytes(truncated), 2'000'000));
}

}  // namespace
}  // namespace baken::radio
