#include "sync/channel/secure_channel.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <string>
#include <vector>

#include "crypto/keys.h"

namespace baken::channel {
namespace {

using Code = ChannelErrorCode;

SymmetricKey key_of(std::uint8_t b) {
    SymmetricKey k;
    k.fill(b);
    return k;
}

// The two ends of one session: a's send key is b's receive key and vice versa.
struct Ends {
    ChannelKeys a_keys, b_keys;
    Ends() {
        a_keys.send = b_keys.receive = key_of(0xa1);
        a_keys.receive = b_keys.send = key_of(0xb2);
    }
};

Bytes sealed(SecureChannel& c, std::string_view text) {
    auto out = c.seal(as_bytes(text));
    EXPECT_TRUE(out.ok());
    return out.ok() ? *out : Bytes{};
}

TEST(SecureChannel, RoundTripsBothWays) {
    Ends e;
    SecureChannel a(e.a_keys), b(e.b_keys);
    for (int i = 0; i < 5; ++i) {
        const std::string text = "bericht " + std::to_string(i);
        auto opened = b.open(sealed(a, text));
        ASSERT_TRUE(opened.ok()) << describe(opened.error());
        EXPECT_EQ(as_chars(*opened), text);
        auto back = a.open(sealed(b, "ack " + text));
        ASSERT_TRUE(back.ok());
        EXPECT_EQ(as_chars(*back), "ack " + text);
    }
    EXPECT_EQ(a.messages_sealed(), 5u);
    EXPECT_EQ(a.messages_opened(), 5u);
    EXPECT_EQ(b.messages_opened(), 5u);
}

TEST(SecureChannel, EmptyAndMaximumPlaintextsRoundTrip) {
    Ends e;
    SecureChannel a(e.a_keys), b(e.b_keys);
    auto empty = a.seal({});
    ASSERT_TRUE(empty.ok());
    EXPECT_EQ(empty->size(), SecureChannel::kTagBytes);
    auto opened = b.open(*empty);
    ASSERT_TRUE(opened.ok());
    EXPECT_TRUE(opened->empty());

    const Bytes big(SecureChannel::kDefaultMaxPlaintextBytes, 0x5a);
    auto c = a.seal(big);
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->size(), kDefaultMaxFrameBytes) << "fits a default frame exactly";
    EXPECT_TRUE(encode_frame(*c).ok());
    auto back = b.open(*c);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, big);
}

// The documented wire format: message n is sealed with nonce n (little-endian, zero-padded),
// no additional data.
TEST(SecureChannel, CiphertextIsXChaChaPolyWithTheCounterAsNonce) {
    Ends e;
    SecureChannel a(e.a_keys);
    const std::string texts[] = {"eerste", "tweede"};
    for (std::uint64_t n = 0; n < 2; ++n) {
        const Bytes c = sealed(a, texts[n]);
        std::uint8_t nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES] = {};
        nonce[0] = static_cast<std::uint8_t>(n);
        Bytes expected(texts[n].size() + SecureChannel::kTagBytes);
        crypto_aead_xchacha20poly1305_ietf_encrypt(
            expected.data(), nullptr, as_bytes(texts[n]).data(), texts[n].size(), nullptr, 0,
            nullptr, nonce, e.a_keys.send.data());
        EXPECT_EQ(c, expected) << "message " << n;
    }
}

TEST(SecureChannel, SamePlaintextTwiceGivesDifferentCiphertexts) {
    Ends e;
    SecureChannel a(e.a_keys);
    EXPECT_NE(sealed(a, "status open"), sealed(a, "status open"));
}

TEST(SecureChannel, DeterministicForTheSameKeys) {
    Ends e;
    SecureChannel a1(e.a_keys), a2(e.a_keys);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(sealed(a1, "x"), sealed(a2, "x"));
}

TEST(SecureChannel, TamperedCiphertextIsRejectedAtEveryByte) {
    Ends e;
    SecureChannel sender(e.a_keys);
    const Bytes c = sealed(sender, "hulpvraag: water");
    for (std::size_t i = 0; i < c.size(); ++i) {
        Bytes bad = c;
        bad[i] ^= 0x01;
        SecureChannel receiver(e.b_keys);
        auto opened = receiver.open(bad);
        ASSERT_FALSE(opened.ok()) << "byte " << i;
        EXPECT_EQ(opened.error().code, Code::not_authentic);
        EXPECT_TRUE(receiver.broken());
    }
    // Truncated by one byte.
    SecureChannel receiver(e.b_keys);
    auto opened = receiver.open(ByteView(c).first(c.size() - 1));
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, Code::not_authentic);
}

TEST(SecureChannel, ReplayedCiphertextIsRejected) {
    Ends e;
    SecureChannel a(e.a_keys), b(e.b_keys);
    const Bytes c0 = sealed(a, "een");
    ASSERT_TRUE(b.open(c0).ok());
    auto again = b.open(c0);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, Code::not_authentic);
    EXPECT_EQ(again.error().message_number, 1u);
    EXPECT_EQ(describe(again.error()),
              "message 1 does not authenticate (tampered, replayed, reordered or lost)");
}

TEST(SecureChannel, ReorderedCiphertextIsRejected) {
    Ends e;
    SecureChannel a(e.a_keys), b(e.b_keys);
    const Bytes c0 = sealed(a, "een");
    const Bytes c1 = sealed(a, "twee");
    auto opened = b.open(c1);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, Code::not_authentic);
}

TEST(SecureChannel, AfterAFailureNothingMoreIsAccepted) {
    Ends e;
    SecureChannel a(e.a_keys), b(e.b_keys);
    const Bytes c0 = sealed(a, "een");
    const Bytes c1 = sealed(a, "twee");
    ASSERT_FALSE(b.open(c1).ok());  // c0 was lost
    auto late = b.open(c0);         // would authenticate on its own
    ASSERT_FALSE(late.ok());
    EXPECT_EQ(late.error().code, Code::broken);
    EXPECT_EQ(b.messages_opened(), 0u);
}

TEST(SecureChannel, OwnCiphertextReflectedBackIsRejected) {
    Ends e;
    SecureChannel a(e.a_keys);
    const Bytes c0 = sealed(a, "een");
    auto opened = a.open(c0);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, Code::not_authentic);
}

TEST(SecureChannel, CiphertextFromAnotherSessionIsRejected) {
    Ends e;
    ChannelKeys other = e.a_keys;
    other.send = key_of(0xc3);
    SecureChannel stranger(other), b(e.b_keys);
    auto opened = b.open(sealed(stranger, "een"));
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, Code::not_authentic);
}

TEST(SecureChannel, SizeLimitsOnBothSides) {
    Ends e;
    SecureChannel a(e.a_keys, 100), b(e.b_keys, 100);
    auto too_big = a.seal(Bytes(101));
    ASSERT_FALSE(too_big.ok());
    EXPECT_EQ(too_big.error().code, Code::too_large);
    EXPECT_EQ(a.messages_sealed(), 0u) << "a refused seal uses no counter value";
    ASSERT_TRUE(a.seal(Bytes(100)).ok());

    auto short_one = b.open(Bytes(15));
    ASSERT_FALSE(short_one.ok());
    EXPECT_EQ(short_one.error().code, Code::too_short);

    SecureChannel b2(e.b_keys, 100);
    auto long_one = b2.open(Bytes(117));
    ASSERT_FALSE(long_one.ok());
    EXPECT_EQ(long_one.error().code, Code::too_large);
    EXPECT_EQ(long_one.error().limit, 116u);
}

TEST(SecureChannel, MovedChannelKeepsItsCounters) {
    Ends e;
    SecureChannel a(e.a_keys), b(e.b_keys);
    ASSERT_TRUE(b.open(sealed(a, "een")).ok());
    SecureChannel moved = std::move(b);
    auto opened = moved.open(sealed(a, "twee"));
    ASSERT_TRUE(opened.ok());
    EXPECT_EQ(as_chars(*opened), "twee");
}

}  // namespace
}  // namespace baken::channel
