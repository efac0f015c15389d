#include "message/structure_check.h"

#include <gtest/gtest.h>

#include "message/envelope_codec.h"
#include "support/sample_messages.h"

namespace baken {
namespace {

using testing::kSampleNowMs;

std::optional<Reject> check(v1::Message m, std::int64_t now = kSampleNowMs) {
    static const Identity author = Identity::generate();
    return check_structure(sign_message(author, std::move(m)), now);
}

TEST(StructureCheck, AcceptsASampleOfEveryKind) {
    v1::Body bodies[] = {testing::sample_sitrep_body(),       testing::sample_status_body(),
                         testing::sample_need_body(),         testing::sample_need_update_body(),
                         testing::sample_announcement_body(), testing::sample_node_info_body(),
                         testing::sample_credential_body(),   testing::sample_revocation_body()};
    for (auto& body : bodies) {
        auto reject = check(testing::sample_message(body));
        EXPECT_FALSE(reject) << describe(*reject);
    }
}

TEST(StructureCheck, RejectsAnEmptyBodyAsUnknownKind) {
    auto reject = check(testing::sample_message(v1::Body{}));
    ASSERT_TRUE(reject);
    EXPECT_EQ(reject->code, RejectCode::unknown_kind);
}

TEST(StructureCheck, NamesTheMissingRequiredField) {
    auto body = testing::sample_sitrep_body();
    body.mutable_sitrep()->clear_municipality();
    auto reject = check(testing::sample_message(body));
    ASSERT_TRUE(reject);
    EXPECT_EQ(reject->code, RejectCode::missing_field);
    EXPECT_NE(reject->detail.find("sitrep.municipality"), std::string::npos);
}

TEST(StructureCheck, RejectsAMunicipalityThatIsNotACbsCode) {
    auto body = testing::sample_need_body();
    body.mutable_need()->set_municipality("Utrecht");
    auto reject = check(testing::sample_message(body));
    ASSERT_TRUE(reject);
    EXPECT_EQ(reject->code, RejectCode::invalid_field);
}

TEST(StructureCheck, RejectsUnknownEnumValues) {
    auto body = testing::sample_status_body();
    body.mutable_support_point_status()->set_openness(static_cast<v1::Openness>(42));
    auto reject = check(testing::sample_message(body));
    ASSERT_TRUE(reject);
    EXPECT_EQ(reject->code, RejectCode::invalid_field);
}

TEST(StructureCheck, RejectsMissingPrecedence) {
    auto reject =
        check(testing::sample_message(testing::sample_sitrep_body(), v1::PRECEDENCE_UNSPECIFIED));
    ASSERT_TRUE(reject);
    EXPECT_EQ(reject->code, RejectCode::missing_field);
}

TEST(StructureCheck, RejectsTextOverTheLimit) {
    auto reject =
        check(testing::sample_message(testing::sample_sitrep_body(std::string(5000, 'x'))));
    ASSERT_TRUE(reject);
    EXPECT_EQ(reject->code, RejectCode::invalid_field);
    EXPECT_NE(reject->detail.find("sitrep.entries.text"), std::string::npos);
}

TEST(StructureCheck, RejectsExpiredMessages) {
    auto m = testing::sample_message(testing::sample_sitrep_body());
    auto reject = check(m, m.expires_ms() + 1);
    ASSERT_TRUE(reject);
    EXPECT_EQ(reject->code, RejectCode::expired);
}

TEST(StructureCheck, RejectsMessagesFromTheFarFuture) {
    auto m = testing::sample_message(testing::sample_sitrep_body());
    auto reject = check(m, m.created_ms() - 3600 * 1000);
    ASSERT_TRUE(reject);
    EXPECT_EQ(reject->code, RejectCode::from_the_future);
}

TEST(StructureCheck, RejectsALifetimeBeyondNinetyDays) {
    auto m = testing::sample_message(testing::sample_sitrep_body());
    m.set_expires_ms(m.created_ms() + 91LL * 24 * 3600 * 1000);
    auto reject = check(m);
    ASSERT_TRUE(reject);
    EXPECT_EQ(reject->code, RejectCode::invalid_field);
}

TEST(StructureCheck, RejectsAnUnsupportedFormatVersion) {
    auto m = testing::sample_message(testing::sample_sitrep_body());
    m.set_format_version(2);
    auto reject = check(m);
    ASSERT_TRUE(reject);
    EXPECT_EQ(reject->code, RejectCode::unsupported_version);
}

}  // namespace
}  // namespace baken
