// See sample_messages.h.
#include "support/sample_messages.h"

#include "message/envelope_codec.h"

namespace baken::testing {

v1::Message sample_message(v1::Body body, v1::Precedence precedence, std::int64_t created_ms) {
    v1::Message m;
    m.set_format_version(1);
    m.set_precedence(precedence);
    m.set_created_ms(created_ms);
    m.set_expires_ms(created_ms + 24LL * 3600 * 1000);
    *m.mutable_body() = std::move(body);
    return m;
}

v1::Body sample_sitrep_body(const std::string& text) {
    v1::Body body;
    auto* s = body.mutable_sitrep();
    s->set_municipality("GM0344");
    s->set_area("Overvecht");
    s->set_phase(v1::WARM_UNDER_72H);
    auto* e = s->add_entries();
    e->set_pillar(v1::VITAL_SERVICES);
    e->set_topic("power");
    e->set_severity(v1::FAILED);
    e->set_text(text);
    auto* c = e->add_counts();
    c->set_label("households without power");
    c->set_value(12000);
    return body;
}

v1::Body sample_status_body() {
    v1::Body body;
    auto* s = body.mutable_support_point_status();
    s->set_support_point("GM0344-SP07");
    s->set_municipality("GM0344");
    s->set_name("Buurthuis De Linde");
    s->set_openness(v1::OPEN);
    s->set_power(v1::GENERATOR);
    s->set_fuel_hours(18);
    s->set_drinking_water(v1::SCARCE);
    s->set_visitors(42);
    s->set_comms("radio, LAN");
    s->set_latitude(52.1090);
    s->set_longitude(5.1080);
    return body;
}

v1::Body sample_need_body() {
    v1::Body body;
    auto* n = body.mutable_need();
    n->set_support_point("GM0344-SP07");
    n->set_municipality("GM0344");
    n->set_category(v1::DRINKING_WATER);
    n->set_quantity(500);
    n->set_unit("litres");
    n->set_urgency(v1::WITHIN_HOURS);
    n->set_text("Drinkwater voor 120 mensen");
    return body;
}

v1::Body sample_need_update_body() {
    v1::Body body;
    auto* u = body.mutable_need_update();
    u->set_need(std::string(32, '\x07'));
    u->set_state(v1::ACKNOWLEDGED);
    u->set_note("Tankwagen onderweg");
    u->set_municipality("GM0344");
    return body;
}

v1::Body sample_announcement_body() {
    v1::Body body;
    auto* a = body.mutable_announcement();
    a->set_audience_area("GM0344");
    a->mutable_headline()->set_nl("Drinkwaterpunt open");
    a->mutable_headline()->set_en("Drinking water point open");
    a->mutable_text()->set_nl("Bij Buurthuis De Linde kunt u drinkwater halen.");
    a->set_category(v1::INFRA);
    a->set_urgency(v1::URGENCY_EXPECTED);
    a->set_severity(v1::SEVERITY_MODERATE);
    a->set_certainty(v1::CERTAINTY_OBSERVED);
    a->set_effective_ms(kSampleNowMs);
    a->set_expires_ms(kSampleNowMs + 12LL * 3600 * 1000);
    return body;
}

v1::Body sample_node_info_body() {
    v1::Body body;
    body.mutable_node_info()->set_name("Gemeentehuis Utrecht");
    return body;
}

v1::Body sample_credential_body() {
    v1::Body body;
    auto* c = body.mutable_credential();
    c->set_subject(std::string(32, '\x01'));
    c->set_role(v1::MUNICIPAL_STAFF);
    c->set_scope("GM0344");
    c->set_valid_from_ms(kSampleNowMs);
    c->set_valid_until_ms(kSampleNowMs + 72LL * 3600 * 1000);
    return body;
}

v1::Body sample_revocation_body() {
    v1::Body body;
    auto* r = body.mutable_revocation();
    r->set_subject(std::string(32, '\x02'));
    r->set_compromised_since_ms(kSampleNowMs - 3600 * 1000);
    r->set_reason("laptop lost");
    return body;
}

DecodedMessage signed_sitrep(const Identity& author, int serial, v1::Precedence precedence,
                             std::int64_t created_ms) {
    auto body =
        sample_sitrep_body("Situatie " + std::to_string(serial) +
                           ": stroomstoring, aggregaat draait, 12.000 huishoudens zonder stroom");
    return sign_message(author, sample_message(std::move(body), precedence, created_ms));
}

}  // namespace baken::testing
