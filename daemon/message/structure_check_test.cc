#include "message/structure_check.h"

#include <gtest/gtest.h>

#include <functional>

#include "message/envelope_codec.h"
#include "message/limits.h"
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

// Authorisation judges the point, the picture files it under the municipality: an operator of
// a point in GM0344 must not file its needs under another municipality's staff.
TEST(StructureCheck, RejectsASupportPointOutsideItsStatedMunicipality) {
    auto need = testing::sample_need_body();
    need.mutable_need()->set_municipality("GM0363");  // the point is GM0344-SP07
    auto reject = check(testing::sample_message(need));
    ASSERT_TRUE(reject);
    EXPECT_EQ(reject->code, RejectCode::invalid_field);
    EXPECT_NE(reject->detail.find("need.support_point"), std::string::npos);
    auto status = testing::sample_status_body();
    status.mutable_support_point_status()->set_support_point("GM0344");
    EXPECT_TRUE(check(testing::sample_message(status)));
}

TEST(StructureCheck, RejectsAnnouncementTimesBeyondTheYear9999) {
    auto body = testing::sample_announcement_body();
    body.mutable_announcement()->set_expires_ms(limits::kLatestTimeMs + 1);
    auto reject = check(testing::sample_message(body));
    ASSERT_TRUE(reject);
    EXPECT_NE(reject->detail.find("year 9999"), std::string::npos);
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

// The CAP fields an imported alert keeps are optional, and bounded like every other field.
TEST(StructureCheck, BoundsTheCapFieldsOfAnAnnouncement) {
    auto with = [](auto change) {
        v1::Body body = testing::sample_announcement_body();
        change(*body.mutable_announcement());
        return check(testing::sample_message(std::move(body)));
    };
    EXPECT_FALSE(with([](v1::Announcement& a) {
        a.set_cap_status("Exercise");
        a.set_cap_msg_type("Update");
        a.add_cap_response_types("Shelter");
        v1::CapArea* area = a.add_cap_areas();
        area->set_description("Overvecht");
        area->add_polygons("52.1,5.1 52.2,5.1 52.2,5.2 52.1,5.1");
        auto* geocode = area->add_geocodes();
        geocode->set_name("CBS");
        geocode->set_value("GM0344");
        a.set_cap_utc_offset_minutes(120);
    }));
    struct Case {
        const char* field;
        std::function<void(v1::Announcement&)> change;
    };
    const Case cases[] = {
        {"announcement.cap_status", [](auto& a) { a.set_cap_status("Real"); }},
        {"announcement.cap_msg_type", [](auto& a) { a.set_cap_msg_type("Ack"); }},
        {"announcement.cap_response_types", [](auto& a) { a.add_cap_response_types("Run"); }},
        {"announcement.cap_areas.description", [](auto& a) { a.add_cap_areas(); }},
        {"announcement.cap_areas.polygons",
         [](auto& a) {
             v1::CapArea* area = a.add_cap_areas();
             area->set_description("x");
             area->add_polygons(std::string(limits::kMaxCapShapeBytes + 1, '1'));
         }},
        {"announcement.cap_areas",
         [](auto& a) {
             for (std::size_t i = 0; i <= limits::kMaxCapAreas; ++i)
                 a.add_cap_areas()->set_description("x");
         }},
        {"announcement.cap_parameters.name", [](auto& a) { a.add_cap_parameters(); }},
        {"announcement.cap_event.nl",
         [](auto& a) {
             a.mutable_cap_event()->set_nl(std::string(limits::kMaxHeadline + 1, 'x'));
         }},
        {"announcement.cap_extra_categories",
         [](auto& a) { a.add_cap_extra_categories(static_cast<v1::CapCategory>(99)); }},
        {"announcement.cap_utc_offset_minutes",
         [](auto& a) { a.set_cap_utc_offset_minutes(25 * 60); }},
    };
    for (const Case& c : cases) {
        auto reject = with(c.change);
        ASSERT_TRUE(reject) << c.field;
        EXPECT_NE(reject->detail.find(c.field), std::string::npos) << reject->detail;
    }
}

}  // namespace
}  // namespace baken
