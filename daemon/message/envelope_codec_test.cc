#include "message/envelope_codec.h"

#include <gtest/gtest.h>

#include "message/limits.h"
#include "support/sample_messages.h"

namespace baken {
namespace {

TEST(EnvelopeCodec, SignedMessageDecodesWithTheSameId) {
    auto author = Identity::generate();
    auto signed_msg = testing::signed_sitrep(author, 1);
    auto decoded = decode_envelope(as_bytes(signed_msg.envelope_bytes));
    ASSERT_TRUE(decoded);
    EXPECT_EQ(decoded->id, signed_msg.id);
    EXPECT_EQ(decoded->message.body().sitrep().municipality(), "GM0344");
}

TEST(EnvelopeCodec, IdIsBlake2bOfTheSignedBytes) {
    auto signed_msg = testing::signed_sitrep(Identity::generate(), 1);
    EXPECT_EQ(signed_msg.id, message_id_of(as_bytes(signed_msg.envelope.signed_())));
}

TEST(EnvelopeCodec, SignatureCoversTheSignedBytes) {
    auto author = Identity::generate();
    auto m = testing::signed_sitrep(author, 1);
    EXPECT_TRUE(signature_matches(author.public_key(), as_bytes(m.envelope.signed_()),
                                  as_bytes(m.envelope.signature())));
    std::string altered = m.envelope.signed_();
    altered[altered.size() / 2] ^= 1;
    EXPECT_FALSE(signature_matches(author.public_key(), as_bytes(altered),
                                   as_bytes(m.envelope.signature())));
}

TEST(EnvelopeCodec, RejectsOversizedBeforeParsing) {
    std::string big(limits::kMaxEnvelopeBytes + 1, '\0');
    auto decoded = decode_envelope(as_bytes(big));
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().code, RejectCode::oversized);
}

TEST(EnvelopeCodec, RejectsGarbageAsMalformed) {
    std::string garbage = "\xff\xff\xff\xff not protobuf";
    auto decoded = decode_envelope(as_bytes(garbage));
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().code, RejectCode::malformed);
}

TEST(EnvelopeCodec, RejectsEmptyInputAsMalformed) {
    auto decoded = decode_envelope(ByteView{});
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().code, RejectCode::malformed);
}

TEST(EnvelopeCodec, RejectsSignedBytesThatAreNotAMessage) {
    v1::Envelope e;
    e.set_signed_("\x0a\xff\xff");  // a length-delimited field that runs past the end
    e.set_signature(std::string(64, '\0'));
    e.set_author(std::string(32, '\0'));
    auto decoded = decode_envelope(as_bytes(e.SerializeAsString()));
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().code, RejectCode::malformed);
}

TEST(EnvelopeCodec, RejectsNestingDeeperThanTheLimit) {
    // 200 nested groups of an unknown field 15: protobuf recurses into each one.
    std::string nested;
    for (int i = 0; i < 200; ++i) nested.push_back(static_cast<char>(15 << 3 | 3));  // start group
    for (int i = 0; i < 200; ++i) nested.push_back(static_cast<char>(15 << 3 | 4));  // end group
    v1::Envelope e;
    e.set_signed_(nested);
    e.set_signature(std::string(64, '\0'));
    e.set_author(std::string(32, '\0'));
    auto decoded = decode_envelope(as_bytes(e.SerializeAsString()));
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().code, RejectCode::malformed);
    EXPECT_NE(decoded.error().detail.find("deeper"), std::string::npos);
}

TEST(EnvelopeCodec, VerifyRejectsAMessageWhoseAuthorIsNotTheSigner) {
    auto signer = Identity::generate();
    v1::Message m = testing::sample_message(testing::sample_sitrep_body());
    m.set_author(std::string(32, '\x09'));  // claims someone else wrote it
    std::string signed_bytes = m.SerializeAsString();
    Signature sig = signer.sign(as_bytes(std::string(kMessageSignaturePrefix) + signed_bytes));
    v1::Envelope e;
    e.set_signed_(signed_bytes);
    e.set_signature(sig.data(), sig.size());
    e.set_author(signer.public_key().data(), signer.public_key().size());
    auto verified = decode_and_verify(as_bytes(e.SerializeAsString()));
    ASSERT_FALSE(verified);
    EXPECT_EQ(verified.error().code, RejectCode::bad_author_key);
}

TEST(EnvelopeCodec, VerifyChecksTheSignatureBeforeParsingTheContent) {
    auto signer = Identity::generate();
    v1::Envelope e;
    e.set_signed_("\x0a\xff\xff");  // not a message, and not signed either
    e.set_signature(std::string(64, '\0'));
    e.set_author(signer.public_key().data(), signer.public_key().size());
    auto verified = decode_and_verify(as_bytes(e.SerializeAsString()));
    ASSERT_FALSE(verified);
    EXPECT_EQ(verified.error().code, RejectCode::bad_signature);
}

}  // namespace
}  // namespace baken
