// The narrow-link frame codec: every frame type round-trips, and untrusted bytes are refused
// with a specific error, never a crash.
#include "radio/link/link_frame.h"

#include <gtest/gtest.h>

namespace baken::radio {
namespace {

LinkFrame round_trip(const LinkFrame& frame) {
    std::string bytes = encode_link_frame(frame);
    auto decoded = decode_link_frame(as_bytes(bytes));
    EXPECT_TRUE(decoded) << link_frame_error_name(decoded.error());
    EXPECT_EQ(encode_link_frame(*decoded), bytes);
    return *decoded;
}

TEST(LinkFrame, SummaryRoundTrips) {
    SummaryFrame f{123456, 0xDEADBEEF, {1, 2, 3, 4, 5, 6, 7, 8}, {0x1FE, 0x06, true}};
    LinkFrame back = round_trip({0x01020304, f});
    EXPECT_EQ(back.sender, 0x01020304u);
    const auto& s = std::get<SummaryFrame>(back.body);
    EXPECT_EQ(s.count, 123456u);
    EXPECT_EQ(s.epoch, 0xDEADBEEFu);
    EXPECT_EQ(s.policy, (PolicyMasks{0x1FE, 0x06, true}));
}

TEST(LinkFrame, EveryOtherTypeRoundTrips) {
    round_trip({7, SymbolRequestFrame{9, 10, 300, 22}});
    round_trip({7, SymbolsFrame{10, 5, {{0x1122334455, 0xABCDEF}, {42, 7}}}});
    round_trip({7, WantFrame{9, 10, {0xFFFFFFFFFF, 1, 2}}});
    auto data = round_trip({7, DataFrame{true, false, {1, 2, 3, 4, 5, 6}, 300, 1, 2, "chunk"}});
    EXPECT_EQ(std::get<DataFrame>(data.body).chunk, "chunk");
    EXPECT_TRUE(std::get<DataFrame>(data.body).deflated);
    EXPECT_FALSE(std::get<DataFrame>(data.body).urgent);
    auto urgent = round_trip({7, DataFrame{false, true, {1, 2, 3, 4, 5, 6}, 300, 1, 2, "chunk"}});
    EXPECT_TRUE(std::get<DataFrame>(urgent.body).urgent);
    EXPECT_FALSE(std::get<DataFrame>(urgent.body).deflated);
    auto missing = round_trip({7, MissingFrame{{{{1, 2, 3, 4, 5, 6}, 300, 4, {0, 3}},
                                                {{9, 9, 9, 9, 9, 9}, 900, 5, {4}}}}});
    const auto& entries = std::get<MissingFrame>(missing.body).entries;
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0].indices, (std::vector<std::uint16_t>{0, 3}));
    EXPECT_EQ(entries[1].total, 900u);
}

TEST(LinkFrame, OtherTrafficIsNotOurs) {
    std::string aprs = "!5211.00N/00507.00E-PHG2360";
    EXPECT_EQ(decode_link_frame(as_bytes(aprs)).error(), LinkFrameError::not_ours);
    EXPECT_EQ(decode_link_frame({}).error(), LinkFrameError::not_ours);
}

TEST(LinkFrame, AFlippedOrTruncatedFrameFailsItsCheck) {
    std::string bytes =
        encode_link_frame({7, DataFrame{false, false, {1, 2, 3, 4, 5, 6}, 5, 0, 1, "hello"}});
    for (std::size_t i = 1; i < bytes.size(); ++i) {
        std::string bad = bytes;
        bad[i] = static_cast<char>(bad[i] ^ 0x10);
        EXPECT_FALSE(decode_link_frame(as_bytes(bad))) << "byte " << i;
    }
    for (std::size_t n = 1; n < bytes.size(); ++n)
        EXPECT_FALSE(decode_link_frame(as_bytes(std::string_view(bytes).substr(0, n))));
}

TEST(LinkFrame, MalformedBodiesAreRefusedEvenWithAValidCheck) {
    // A data frame whose index is not below its count.
    EXPECT_EQ(
        decode_link_frame(as_bytes(encode_link_frame(
                              {7, DataFrame{false, false, {1, 2, 3, 4, 5, 6}, 5, 2, 2, "x"}})))
            .error(),
        LinkFrameError::bad_field);
    // A want frame with no keys.
    EXPECT_EQ(decode_link_frame(as_bytes(encode_link_frame({7, WantFrame{1, 2, {}}}))).error(),
              LinkFrameError::bad_field);
}

TEST(LinkFrame, DataOverheadMatchesWhatIsWritten) {
    DataFrame f{false, false, {}, 300, 1, 2, std::string(100, 'x')};
    std::string bytes = encode_link_frame({7, f});
    EXPECT_EQ(bytes.size(), 100 + data_frame_overhead(300, 2));
}

}  // namespace
}  // namespace baken::radio
