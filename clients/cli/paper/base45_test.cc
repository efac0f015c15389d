#include "paper/base45.h"

#include <gtest/gtest.h>

#include <string>

namespace baken::cli::paper {
namespace {

std::string decoded(std::string_view text) {
    auto bytes = base45_decode(text);
    EXPECT_TRUE(bytes.ok()) << text << ": " << (bytes.ok() ? "" : bytes.error());
    return bytes.ok() ? *bytes : std::string();
}

// RFC 9285 section 4.3 (encoding) and 4.4 (decoding).
TEST(Base45, RfcExamples) {
    EXPECT_EQ(base45_encode("AB"), "BB8");
    EXPECT_EQ(base45_encode("Hello!!"), "%69 VD92EX0");
    EXPECT_EQ(base45_encode("base-45"), "UJCLQE7W581");
    EXPECT_EQ(decoded("QED8WEX0"), "ietf!");
    EXPECT_EQ(decoded("BB8"), "AB");
    EXPECT_EQ(decoded("%69 VD92EX0"), "Hello!!");
    EXPECT_EQ(decoded("UJCLQE7W581"), "base-45");
}

TEST(Base45, EmptyAndEdgeValues) {
    EXPECT_EQ(base45_encode(""), "");
    EXPECT_EQ(decoded(""), "");
    EXPECT_EQ(base45_encode(std::string("\0", 1)), "00");
    EXPECT_EQ(base45_encode(std::string("\xff\xff", 2)), "FGW");  // 65535 = 15 + 16*45 + 32*2025
    EXPECT_EQ(decoded("FGW"), std::string("\xff\xff", 2));
    EXPECT_EQ(decoded("U5"), std::string("\xff", 1));  // 255 = 30 + 5*45
}

TEST(Base45, EveryByteValueRoundTrips) {
    std::string bytes;
    for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
    for (int i = 255; i >= 0; --i) bytes.push_back(static_cast<char>(i));
    for (std::size_t len : {bytes.size(), bytes.size() - 1}) {
        const std::string part = bytes.substr(0, len);
        const std::string text = base45_encode(part);
        EXPECT_EQ(text.size(), len / 2 * 3 + (len % 2) * 2);
        EXPECT_EQ(text.find_first_not_of(kBase45Alphabet), std::string::npos);
        EXPECT_EQ(decoded(text), part);
    }
}

TEST(Base45, RefusesWhatIsNotBase45) {
    EXPECT_FALSE(base45_decode("GGW").ok());   // 65536: more than two bytes (RFC 4.4)
    EXPECT_FALSE(base45_decode("ZZZ").ok());   // 35 + 35*45 + 35*2025
    EXPECT_FALSE(base45_decode("V5").ok());    // 31 + 5*45 = 256: more than one byte
    EXPECT_FALSE(base45_decode("A").ok());     // a character left over
    EXPECT_FALSE(base45_decode("BB8A").ok());  // likewise, after a whole group
    EXPECT_FALSE(base45_decode("bb8").ok());   // lower case is not in the alphabet
    EXPECT_FALSE(base45_decode("B#8").ok());
    EXPECT_FALSE(base45_decode(std::string("B\08", 3)).ok());
    auto error = base45_decode("BB8B?8");
    ASSERT_FALSE(error.ok());
    EXPECT_NE(error.error().find("character 5"), std::string::npos) << error.error();
}

}  // namespace
}  // namespace baken::cli::paper
