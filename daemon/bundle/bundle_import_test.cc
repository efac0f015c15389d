// Importing bundles through the validation path: every valid message before the damage comes
// in, nothing that fails validation does, the report says where and why, and what the node
// already held is untouched.
#include "bundle/bundle_import.h"

#include <gtest/gtest.h>

#include "bundle/bundle_test_support.h"
#include "message/envelope_codec.h"
#include "support/temp_dir.h"
#include "trust/sealed_content.h"

namespace baken::bundle {
namespace {

using testing::sample_messages;
using testing::write_bundle;

class BundleImportTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto opened = Store::open({dir.path() / "store", 64ull << 20});
        ASSERT_TRUE(opened) << opened.error();
        store = std::move(opened).value();
        validation = std::make_unique<ValidationPath>(*store, clock);
        // Something the node held before any bundle arrived.
        ASSERT_TRUE(validation->submit(as_bytes(already_held.envelope_bytes)));
    }

    ImportReport import(std::string_view bytes) {
        BundleImporter importer(*validation, 2);  // small batches: several commits
        BundleReader reader;
        reader.feed(as_bytes(bytes));
        reader.finish();
        while (auto event = reader.next()) importer.on_event(std::move(*event));
        importer.flush();
        return importer.report();
    }

    void expect_untouched() {
        EXPECT_TRUE(store->contains(already_held.id));
        EXPECT_EQ(store->get(already_held.id)->envelope_bytes, already_held.envelope_bytes);
    }

    baken::testing::TempDir dir;
    ManualClock clock{baken::testing::kSampleNowMs};
    std::unique_ptr<Store> store;
    std::unique_ptr<ValidationPath> validation;
    Identity author = Identity::generate();
    DecodedMessage already_held = baken::testing::signed_sitrep(author, 999);
    std::vector<DecodedMessage> messages = sample_messages(6, author);
};

TEST_F(BundleImportTest, AWholeBundleImportsEveryMessageAndIsClean) {
    auto report = import(write_bundle(messages));
    EXPECT_EQ(report.accepted, 6u);
    EXPECT_TRUE(report.clean());
    for (const auto& m : messages) EXPECT_TRUE(store->contains(m.id));
    expect_untouched();
}

TEST_F(BundleImportTest, ImportingTheSameBundleAgainChangesNothing) {
    std::string bundle = write_bundle(messages);
    ASSERT_EQ(import(bundle).accepted, 6u);
    auto again = import(bundle);
    EXPECT_EQ(again.accepted, 0u);
    EXPECT_EQ(again.duplicates, 6u);
    EXPECT_EQ(store->stats().message_count, 7u);
}

TEST_F(BundleImportTest, ATruncatedBundleImportsEveryMessageBeforeTheCut) {
    std::string bundle = write_bundle(messages);
    auto cut = bundle.substr(0, bundle.size() - 400);  // into the fifth record or so
    auto report = import(cut);
    EXPECT_GE(report.accepted, 4u);
    EXPECT_LT(report.accepted, 6u);
    ASSERT_FALSE(report.damage.empty());
    EXPECT_EQ(report.damage.back().kind, DamageKind::truncated);
    EXPECT_FALSE(report.clean());
    for (std::size_t i = 0; i < report.accepted; ++i) EXPECT_TRUE(store->contains(messages[i].id));
    expect_untouched();
}

TEST_F(BundleImportTest, FlippedBytesInTheMiddleLoseOnlyThatMessage) {
    std::string bundle = write_bundle(messages);
    std::size_t middle = bundle.size() / 2;
    bundle[middle] = static_cast<char>(bundle[middle] ^ 0xFF);
    auto report = import(bundle);
    EXPECT_EQ(report.accepted, 5u);
    ASSERT_FALSE(report.damage.empty());
    EXPECT_EQ(report.damage.front().kind, DamageKind::record_damaged);
    EXPECT_LE(report.damage.front().offset, middle);
    EXPECT_FALSE(report.verified);
    expect_untouched();
}

TEST_F(BundleImportTest, AWrongTrailerSignatureIsReportedButSignedMessagesStillCount) {
    std::string mixed = testing::with_bad_trailer_signature(write_bundle(messages));
    auto report = import(mixed);
    EXPECT_EQ(report.accepted, 6u);  // each message carries its own author's signature
    ASSERT_EQ(report.damage.size(), 1u);
    EXPECT_EQ(report.damage[0].kind, DamageKind::bad_signature);
    EXPECT_FALSE(report.clean());
}

TEST_F(BundleImportTest, AForgedMessageInsideIsRefusedAndTheOthersImported) {
    std::vector<DecodedMessage> with_forgery = messages;
    // Same framing and record check (the writer computes them), but the signed bytes were
    // changed after signing: only the validation path can tell.
    v1::Envelope envelope = with_forgery[2].envelope;
    std::string signed_bytes = envelope.signed_();
    signed_bytes[signed_bytes.size() - 3] ^= 0x01;
    envelope.set_signed_(signed_bytes);
    with_forgery[2].envelope_bytes = envelope.SerializeAsString();
    auto report = import(write_bundle(with_forgery));
    EXPECT_EQ(report.accepted, 5u);
    EXPECT_EQ(report.refused, 1u);
    ASSERT_EQ(report.refusals.size(), 1u);
    EXPECT_EQ(report.refusals[0].reason, "bad_signature");
    EXPECT_GT(report.refusals[0].offset, 0u);
    EXPECT_TRUE(report.verified);  // the exporter did sign it: it relayed a forgery
    EXPECT_FALSE(store->contains(message_id_of(as_bytes(signed_bytes))));
    EXPECT_FALSE(report.clean());
}

TEST(BundleImportTrust, MessagesOfAnAuthorWithoutCredentialWaitAndAreStoredWhenItArrives) {
    baken::testing::TempDir dir;
    ManualClock clock{baken::testing::kSampleNowMs};
    Identity root = Identity::generate();
    trust::CredentialBook book{{root.public_key()}};
    auto store = std::move(Store::open({dir.path() / "store", 64ull << 20})).value();
    ValidationPath validation(*store, clock, &book);
    Identity author = Identity::generate();
    auto messages = sample_messages(3, author);
    BundleImporter importer(validation);
    BundleReader reader;
    reader.feed(as_bytes(write_bundle(messages)));
    reader.finish();
    while (auto event = reader.next()) importer.on_event(std::move(*event));
    importer.flush();
    EXPECT_EQ(importer.report().waiting, 3u);
    EXPECT_EQ(importer.report().refused, 0u);
    EXPECT_EQ(validation.quarantine().size(), 3u);
    // The author's credential comes later (by the next stick, or a peer): the three go in.
    v1::Body body;
    auto* credential = body.mutable_credential();
    credential->set_subject(std::string(as_chars(author.public_key())));
    credential->set_role(v1::MUNICIPAL_STAFF);
    credential->set_scope("GM0344");
    credential->set_valid_from_ms(baken::testing::kSampleNowMs - 1000);
    credential->set_valid_until_ms(baken::testing::kSampleNowMs + 3'600'000);
    auto issued = sign_message(root, baken::testing::sample_message(body));
    ASSERT_TRUE(validation.submit(as_bytes(issued.envelope_bytes), Origin::relayed));
    for (const auto& m : messages) EXPECT_TRUE(store->contains(m.id));
}

TEST_F(BundleImportTest, SealedContentArrivesSealedByteForByte) {
    Identity region = Identity::generate();
    const PublicKey recipients[] = {region.public_key()};
    auto sealed = trust::seal("Mevr. A. de Jong, Kastanjelaan 4", recipients, author.public_key());
    ASSERT_TRUE(sealed) << sealed.error();
    v1::Body body = baken::testing::sample_sitrep_body();
    *body.mutable_sitrep()->mutable_restricted() = *sealed;
    auto message = sign_message(author, baken::testing::sample_message(body, v1::FLASH));
    ASSERT_EQ(import(write_bundle({message})).accepted, 1u);
    auto held = store->get(message.id);
    ASSERT_TRUE(held);
    EXPECT_EQ(held->envelope_bytes, message.envelope_bytes);
    EXPECT_EQ(held->envelope_bytes.find("Kastanjelaan"), std::string::npos);
    auto decoded = decode_envelope(as_bytes(held->envelope_bytes));
    ASSERT_TRUE(decoded);
    EXPECT_EQ(trust::open_sealed(decoded->message.body().sitrep().restricted(), region,
                                 author.public_key()),
              "Mevr. A. de Jong, Kastanjelaan 4");
    EXPECT_FALSE(trust::open_sealed(decoded->message.body().sitrep().restricted(), author,
                                    author.public_key()));
}

TEST_F(BundleImportTest, AnEmptyFileImportsNothingAndSaysSo) {
    auto report = import("");
    EXPECT_EQ(report.accepted, 0u);
    ASSERT_EQ(report.damage.size(), 1u);
    EXPECT_EQ(report.damage[0].kind, DamageKind::not_a_bundle);
    EXPECT_EQ(store->stats().message_count, 1u);
}

}  // namespace
}  // namespace baken::bundle
