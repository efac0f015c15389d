#include "message_summary.h"

#include <gtest/gtest.h>

namespace baken::cli {
namespace {

v1::Message sitrep() {
    v1::Message m;
    auto* s = m.mutable_body()->mutable_sitrep();
    s->set_municipality("GM0344");
    s->set_phase(v1::WARM_UNDER_72H);
    auto* e = s->add_entries();
    e->set_pillar(v1::VITAL_SERVICES);
    e->set_topic("power");
    e->set_severity(v1::FAILED);
    e->set_text("Stroomstoring in de hele wijk");
    return m;
}

TEST(MessageSummary, Sitrep) {
    EXPECT_EQ(message_summary(sitrep()),
              "GM0344 vital-services/power: FAILED \u2014 Stroomstoring in de hele wijk");
}

TEST(MessageSummary, SitrepWithMoreEntriesSaysSo) {
    v1::Message m = sitrep();
    *m.mutable_body()->mutable_sitrep()->add_entries() = m.body().sitrep().entries(0);
    EXPECT_TRUE(message_summary(m).ends_with("(+1 more)"));
}

TEST(MessageSummary, SupportPointStatus) {
    v1::Message m;
    auto* s = m.mutable_body()->mutable_support_point_status();
    s->set_support_point("GM0344-SP07");
    s->set_name("Buurthuis De Linde");
    s->set_openness(v1::OPEN);
    s->set_power(v1::GENERATOR);
    s->set_fuel_hours(12);
    s->set_drinking_water(v1::AVAILABLE);
    s->set_visitors(35);
    EXPECT_EQ(message_summary(m),
              "GM0344-SP07 Buurthuis De Linde: open, power generator (12 h fuel), water available, "
              "35 visitors");
}

TEST(MessageSummary, Need) {
    v1::Message m;
    auto* n = m.mutable_body()->mutable_need();
    n->set_support_point("GM0344-SP07");
    n->set_category(v1::DRINKING_WATER);
    n->set_quantity(500);
    n->set_unit("litres");
    n->set_urgency(v1::WITHIN_HOURS);
    n->set_text("Flessen voor 200 mensen");
    EXPECT_EQ(message_summary(m),
              "GM0344-SP07 drinking-water 500 litres, within-hours \u2014 Flessen voor 200 mensen");
}

TEST(MessageSummary, NeedUpdateShowsTheShortIdOfTheNeed) {
    v1::Message m;
    auto* u = m.mutable_body()->mutable_need_update();
    u->set_need(std::string(32, '\x3f'));
    u->set_state(v1::ACKNOWLEDGED);
    u->set_note("team 3 onderweg");
    EXPECT_EQ(message_summary(m), "need 3f3f3f3f3f3f: acknowledged \u2014 team 3 onderweg");
}

TEST(MessageSummary, Announcement) {
    v1::Message m;
    auto* a = m.mutable_body()->mutable_announcement();
    a->set_audience_area("GM0344");
    a->set_severity(v1::SEVERITY_EXTREME);
    a->mutable_headline()->set_nl("Kook water af voor gebruik");
    EXPECT_EQ(message_summary(m), "GM0344 [extreme] Kook water af voor gebruik");
}

TEST(MessageSummary, CredentialAndRevocation) {
    v1::Message c;
    auto* cred = c.mutable_body()->mutable_credential();
    cred->set_subject(std::string(32, '\x9f'));
    cred->set_role(v1::MUNICIPAL_STAFF);
    cred->set_scope("GM0344");
    cred->set_subject_name("Laptop 3");
    EXPECT_EQ(message_summary(c), "municipal-staff GM0344 for Laptop 3 (9f9f9f9f9f9f)");

    v1::Message r;
    r.mutable_body()->mutable_revocation()->set_subject(std::string(32, '\x9f'));
    r.mutable_body()->mutable_revocation()->set_reason("laptop lost");
    EXPECT_EQ(message_summary(r), "revokes 9f9f9f9f9f9f \u2014 laptop lost");
}

TEST(MessageSummary, UnknownKind) {
    EXPECT_EQ(message_summary(v1::Message{}), "(a kind this baken does not know)");
}

TEST(MessageSummary, KindNamesAreTheOnesListAccepts) {
    EXPECT_EQ(short_kind_name(v1::Body::kSupportPointStatus), "status");
    EXPECT_EQ(short_kind_name(v1::Body::kNeedUpdate), "need-update");
    EXPECT_EQ(short_kind_name(v1::Body::kSitrep), "sitrep");
}

TEST(MessageSummary, FingerprintGroupIsTheFirstGroup) {
    EXPECT_EQ(fingerprint_group("K7QM-3XTA-9PBD-W2HE"), "K7QM");
    EXPECT_EQ(fingerprint_group(""), "");
}

}  // namespace
}  // namespace baken::cli
