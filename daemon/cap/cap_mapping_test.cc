// CAP -> announcement -> CAP: what is kept, the precedence rule, the area, and refusals.
#include "cap/cap_mapping.h"

#include <gtest/gtest.h>

#include "cap/cap_reader.h"
#include "cap/cap_test_support.h"
#include "cap/cap_writer.h"

namespace baken::cap {
namespace {

using testing::message_from;
using testing::sample;
using testing::sample_now_ms;
using testing::some_id;

CapAlert read(const std::string& name) {
    auto alert = read_cap(sample(name));
    EXPECT_TRUE(alert.ok()) << name;
    return alert.ok() ? alert.value() : CapAlert{};
}

CapImport import(const CapAlert& alert, const std::string& area = "") {
    auto imported = import_alert(alert, ImportOptions{area, sample_now_ms()});
    EXPECT_TRUE(imported.ok()) << (imported.ok() ? "" : imported.error().describe());
    return imported.ok() ? imported.value() : CapImport{};
}

TEST(CapImport, AnNlAlertBecomesAFlashAnnouncementForItsMunicipality) {
    const CapAlert alert = read("nl_alert.xml");
    const CapImport imported = import(alert);
    EXPECT_EQ(imported.draft.precedence(), v1::FLASH);
    // Until the alert expires at 20:30+02:00; now is 15:00+02:00.
    EXPECT_EQ(imported.draft.ttl_seconds(), 5 * 3600 + 30 * 60);
    const v1::Announcement& a = imported.draft.body().announcement();
    EXPECT_EQ(a.audience_area(), "GM0344");
    EXPECT_EQ(a.cap_identifier(), alert.identifier);
    EXPECT_EQ(a.cap_sender(), alert.sender);
    EXPECT_EQ(a.cap_sent_ms(), alert.sent_ms);
    EXPECT_EQ(a.headline().nl(), "Grote brand in Overvecht: ramen en deuren dicht");
    EXPECT_TRUE(a.headline().en().empty());
    EXPECT_EQ(a.instruction().nl(), alert.infos[0].instruction);
    EXPECT_EQ(a.category(), v1::FIRE);
    EXPECT_EQ(a.urgency(), v1::URGENCY_IMMEDIATE);
    EXPECT_EQ(a.severity(), v1::SEVERITY_EXTREME);
    EXPECT_EQ(a.certainty(), v1::CERTAINTY_OBSERVED);
    EXPECT_EQ(a.effective_ms(), 0);  // the alert names none: effective when sent
    EXPECT_EQ(a.expires_ms(), *alert.infos[0].expires_ms);
    EXPECT_EQ(a.cap_event().nl(), "Grote brand");
    EXPECT_EQ(a.cap_sender_name().nl(), "Veiligheidsregio Utrecht");
    EXPECT_EQ(a.cap_areas_size(), 1);
}

TEST(CapImport, AWeatherWarningKeepsBothLanguagesAndNeedsAnArea) {
    const CapAlert alert = read("knmi_warning.xml");
    auto no_area = import_alert(alert, ImportOptions{"", sample_now_ms()});
    ASSERT_FALSE(no_area.ok());
    EXPECT_EQ(no_area.error().kind, CapError::Kind::no_area);
    EXPECT_NE(no_area.error().reason.find("--area"), std::string::npos);
    EXPECT_NE(no_area.error().reason.find("?area="), std::string::npos);

    const CapImport imported = import(alert, "VR09");
    const v1::Announcement& a = imported.draft.body().announcement();
    EXPECT_EQ(a.audience_area(), "VR09");
    EXPECT_EQ(imported.draft.precedence(), v1::PRIORITY);  // Future + Severe
    EXPECT_EQ(a.headline().en(), "Code orange: severe gusts in Utrecht and Gelderland");
    EXPECT_EQ(a.cap_event().en(), "Severe gusts");
    EXPECT_EQ(a.cap_language_en(), "en-GB");
    EXPECT_EQ(a.cap_msg_type(), "Update");
    EXPECT_EQ(a.cap_parameters_size(), 1);
    EXPECT_TRUE(imported.notes.empty()) << imported.notes.front();
}

TEST(CapImport, TheCallersAreaWinsOverTheGeocode) {
    EXPECT_EQ(
        import(read("nl_alert.xml"), "GM0344-SP07").draft.body().announcement().audience_area(),
        "GM0344-SP07");
    auto bad = import_alert(read("nl_alert.xml"), ImportOptions{"Utrecht", sample_now_ms()});
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().kind, CapError::Kind::unsupported);
}

TEST(CapImport, PrecedenceFollowsUrgencyAndSeverity) {
    EXPECT_EQ(precedence_for("Actual", "Immediate", "Extreme"), v1::FLASH);
    EXPECT_EQ(precedence_for("Actual", "Immediate", "Severe"), v1::IMMEDIATE);
    EXPECT_EQ(precedence_for("Actual", "Expected", "Extreme"), v1::IMMEDIATE);
    EXPECT_EQ(precedence_for("Actual", "Expected", "Moderate"), v1::PRIORITY);
    EXPECT_EQ(precedence_for("Actual", "Future", "Extreme"), v1::PRIORITY);
    EXPECT_EQ(precedence_for("Actual", "Unknown", "Severe"), v1::PRIORITY);
    EXPECT_EQ(precedence_for("Actual", "Future", "Moderate"), v1::ROUTINE);
    EXPECT_EQ(precedence_for("Actual", "Immediate", "Minor"), v1::ROUTINE);
    EXPECT_EQ(precedence_for("Actual", "Past", "Extreme"), v1::ROUTINE);
    EXPECT_EQ(precedence_for("Exercise", "Immediate", "Extreme"), v1::ROUTINE);
    EXPECT_EQ(precedence_for("Test", "Immediate", "Extreme"), v1::ROUTINE);
}

TEST(CapImport, RefusesWhatAnAnnouncementCannotBe) {
    CapAlert alert = read("nl_alert.xml");
    auto refused = [](const CapAlert& a, std::int64_t now = sample_now_ms()) {
        auto r = import_alert(a, ImportOptions{"", now});
        return r.ok() ? std::string() : r.error().reason;
    };
    CapAlert restricted = alert;
    restricted.scope = "Restricted";
    EXPECT_NE(refused(restricted).find("Public"), std::string::npos);
    CapAlert ack = alert;
    ack.msg_type = "Ack";
    EXPECT_NE(refused(ack).find("Ack"), std::string::npos);
    CapAlert english = alert;
    english.infos[0].language = "en-US";
    EXPECT_NE(refused(english).find("no Dutch info"), std::string::npos);
    CapAlert no_headline = alert;
    no_headline.infos[0].headline.clear();
    EXPECT_NE(refused(no_headline).find("headline"), std::string::npos);
    EXPECT_NE(refused(alert, *alert.infos[0].expires_ms + 1).find("expired"), std::string::npos);
    CapAlert huge = alert;
    huge.infos[0].areas[0].polygons.assign(4, std::string(7000, '1'));
    EXPECT_NE(refused(huge).find("too large"), std::string::npos) << refused(huge);
    CapAlert long_polygon = alert;
    long_polygon.infos[0].areas[0].polygons[0] = std::string(9000, '1');
    EXPECT_NE(refused(long_polygon).find("cap_areas.polygons"), std::string::npos)
        << refused(long_polygon);
}

TEST(CapImport, NotesWhatItLeavesOut) {
    CapAlert alert = read("knmi_warning.xml");
    CapInfo german = alert.infos[1];
    german.language = "de-DE";
    alert.infos.push_back(german);
    alert.infos[0].resources = 1;
    alert.infos[1].areas.pop_back();
    alert.infos[0].expires_ms.reset();
    const CapImport imported = import(alert, "GM0344");
    ASSERT_EQ(imported.notes.size(), 4u);
    EXPECT_NE(imported.notes[0].find("de-DE"), std::string::npos);
    EXPECT_NE(imported.notes[1].find("differs"), std::string::npos);
    EXPECT_NE(imported.notes[2].find("resource"), std::string::npos);
    EXPECT_NE(imported.notes[3].find("no expiry"), std::string::npos);
    EXPECT_EQ(imported.draft.ttl_seconds(), 0);
}

// The promise of the import: export(import(alert)) is the same alert.
TEST(CapRoundTrip, ImportedAlertsExportAsEquivalentCap) {
    for (const char* name : {"nl_alert.xml", "knmi_warning.xml"}) {
        const CapAlert original = read(name);
        const CapImport imported = import(original, "GM0344");
        const v1::Message stored = message_from(imported.draft, sample_now_ms());
        const CapAlert exported = export_alert(stored, some_id());
        EXPECT_EQ(exported, original) << name;

        auto xml = write_cap(exported);
        ASSERT_TRUE(xml.ok()) << xml.error().describe();
        auto again = read_cap(*xml);
        ASSERT_TRUE(again.ok()) << again.error().describe();
        EXPECT_EQ(again.value(), original) << name << "\n" << *xml;
    }
}

TEST(CapExport, ANativeAnnouncementGetsABakenIdentityAndOneArea) {
    v1::Draft draft;
    draft.set_precedence(v1::PRIORITY);
    v1::Announcement& a = *draft.mutable_body()->mutable_announcement();
    a.set_audience_area("GM0344");
    a.mutable_headline()->set_nl("Drinkwaterpunt open");
    a.mutable_headline()->set_en("Drinking water point open");
    a.mutable_text()->set_nl("Bij Buurthuis De Linde kunt u drinkwater halen.");
    a.set_category(v1::INFRA);
    a.set_urgency(v1::URGENCY_EXPECTED);
    a.set_severity(v1::SEVERITY_MODERATE);
    a.set_certainty(v1::CERTAINTY_OBSERVED);
    const v1::Message stored = message_from(draft, sample_now_ms());
    const CapAlert alert = export_alert(stored, some_id());
    EXPECT_EQ(alert.identifier, "baken-" + to_hex(some_id()));
    EXPECT_EQ(export_identifier(stored, some_id()), alert.identifier);
    PublicKey author{};
    author.fill(0x11);
    EXPECT_EQ(alert.sender, fingerprint(author) + "@baken.invalid");
    EXPECT_EQ(alert.sent_ms, sample_now_ms());
    EXPECT_EQ(alert.status, "Actual");
    ASSERT_EQ(alert.infos.size(), 2u);
    EXPECT_EQ(alert.infos[0].language, "nl-NL");
    EXPECT_EQ(alert.infos[0].event, "Bekendmaking");
    EXPECT_EQ(alert.infos[0].expires_ms, stored.expires_ms());
    EXPECT_EQ(alert.infos[1].headline, "Drinking water point open");
    EXPECT_TRUE(alert.infos[1].description.empty());
    ASSERT_EQ(alert.infos[0].areas.size(), 1u);
    EXPECT_EQ(alert.infos[0].areas[0].geocodes, (std::vector<CapPair>{{"CBS", "GM0344"}}));
}

}  // namespace
}  // namespace baken::cap
