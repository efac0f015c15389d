#include "radio/codec/ax25_frame.h"

#include <gtest/gtest.h>

#include <string>

namespace baken::radio {
namespace {

std::string bytes(std::initializer_list<std::uint8_t> list) {
    std::string out;
    for (auto b : list) out.push_back(static_cast<char>(b));
    return out;
}

Callsign call(std::string_view text) {
    auto parsed = parse_callsign(text);
    EXPECT_TRUE(parsed.ok()) << text;
    return parsed.ok() ? *parsed : Callsign{};
}

Result<Ax25UiFrame, Ax25Error> parse(const std::string& frame) {
    return ax25_parse(as_bytes(frame));
}

// The address field of the AX.25 2.2 specification's non-repeater example: a command from
// NJ7P to N7LEM (destination C = 1, source C = 0 and E = 1).
const std::string kSpecAddresses = bytes({0x9C, 0x6E, 0x98, 0x8A, 0x9A, 0x40, 0xE0,    // N7LEM
                                          0x9C, 0x94, 0x6E, 0xA0, 0x40, 0x40, 0x61});  // NJ7P

TEST(Ax25Encode, MatchesTheSpecificationsAddressField) {
    const std::string frame =
        ax25_encode_ui(Ax25UiFrame{call("N7LEM"), call("NJ7P"), {}, 0xF0, "x"});
    EXPECT_EQ(frame, kSpecAddresses + bytes({0x03, 0xF0, 'x'}));
}

TEST(Ax25Encode, MatchesAHandWrittenAprsFrameWithADigipeater) {
    // APRS from PA3XYZ-7 via WIDE1-1, ">hi", worked out by hand from the 2.2 address rules.
    const std::string expected =
        bytes({0x82, 0xA0, 0xA4, 0xA6, 0x40, 0x40, 0xE0,  // APRS, C=1
               0xA0, 0x82, 0x66, 0xB0, 0xB2, 0xB4, 0x6E,  // PA3XYZ-7, C=0
               0xAE, 0x92, 0x88, 0x8A, 0x62, 0x40, 0x63,  // WIDE1-1, H=0, E=1
               0x03, 0xF0, '>',  'h',  'i'});
    const Ax25UiFrame frame{call("APRS"), call("PA3XYZ-7"), {call("WIDE1-1")}, 0xF0, ">hi"};
    EXPECT_EQ(ax25_encode_ui(frame), expected);
    auto parsed = parse(expected);
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, frame);
}

TEST(Ax25Encode, HeaderSizeIsSixteenPlusSevenPerDigipeater) {
    EXPECT_EQ(ax25_header_size(0), 16u);
    EXPECT_EQ(ax25_header_size(2), 30u);
    const Ax25UiFrame frame{
        call("BAKEN"), call("PA3XYZ-1"), {call("WIDE1-1"), call("WIDE2-2")}, 0xF0, "abc"};
    EXPECT_EQ(ax25_encode_ui(frame).size(), ax25_header_size(2) + 3);
}

TEST(Ax25Parse, RoundTripsWithZeroToEightDigipeaters) {
    Ax25UiFrame frame{call("BAKEN"), call("PA3XYZ-15"), {}, 0xF0, std::string("\0\xC0\xFFinfo", 7)};
    for (int n = 0; n <= 8; ++n) {
        auto parsed = parse(ax25_encode_ui(frame));
        ASSERT_TRUE(parsed.ok()) << n;
        EXPECT_EQ(*parsed, frame) << n;
        frame.via.push_back(Callsign{"DIGI" + std::to_string(n), static_cast<std::uint8_t>(n)});
    }
}

TEST(Ax25Parse, ReportsAnyPid) {
    auto parsed = parse(kSpecAddresses + bytes({0x03, 0xCC, 'x'}));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->pid, 0xCC);
}

TEST(Ax25Parse, AcceptsTheBitsStationsSetDifferently) {
    // A response (C bits swapped), a repeated digipeater (H = 1), reserved bits clear, P/F set.
    const std::string frame = bytes({0x82, 0xA0, 0xA4, 0xA6, 0x40, 0x40, 0x00,  // APRS, C=0, RR=00
                                     0xA0, 0x82, 0x66, 0xB0, 0xB2, 0xB4, 0xEE,  // PA3XYZ-7, C=1
                                     0xAE, 0x92, 0x88, 0x8A, 0x62, 0x40, 0xE3,  // WIDE1-1, H=1, E=1
                                     0x13, 0xF0, 'x'});
    auto parsed = parse(frame);
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->destination, call("APRS"));
    EXPECT_EQ(parsed->source, call("PA3XYZ-7"));
    EXPECT_EQ(parsed->via, std::vector<Callsign>{call("WIDE1-1")});
}

TEST(Ax25Parse, TooShortWhereverTheFrameEnds) {
    const std::string full = kSpecAddresses + bytes({0x03, 0xF0, 'x'});
    for (std::size_t size = 0; size < kSpecAddresses.size() + 2; ++size) {
        auto parsed = parse(full.substr(0, size));
        ASSERT_FALSE(parsed.ok()) << size;
        EXPECT_EQ(parsed.error(), Ax25Error::too_short) << size;
    }
}

TEST(Ax25Parse, NoInfoIsAnError) {
    auto parsed = parse(kSpecAddresses + bytes({0x03, 0xF0}));
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error(), Ax25Error::no_info);
}

TEST(Ax25Parse, OtherFramesAreNotUi) {
    // An I frame (bit 0 clear), an RR S frame, and SABM, UA, DISC U frames.
    for (std::uint8_t control : {0x00, 0x22, 0x01, 0x41, 0x2F, 0x3F, 0x63, 0x43}) {
        auto parsed = parse(kSpecAddresses + bytes({control, 0xF0, 'x'}));
        ASSERT_FALSE(parsed.ok()) << int{control};
        EXPECT_EQ(parsed.error(), Ax25Error::not_ui_frame) << int{control};
    }
    auto s_frame = parse(kSpecAddresses + bytes({0x01}));  // RR: no PID, no info
    ASSERT_FALSE(s_frame.ok());
    EXPECT_EQ(s_frame.error(), Ax25Error::not_ui_frame);
}

TEST(Ax25Parse, BadAddresses) {
    const std::string tail = bytes({0x03, 0xF0, 'x'});
    auto address = [](std::string chars, std::uint8_t ssid_byte) {
        std::string out;
        for (char c : chars) out.push_back(static_cast<char>(static_cast<std::uint8_t>(c) << 1));
        out.push_back(static_cast<char>(ssid_byte));
        return out;
    };
    const std::string source = address("NJ7P  ", 0x61);
    for (const std::string& dest : {address("n7lem ", 0xE0),     // lower case
                                    address("N7 LEM", 0xE0),     // space inside
                                    address("      ", 0xE0),     // empty call
                                    address("N7L/M ", 0xE0)}) {  // not A-Z 0-9
        auto parsed = parse(dest + source + tail);
        ASSERT_FALSE(parsed.ok());
        EXPECT_EQ(parsed.error(), Ax25Error::bad_address);
    }
    // A character byte with bit 0 set.
    std::string odd = kSpecAddresses + tail;
    odd[2] = static_cast<char>(odd[2] | 1);
    EXPECT_EQ(parse(odd).error(), Ax25Error::bad_address);
    // The address field ends after the destination.
    EXPECT_EQ(parse(address("N7LEM ", 0xE1) + source + tail).error(), Ax25Error::bad_address);
}

TEST(Ax25Parse, NineDigipeatersAreTooMany) {
    std::string frame = kSpecAddresses;
    frame[13] = static_cast<char>(frame[13] & ~1);  // the source is not last
    for (int i = 0; i < 9; ++i) {
        frame += bytes(
            {0x88, 0x92, 0x8E, 0x92, 0x40, 0x40, static_cast<std::uint8_t>(i == 8 ? 0x61 : 0x60)});
    }
    frame += bytes({0x03, 0xF0, 'x'});
    auto parsed = parse(frame);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error(), Ax25Error::too_many_digipeaters);
    // Eight are fine.
    std::string eight = frame.substr(0, 14 + 7 * 8) + frame.substr(14 + 7 * 9);
    eight[14 + 7 * 8 - 1] = static_cast<char>(eight[14 + 7 * 8 - 1] | 1);
    auto ok = parse(eight);
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok->via.size(), 8u);
}

TEST(Ax25Parse, ErrorsHaveNames) {
    EXPECT_EQ(ax25_error_name(Ax25Error::too_short), "too_short");
    EXPECT_EQ(ax25_error_name(Ax25Error::bad_address), "bad_address");
    EXPECT_EQ(ax25_error_name(Ax25Error::too_many_digipeaters), "too_many_digipeaters");
    EXPECT_EQ(ax25_error_name(Ax25Error::not_ui_frame), "not_ui_frame");
    EXPECT_EQ(ax25_error_name(Ax25Error::no_info), "no_info");
}

}  // namespace
}  // namespace baken::radio
