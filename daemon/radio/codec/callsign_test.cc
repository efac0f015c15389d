#include "radio/codec/callsign.h"

#include <gtest/gtest.h>

namespace baken::radio {
namespace {

Callsign parsed(std::string_view text) {
    auto result = parse_callsign(text);
    EXPECT_TRUE(result.ok()) << text;
    return result.ok() ? *result : Callsign{};
}

TEST(Callsign, ParsesCallAndSsid) {
    EXPECT_EQ(parsed("PA3XYZ-7"), (Callsign{"PA3XYZ", 7}));
    EXPECT_EQ(parsed("PA3XYZ-15"), (Callsign{"PA3XYZ", 15}));
    EXPECT_EQ(parsed("BAKEN"), (Callsign{"BAKEN", 0}));
    EXPECT_EQ(parsed("A"), (Callsign{"A", 0}));
}

TEST(Callsign, UpperCasesLowerCaseInput) {
    EXPECT_EQ(parsed("pa3xyz-2"), (Callsign{"PA3XYZ", 2}));
}

TEST(Callsign, AcceptsSsidZeroAndPrintsItWithout) {
    EXPECT_EQ(parsed("PA3XYZ-0"), (Callsign{"PA3XYZ", 0}));
    EXPECT_EQ(to_string(parsed("PA3XYZ-0")), "PA3XYZ");
}

TEST(Callsign, PrintsSsidWhenNotZero) {
    EXPECT_EQ(to_string(Callsign{"PA3XYZ", 7}), "PA3XYZ-7");
    EXPECT_EQ(to_string(Callsign{"PA3XYZ", 0}), "PA3XYZ");
}

TEST(Callsign, RejectsWhatAx25CannotCarryWithAReadableReason) {
    for (std::string_view bad : {"", "-7", "PA3XYZA", "PA3 XY", "PA3XY/P", "PA3XYZ-", "PA3XYZ-16",
                                 "PA3XYZ-123", "PA3XYZ-x", "PA3XYZ-1-2", "PÄ3XY"}) {
        auto result = parse_callsign(bad);
        ASSERT_FALSE(result.ok()) << bad;
        EXPECT_NE(result.error().find("callsign"), std::string::npos) << result.error();
    }
}

TEST(Callsign, ErrorsNameTheTextAndTheRule) {
    auto too_long = parse_callsign("PA3XYZA");
    ASSERT_FALSE(too_long.ok());
    EXPECT_NE(too_long.error().find("\"PA3XYZA\""), std::string::npos);
    EXPECT_NE(too_long.error().find("6"), std::string::npos);
    auto bad_ssid = parse_callsign("PA3XYZ-16");
    ASSERT_FALSE(bad_ssid.ok());
    EXPECT_NE(bad_ssid.error().find("0 to 15"), std::string::npos);
}

TEST(Callsign, SpeechMorseAndDtmfAreReservedDestinations) {
    EXPECT_TRUE(is_reserved_destination(parsed("SPEECH")));
    EXPECT_TRUE(is_reserved_destination(parsed("morse")));
    EXPECT_TRUE(is_reserved_destination(parsed("DTMF-3")));
    EXPECT_FALSE(is_reserved_destination(parsed("BAKEN")));
    EXPECT_FALSE(is_reserved_destination(parsed("SPEEC")));
}

}  // namespace
}  // namespace baken::radio
