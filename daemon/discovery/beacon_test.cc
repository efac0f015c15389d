#include "discovery/beacon.h"

#include <gtest/gtest.h>

namespace baken::discovery {
namespace {

TEST(Beacon, RoundTripsKeyPortAndName) {
    auto id = Identity::generate();
    auto decoded = decode_beacon(as_bytes(encode_beacon(id, 7717, "Buurthuis De Linde")));
    ASSERT_TRUE(decoded) << decoded.error();
    EXPECT_EQ(decoded->node_key, id.public_key());
    EXPECT_EQ(decoded->sync_port, 7717);
    EXPECT_EQ(decoded->name, "Buurthuis De Linde");
}

TEST(Beacon, AnyFlippedByteIsRefused) {
    auto bytes = encode_beacon(Identity::generate(), 7717, "Gemeentehuis");
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        std::string flipped = bytes;
        flipped[i] ^= 0x01;
        EXPECT_FALSE(decode_beacon(as_bytes(flipped))) << "byte " << i;
    }
}

TEST(Beacon, LongNamesAreCutAtACharacterBoundary) {
    std::string name(63, 'a');
    name += "ë";  // two bytes: would straddle the 64-byte limit
    auto decoded = decode_beacon(as_bytes(encode_beacon(Identity::generate(), 1, name)));
    ASSERT_TRUE(decoded);
    EXPECT_EQ(decoded->name, std::string(63, 'a'));
}

TEST(Beacon, ShortAndForeignPacketsAreRefused) {
    EXPECT_FALSE(decode_beacon(as_bytes(std::string("BKNB"))));
    EXPECT_FALSE(decode_beacon(as_bytes(std::string(200, 'x'))));
    EXPECT_FALSE(decode_beacon(ByteView{}));
}

}  // namespace
}  // namespace baken::discovery
