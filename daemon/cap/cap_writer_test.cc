// Written CAP is valid: by the embedded schema in-process, and by xmllint on its own.
#include "cap/cap_writer.h"

#include <gtest/gtest.h>

#include "cap/cap_mapping.h"
#include "cap/cap_reader.h"
#include "cap/cap_test_support.h"
#include "cap/xml_document.h"

namespace baken::cap {
namespace {

using testing::message_from;
using testing::sample;
using testing::sample_now_ms;
using testing::some_id;
using testing::xmllint_validate;

v1::Draft native_draft(std::string headline) {
    v1::Draft draft;
    draft.set_precedence(v1::IMMEDIATE);
    v1::Announcement& a = *draft.mutable_body()->mutable_announcement();
    a.set_audience_area("GM0344-SP07");
    a.mutable_headline()->set_nl(std::move(headline));
    a.mutable_text()->set_nl("Noodsteunpunt open van 8 tot 20 uur.\nNeem een legitimatie mee.");
    a.mutable_instruction()->set_nl("Kom alleen als het nodig is & neem water mee <1 liter>.");
    a.set_category(v1::SAFETY);
    a.set_urgency(v1::URGENCY_EXPECTED);
    a.set_severity(v1::SEVERITY_MINOR);
    a.set_certainty(v1::CERTAINTY_OBSERVED);
    a.set_effective_ms(sample_now_ms() - 60'000);
    return draft;
}

TEST(CapWriter, ANativeAnnouncementExportsAsValidCap) {
    const v1::Message stored =
        message_from(native_draft("Noodsteunpunt De Linde open"), sample_now_ms());
    auto xml = write_cap(export_alert(stored, some_id()));
    ASSERT_TRUE(xml.ok()) << xml.error().describe();
    std::string words;
    EXPECT_EQ(xmllint_validate(*xml, &words), 0) << words << *xml;
    EXPECT_NE(xml->find("<identifier>baken-" + to_hex(some_id()) + "</identifier>"),
              std::string::npos);
    EXPECT_NE(xml->find("&amp; neem water mee &lt;1 liter&gt;"), std::string::npos) << *xml;
    auto read = read_cap(*xml);
    ASSERT_TRUE(read.ok()) << read.error().describe();
    EXPECT_EQ(read->infos[0].areas[0].description, "GM0344-SP07");
    EXPECT_TRUE(read->infos[0].areas[0].geocodes.empty());
}

TEST(CapWriter, ImportedSamplesExportAsValidCapAccordingToXmllint) {
    for (const char* name : {"nl_alert.xml", "knmi_warning.xml"}) {
        auto alert = read_cap(sample(name));
        ASSERT_TRUE(alert.ok());
        auto imported = import_alert(*alert, ImportOptions{"GM0344", sample_now_ms()});
        ASSERT_TRUE(imported.ok());
        auto xml =
            write_cap(export_alert(message_from(imported->draft, sample_now_ms()), some_id()));
        ASSERT_TRUE(xml.ok()) << xml.error().describe();
        std::string words;
        EXPECT_EQ(xmllint_validate(*xml, &words), 0) << name << ": " << words;
        EXPECT_NE(xml->find("<sent>" +
                            std::string(name[0] == 'n' ? "2024-05-01T14:30:00+02:00"
                                                       : "2024-05-01T10:00:00+02:00") +
                            "</sent>"),
                  std::string::npos)
            << *xml;
    }
}

TEST(CapWriter, XmllintAgreesWithTheEmbeddedSchemaOnTheInvalidSamples) {
    for (const char* name : {"invalid_missing_sender.xml", "invalid_urgency.xml"}) {
        EXPECT_NE(xmllint_validate(sample(name)), 0) << name;
        EXPECT_FALSE(parse_valid_cap(sample(name)).ok()) << name;
    }
}

TEST(CapWriter, ControlCharactersAreLeftOutNotWrittenAsBrokenXml) {
    const v1::Message stored =
        message_from(native_draft("Stroom\x01uitval\x1b[31m in de wijk\t"), sample_now_ms());
    auto xml = write_cap(export_alert(stored, some_id()));
    ASSERT_TRUE(xml.ok()) << xml.error().describe();
    auto read = read_cap(*xml);
    ASSERT_TRUE(read.ok());
    EXPECT_EQ(read->infos[0].headline, "Stroomuitval[31m in de wijk\t");
}

TEST(CapWriter, AnIncompleteAlertIsAnErrorNotInvalidCap) {
    CapAlert alert;  // no status, msgType, scope
    alert.identifier = "x";
    alert.sender = "y";
    auto xml = write_cap(alert);
    ASSERT_FALSE(xml.ok());
    EXPECT_EQ(xml.error().kind, CapError::Kind::internal);
    EXPECT_NE(xml.error().reason.find("status"), std::string::npos) << xml.error().reason;
}

TEST(AtomFeed, ListsEachAlertWithItsCapLink) {
    Feed feed;
    feed.id = "urn:baken:node:ab:cap";
    feed.title = "Baken CAP alerts";
    feed.author = "Gemeentehuis <Utrecht>";
    feed.self_href = "/api/v1/export/cap";
    feed.updated_ms = sample_now_ms();
    feed.entries.push_back(
        {"urn:baken:message:01", "Brand & rook", "", sample_now_ms(), "/api/v1/export/cap/01"});
    feed.entries.push_back(
        {"urn:baken:message:02", "Water", "x", sample_now_ms(), "/api/v1/export/cap/02"});
    auto xml = write_atom_feed(feed);
    ASSERT_TRUE(xml.ok());
    EXPECT_NE(xml->find("<feed xmlns=\"http://www.w3.org/2005/Atom\">"), std::string::npos) << *xml;
    EXPECT_NE(xml->find("<updated>2024-05-01T13:00:00Z</updated>"), std::string::npos) << *xml;
    auto links = read_atom_feed_links(*xml);
    ASSERT_TRUE(links.ok()) << links.error().describe();
    EXPECT_EQ(*links, (std::vector<std::string>{"/api/v1/export/cap/01", "/api/v1/export/cap/02"}));
    EXPECT_FALSE(read_atom_feed_links(sample("nl_alert.xml")).ok());
}

}  // namespace
}  // namespace baken::cap
