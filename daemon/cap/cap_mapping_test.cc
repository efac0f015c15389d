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
    // An Update whose earlier alert this node does not hold stands alone.
    EXPECT_TRUE(imported.draft.supersedes().empty());
    ASSERT_EQ(imported.notes.size(), 1u);
    EXPECT_NE(imported.notes[0].find("standalone"), std::string::npos) << imported.notes[0];
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
    ASSERT_EQ(imported.notes.size(), 5u);
    EXPECT_NE(imported.notes[0].find("de-DE"), std::string::npos);
    EXPECT_NE(imported.notes[1].find("differs"), std::string::npos);
    EXPECT_NE(imported.notes[2].find("resource"), std::string::npos);
    EXPECT_NE(imported.notes[3].find("no expiry"), std::string::npos);
    EXPECT_NE(imported.notes[4].find("standalone"), std::string::npos);
    EXPECT_EQ(imported.draft.ttl_seconds(), 0);
}

TEST(CapImport, RefusesAlertsThatAreNotActual) {
    for (const char* status : {"Test", "Exercise", "System", "Draft"}) {
        CapAlert alert = read("nl_alert.xml");
        alert.status = status;
        auto refused = import_alert(alert, ImportOptions{"", sample_now_ms()});
        ASSERT_FALSE(refused.ok()) << status;
        EXPECT_EQ(refused.error().kind, CapError::Kind::unsupported) << status;
        EXPECT_EQ(refused.error().reason, std::string("a ") + status +
                                              " alert is not relayed to residents; only "
                                              "status Actual is");
    }
}

TEST(CapImport, RefusesACancelAndSaysWhatToDoInstead) {
    CapAlert cancel = read("nl_alert.xml");
    cancel.msg_type = "Cancel";
    cancel.references = cancel.sender + "," + cancel.identifier + ",2024-05-01T14:30:00+02:00";
    const HeldAlert held{cancel.sender, cancel.identifier, cancel.sent_ms, to_hex(some_id())};
    auto refused = import_alert(cancel, ImportOptions{"", sample_now_ms(), {held}});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().kind, CapError::Kind::unsupported);
    EXPECT_NE(refused.error().reason.find("Cancel"), std::string::npos);
    EXPECT_NE(refused.error().reason.find("replacement announcement"), std::string::npos);
    EXPECT_NE(refused.error().reason.find("supersedes"), std::string::npos);
}

// The KNMI sample is an Update of ...wind.6 sent 06:00+02:00.
TEST(CapImport, AnUpdateSupersedesTheHeldAnnouncementOfTheAlertItReferences) {
    const CapAlert update = read("knmi_warning.xml");
    const std::int64_t six = parse_cap_time("2024-05-01T06:00:00+02:00")->unix_ms;
    const std::string sender = "knmi-weerwaarschuwingen@knmi.invalid";
    const std::string earlier = "2.49.0.0.528.0.KNMI.240501060000.wind.6";
    const std::string held_id(64, 'a');
    const std::vector<HeldAlert> others{
        {sender, earlier, six + 1000, std::string(64, 'b')},           // another sent time
        {"someone@else.invalid", earlier, six, std::string(64, 'c')},  // another sender
    };
    std::vector<HeldAlert> held = others;
    held.push_back({sender, earlier, six, held_id});

    auto replacing = import_alert(update, ImportOptions{"VR09", sample_now_ms(), held});
    ASSERT_TRUE(replacing.ok()) << replacing.error().describe();
    EXPECT_EQ(replacing->draft.supersedes(), held_id);
    ASSERT_EQ(replacing->notes.size(), 1u);
    EXPECT_NE(replacing->notes[0].find("replaces announcement " + held_id), std::string::npos)
        << replacing->notes[0];

    // Several references held: the latest alert is the one replaced.
    CapAlert chain = update;
    chain.references = sender + ",first,2024-05-01T02:00:00+02:00 " + update.references;
    held.push_back({sender, "first", six - 4 * 3'600'000, std::string(64, 'd')});
    auto latest = import_alert(chain, ImportOptions{"VR09", sample_now_ms(), held});
    ASSERT_TRUE(latest.ok()) << latest.error().describe();
    EXPECT_EQ(latest->draft.supersedes(), held_id);

    auto alone = import_alert(update, ImportOptions{"VR09", sample_now_ms(), others});
    ASSERT_TRUE(alone.ok()) << alone.error().describe();
    EXPECT_TRUE(alone->draft.supersedes().empty());
    ASSERT_EQ(alone->notes.size(), 1u);
    EXPECT_NE(alone->notes[0].find("standalone"), std::string::npos) << alone->notes[0];

    // References that name no alert (not three parts, no CAP time) stand alone too.
    CapAlert garbled = update;
    garbled.references = sender + "," + earlier + " ,,, " + sender + "," + earlier + ",06:00";
    auto unparsed = import_alert(garbled, ImportOptions{"VR09", sample_now_ms(), held});
    ASSERT_TRUE(unparsed.ok()) << unparsed.error().describe();
    EXPECT_TRUE(unparsed->draft.supersedes().empty());

    // An Alert never supersedes, even when it names a held alert.
    CapAlert plain = update;
    plain.msg_type = "Alert";
    auto not_update = import_alert(plain, ImportOptions{"VR09", sample_now_ms(), held});
    ASSERT_TRUE(not_update.ok()) << not_update.error().describe();
    EXPECT_TRUE(not_update->draft.supersedes().empty());
}

TEST(CapImport, AHeldAlertIsFoundByItsIdentity) {
    const CapAlert alert = read("nl_alert.xml");
    const CapImport imported = import(alert);
    const v1::Message stored = message_from(imported.draft, sample_now_ms());
    const auto held = held_alert(stored, some_id());
    ASSERT_TRUE(held.has_value());
    EXPECT_EQ(*held, (HeldAlert{alert.sender, alert.identifier, alert.sent_ms, to_hex(some_id())}));
    const std::vector<HeldAlert> list{*held};
    EXPECT_EQ(find_held(list, alert), &list[0]);
    CapAlert resent = alert;
    resent.sent_ms += 1000;
    EXPECT_EQ(find_held(list, resent), nullptr);
    CapAlert other = alert;
    other.identifier += "x";
    EXPECT_EQ(find_held(list, other), nullptr);

    v1::Message native = stored;
    native.mutable_body()->mutable_announcement()->clear_cap_identifier();
    EXPECT_FALSE(held_alert(native, some_id()).has_value());
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
