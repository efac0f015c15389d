#include "validation/validation_path.h"

#include <gtest/gtest.h>

#include "baken/v1/message.pb.h"
#include "message/envelope_codec.h"
#include "support/sample_messages.h"
#include "support/temp_dir.h"

namespace baken {
namespace {

class ValidationPathTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto opened = Store::open({dir.path() / "store", 64ull << 20});
        ASSERT_TRUE(opened) << opened.error();
        store = std::move(opened).value();
        path = std::make_unique<ValidationPath>(*store, clock);
    }
    testing::TempDir dir;
    ManualClock clock{testing::kSampleNowMs};
    std::unique_ptr<Store> store;
    std::unique_ptr<ValidationPath> path;
    Identity author = Identity::generate();
};

TEST_F(ValidationPathTest, AcceptsAndStoresAValidMessage) {
    auto m = testing::signed_sitrep(author, 1);
    auto verdict = path->submit(as_bytes(m.envelope_bytes));
    ASSERT_TRUE(verdict) << describe(verdict.error());
    EXPECT_FALSE(verdict->duplicate);
    EXPECT_TRUE(store->contains(m.id));
}

TEST_F(ValidationPathTest, ReportsASecondSubmissionAsDuplicate) {
    auto m = testing::signed_sitrep(author, 1);
    ASSERT_TRUE(path->submit(as_bytes(m.envelope_bytes)));
    auto again = path->submit(as_bytes(m.envelope_bytes));
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->duplicate);
    EXPECT_EQ(store->stats().message_count, 1u);
}

// The shortcut for copies of held messages (no signature check) must not let through an
// envelope that differs from the held one anywhere, even outside the signed bytes.
TEST_F(ValidationPathTest, AHeldMessageWithAnotherSignatureIsStillRejected) {
    auto m = testing::signed_sitrep(author, 1);
    ASSERT_TRUE(path->submit(as_bytes(m.envelope_bytes)));
    v1::Envelope envelope;
    ASSERT_TRUE(envelope.ParseFromString(m.envelope_bytes));
    std::string signature = envelope.signature();
    signature[0] ^= 0x01;
    envelope.set_signature(signature);
    auto verdict = path->submit(as_bytes(envelope.SerializeAsString()));
    ASSERT_FALSE(verdict);
    EXPECT_EQ(verdict.error().code, RejectCode::bad_signature);
}

TEST_F(ValidationPathTest, AnyFlippedByteOfASubmittedMessageIsRejectedAndNothingStored) {
    auto m = testing::signed_sitrep(author, 1);
    int bad_signature = 0;
    for (std::size_t i = 0; i < m.envelope_bytes.size(); ++i) {
        std::string flipped = m.envelope_bytes;
        flipped[i] ^= 0x01;
        auto verdict = path->submit(as_bytes(flipped));
        ASSERT_FALSE(verdict) << "byte " << i << " flipped was accepted";
        if (verdict.error().code == RejectCode::bad_signature) ++bad_signature;
    }
    // Flips inside the signed bytes or the signature are caught by the signature; flips in
    // the framing make the envelope malformed or the author key wrong.
    EXPECT_GT(bad_signature, static_cast<int>(m.envelope.signed_().size()) / 2);
    EXPECT_EQ(store->stats().message_count, 0u);
}

TEST_F(ValidationPathTest, AFlippedSignedByteGivesTheReasonBadSignature) {
    auto m = testing::signed_sitrep(author, 1);
    std::string flipped = m.envelope_bytes;
    flipped[flipped.find("Situatie")] ^= 0x20;  // inside the signed text
    auto verdict = path->submit(as_bytes(flipped));
    ASSERT_FALSE(verdict);
    EXPECT_EQ(reject_reason_text(verdict.error().code), "bad signature");
}

TEST_F(ValidationPathTest, CountsRejectionsByReason) {
    std::string garbage = "nonsense";
    EXPECT_FALSE(path->submit(as_bytes(garbage)));
    EXPECT_FALSE(path->submit(as_bytes(garbage)));
    EXPECT_EQ(path->rejected(RejectCode::malformed), 2u);
}

TEST_F(ValidationPathTest, BatchKeepsValidMessagesAndRejectsTheRest) {
    auto good1 = testing::signed_sitrep(author, 1);
    auto good2 = testing::signed_sitrep(author, 2);
    std::string bad = good2.envelope_bytes;
    bad[bad.find("Situatie")] ^= 1;
    auto good3 = testing::signed_sitrep(author, 3);
    ByteView batch[] = {as_bytes(good1.envelope_bytes), as_bytes(bad),
                        as_bytes(good3.envelope_bytes)};
    auto verdicts = path->submit_batch(batch);
    ASSERT_EQ(verdicts.size(), 3u);
    EXPECT_TRUE(verdicts[0]);
    EXPECT_FALSE(verdicts[1]);
    EXPECT_TRUE(verdicts[2]);
    EXPECT_EQ(store->stats().message_count, 2u);
}

TEST_F(ValidationPathTest, TellsTheListenerAboutNewMessagesOnly) {
    std::vector<MessageId> heard;
    path->on_stored([&](const DecodedMessage& m) { heard.push_back(m.id); });
    auto m = testing::signed_sitrep(author, 1);
    ASSERT_TRUE(path->submit(as_bytes(m.envelope_bytes)));
    ASSERT_TRUE(path->submit(as_bytes(m.envelope_bytes)));  // duplicate: not heard again
    EXPECT_FALSE(path->submit(as_bytes(std::string("junk"))));
    ASSERT_EQ(heard.size(), 1u);
    EXPECT_EQ(heard[0], m.id);
}

TEST_F(ValidationPathTest, ExpiredMessagesAreRejected) {
    auto m = testing::signed_sitrep(author, 1);
    clock.set_ms(m.message.expires_ms());
    auto verdict = path->submit(as_bytes(m.envelope_bytes));
    ASSERT_FALSE(verdict);
    EXPECT_EQ(verdict.error().code, RejectCode::expired);
}

TEST_F(ValidationPathTest, BadInputOfEveryKindLeavesStoredMessagesUntouched) {
    auto kept = testing::signed_sitrep(author, 1);
    ASSERT_TRUE(path->submit(as_bytes(kept.envelope_bytes)));

    auto empty_body = sign_message(author, testing::sample_message(v1::Body{}));
    auto no_municipality = testing::sample_sitrep_body();
    no_municipality.mutable_sitrep()->clear_municipality();
    auto missing_field = sign_message(author, testing::sample_message(no_municipality));
    std::string flipped = testing::signed_sitrep(author, 2).envelope_bytes;
    flipped[flipped.find("Situatie")] ^= 1;
    const std::pair<std::string, RejectCode> bad_inputs[] = {
        {"\x0a\xff\x01garbage", RejectCode::malformed},
        {std::string(20000, 'x'), RejectCode::oversized},
        {empty_body.envelope_bytes, RejectCode::unknown_kind},
        {missing_field.envelope_bytes, RejectCode::missing_field},
        {flipped, RejectCode::bad_signature},
    };
    for (const auto& [bytes, expected] : bad_inputs) {
        auto verdict = path->submit(as_bytes(bytes));
        ASSERT_FALSE(verdict);
        EXPECT_EQ(verdict.error().code, expected) << describe(verdict.error());
    }
    EXPECT_EQ(store->stats().message_count, 1u);
    auto got = store->get(kept.id);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->envelope_bytes, kept.envelope_bytes);
}

}  // namespace
}  // namespace baken
