// Authorisation in the validation path: every refusal with its own reason, quarantine of
// messages that arrive before their author's credential, and revocation.
#include "trust/credential_book.h"

#include <gtest/gtest.h>

#include "message/envelope_codec.h"
#include "support/sample_messages.h"
#include "support/temp_dir.h"
#include "trust/authorisation.h"
#include "validation/validation_path.h"

namespace baken::trust {
namespace {

using testing::kSampleNowMs;
constexpr std::int64_t kHour = 3600 * 1000;

PublicKey key_of(const Identity& id) {
    return id.public_key();
}

DecodedMessage credential(const Identity& root, const Identity& subject, v1::Role role,
                          const std::string& scope, std::int64_t from = kSampleNowMs - kHour,
                          std::int64_t until = kSampleNowMs + 72 * kHour) {
    v1::Body body;
    auto* c = body.mutable_credential();
    PublicKey k = key_of(subject);
    c->set_subject(k.data(), k.size());
    c->set_role(role);
    c->set_scope(scope);
    c->set_valid_from_ms(from);
    c->set_valid_until_ms(until);
    return sign_message(root, testing::sample_message(body, v1::FLASH, kSampleNowMs - kHour));
}

DecodedMessage revocation(const Identity& root, const Identity& subject, std::int64_t since) {
    v1::Body body;
    auto* r = body.mutable_revocation();
    PublicKey k = key_of(subject);
    r->set_subject(k.data(), k.size());
    r->set_compromised_since_ms(since);
    r->set_reason("laptop gestolen");
    return sign_message(root, testing::sample_message(body, v1::FLASH, kSampleNowMs));
}

DecodedMessage post(const Identity& author, v1::Body body, std::int64_t created = kSampleNowMs) {
    return sign_message(author, testing::sample_message(std::move(body), v1::ROUTINE, created));
}

class TrustTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto opened = Store::open({dir.path() / "store", 64ull << 20});
        ASSERT_TRUE(opened) << opened.error();
        store = std::move(opened).value();
        path = std::make_unique<ValidationPath>(*store, clock, &book);
    }
    Verdict submit(const DecodedMessage& m) {
        return path->submit(as_bytes(m.envelope_bytes), Origin::relayed);
    }
    RejectCode refusal(const DecodedMessage& m) {
        auto v = submit(m);
        EXPECT_FALSE(v) << "accepted, expected a refusal";
        return v ? RejectCode::malformed : v.error().code;
    }

    Identity root = Identity::generate();
    Identity staff = Identity::generate();      // municipal staff of GM0344
    Identity operator_ = Identity::generate();  // operator of GM0344-SP07
    testing::TempDir dir;
    ManualClock clock{kSampleNowMs};
    CredentialBook book{{root.public_key()}};
    std::unique_ptr<Store> store;
    std::unique_ptr<ValidationPath> path;
};

TEST_F(TrustTest, ACredentialedAuthorPostsWithinItsScope) {
    ASSERT_TRUE(submit(credential(root, staff, v1::MUNICIPAL_STAFF, "GM0344")));
    ASSERT_TRUE(submit(credential(root, operator_, v1::SUPPORT_POINT_OPERATOR, "GM0344-SP07")));
    EXPECT_TRUE(submit(post(staff, testing::sample_sitrep_body())));
    EXPECT_TRUE(submit(post(staff, testing::sample_announcement_body())));
    EXPECT_TRUE(submit(post(staff, testing::sample_need_update_body())));
    EXPECT_TRUE(submit(post(operator_, testing::sample_status_body())));
    EXPECT_TRUE(submit(post(operator_, testing::sample_need_body())));
}

TEST_F(TrustTest, AnUnknownAuthorIsRefusedAndHeldUntilItsCredentialArrives) {
    auto sitrep = post(staff, testing::sample_sitrep_body());
    EXPECT_EQ(refusal(sitrep), RejectCode::unknown_author);
    EXPECT_FALSE(store->contains(sitrep.id));
    EXPECT_EQ(path->quarantine().size(), 1u);
    ASSERT_TRUE(submit(credential(root, staff, v1::MUNICIPAL_STAFF, "GM0344")));
    EXPECT_TRUE(store->contains(sitrep.id));
    EXPECT_EQ(path->quarantine().size(), 0u);
}

TEST_F(TrustTest, ALocalAuthorWithoutCredentialIsToldAtOnceAndNothingIsKept) {
    auto sitrep = post(staff, testing::sample_sitrep_body());
    auto verdict = path->submit(as_bytes(sitrep.envelope_bytes), Origin::local);
    ASSERT_FALSE(verdict);
    EXPECT_EQ(verdict.error().code, RejectCode::unknown_author);
    EXPECT_EQ(path->quarantine().size(), 0u);
}

// Found by the mesh simulator: a peer sends the credential first, in the same batch as the
// author's messages; more of them than the quarantine keeps per author must all get in.
TEST_F(TrustTest, ACredentialInTheSameBatchLetsItsAuthorsMessagesIn) {
    std::vector<DecodedMessage> batch = {credential(root, staff, v1::MUNICIPAL_STAFF, "GM0344")};
    for (int i = 0; i < 120; ++i) {
        batch.push_back(post(staff, testing::sample_sitrep_body("melding " + std::to_string(i))));
    }
    std::vector<ByteView> bytes;
    for (const auto& m : batch) bytes.push_back(as_bytes(m.envelope_bytes));
    for (const Verdict& v : path->submit_batch(bytes, Origin::relayed)) {
        EXPECT_TRUE(v) << describe(v.error());
    }
    EXPECT_EQ(store->stats().message_count, 121u);
    EXPECT_EQ(path->quarantine().size(), 0u);
    EXPECT_EQ(path->rejected(RejectCode::unknown_author), 0u);
}

TEST_F(TrustTest, AWrongRoleIsRefused) {
    ASSERT_TRUE(submit(credential(root, operator_, v1::SUPPORT_POINT_OPERATOR, "GM0344-SP07")));
    EXPECT_EQ(refusal(post(operator_, testing::sample_sitrep_body())), RejectCode::wrong_role);
    Identity relay = Identity::generate();
    ASSERT_TRUE(submit(credential(root, relay, v1::RELAY_ONLY, "VR09")));
    EXPECT_EQ(refusal(post(relay, testing::sample_node_info_body())), RejectCode::wrong_role);
    EXPECT_EQ(refusal(post(root, testing::sample_sitrep_body())), RejectCode::wrong_role);
}

TEST_F(TrustTest, AWrongScopeIsRefused) {
    ASSERT_TRUE(submit(credential(root, staff, v1::MUNICIPAL_STAFF, "GM0363")));
    EXPECT_EQ(refusal(post(staff, testing::sample_sitrep_body())), RejectCode::wrong_scope);
    ASSERT_TRUE(submit(credential(root, operator_, v1::SUPPORT_POINT_OPERATOR, "GM0344-SP01")));
    EXPECT_EQ(refusal(post(operator_, testing::sample_status_body())), RejectCode::wrong_scope);
}

TEST_F(TrustTest, ACredentialCoversOnlyItsWindow) {
    ASSERT_TRUE(submit(credential(root, staff, v1::MUNICIPAL_STAFF, "GM0344", kSampleNowMs - kHour,
                                  kSampleNowMs)));
    EXPECT_EQ(refusal(post(staff, testing::sample_sitrep_body(), kSampleNowMs)),
              RejectCode::credential_expired);
    EXPECT_EQ(refusal(post(staff, testing::sample_sitrep_body(), kSampleNowMs - 2 * kHour)),
              RejectCode::credential_not_yet_valid);
    EXPECT_TRUE(submit(post(staff, testing::sample_sitrep_body(), kSampleNowMs - kHour / 2)));
}

TEST_F(TrustTest, ACredentialFromAnUntrustedRootIsRefused) {
    Identity stranger = Identity::generate();
    EXPECT_EQ(refusal(credential(stranger, staff, v1::MUNICIPAL_STAFF, "GM0344")),
              RejectCode::untrusted_issuer);
    EXPECT_EQ(refusal(revocation(stranger, staff, kSampleNowMs)), RejectCode::untrusted_issuer);
}

TEST_F(TrustTest, ACredentialWhoseScopeDoesNotFitItsRoleIsRefused) {
    EXPECT_EQ(refusal(credential(root, staff, v1::MUNICIPAL_STAFF, "VR09")),
              RejectCode::invalid_field);
}

TEST_F(TrustTest, ACredentialWindowFarFromItsSigningIsRefused) {
    EXPECT_EQ(refusal(credential(root, staff, v1::MUNICIPAL_STAFF, "GM0344", kSampleNowMs,
                                 kSampleNowMs + 40 * 24 * kHour)),
              RejectCode::invalid_field);
    EXPECT_EQ(refusal(credential(root, staff, v1::MUNICIPAL_STAFF, "GM0344",
                                 kSampleNowMs - 10 * 24 * kHour, kSampleNowMs)),
              RejectCode::invalid_field);
}

TEST_F(TrustTest, ARevokedKeyIsRefusedFromCompromiseOnAndItsLaterMessagesWithdrawn) {
    ASSERT_TRUE(submit(credential(root, staff, v1::MUNICIPAL_STAFF, "GM0344")));
    auto before = post(staff, testing::sample_sitrep_body("voor"), kSampleNowMs - kHour / 2);
    auto after = post(staff, testing::sample_sitrep_body("na"), kSampleNowMs - kHour / 4);
    ASSERT_TRUE(submit(before));
    ASSERT_TRUE(submit(after));
    ASSERT_TRUE(submit(revocation(root, staff, kSampleNowMs - kHour / 3)));
    EXPECT_TRUE(store->contains(before.id));
    EXPECT_FALSE(store->contains(after.id));  // withdrawn
    EXPECT_EQ(refusal(after), RejectCode::revoked);
    EXPECT_EQ(refusal(post(staff, testing::sample_sitrep_body("later"))), RejectCode::revoked);
}

TEST_F(TrustTest, DecisionsSurviveARestart) {
    ASSERT_TRUE(submit(credential(root, staff, v1::MUNICIPAL_STAFF, "GM0344")));
    ASSERT_TRUE(submit(credential(root, operator_, v1::SUPPORT_POINT_OPERATOR, "GM0344-SP07")));
    ASSERT_TRUE(submit(revocation(root, operator_, kSampleNowMs - kHour)));
    CredentialBook reloaded{{root.public_key()}};
    reloaded.load(*store);
    ValidationPath after_restart(*store, clock, &reloaded);
    auto sitrep = post(staff, testing::sample_sitrep_body("na herstart"));
    EXPECT_TRUE(after_restart.submit(as_bytes(sitrep.envelope_bytes)));
    auto status = post(operator_, testing::sample_status_body());
    auto refused = after_restart.submit(as_bytes(status.envelope_bytes));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, RejectCode::revoked);
}

// The revocation is stored in one transaction and the withdrawal done in another: a crash in
// between must not leave the revoked key's messages in place for good.
TEST_F(TrustTest, AWithdrawalCutShortByACrashIsFinishedAtTheNextStart) {
    ASSERT_TRUE(submit(credential(root, staff, v1::MUNICIPAL_STAFF, "GM0344")));
    auto later = post(staff, testing::sample_sitrep_body("na"), kSampleNowMs);
    ASSERT_TRUE(submit(later));
    auto revoked = revocation(root, staff, kSampleNowMs - kHour);
    ASSERT_EQ(store->put(revoked, kSampleNowMs, kSampleNowMs).status, PutStatus::stored);
    ASSERT_TRUE(store->contains(later.id));  // as if the daemon died right here
    CredentialBook reloaded{{root.public_key()}};
    reloaded.load(*store);
    ValidationPath after_restart(*store, clock, &reloaded);
    after_restart.withdraw_revoked();
    EXPECT_FALSE(store->contains(later.id));
}

TEST_F(TrustTest, WithoutTrustedRootsNothingIsRefusedForAuthorisation) {
    CredentialBook open_book;
    ValidationPath open(*store, clock, &open_book);
    auto sitrep = post(staff, testing::sample_sitrep_body());
    EXPECT_TRUE(open.submit(as_bytes(sitrep.envelope_bytes)));
}

}  // namespace
}  // namespace baken::trust
