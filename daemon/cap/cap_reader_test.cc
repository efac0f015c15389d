// What read_cap() takes from an alert, and what it refuses.
#include "cap/cap_reader.h"

#include <gtest/gtest.h>

#include "cap/cap_test_support.h"

namespace baken::cap {
namespace {

using testing::sample;

TEST(CapReader, ReadsAnNlAlertLikeAlert) {
    auto alert = read_cap(sample("nl_alert.xml"));
    ASSERT_TRUE(alert.ok()) << alert.error().describe();
    EXPECT_EQ(alert->identifier, "2.49.0.0.528.0.NL.20240501.123000.42");
    EXPECT_EQ(alert->sender, "nl-alert@veiligheidsregio-utrecht.invalid");
    EXPECT_EQ(alert->sent_ms, parse_cap_time("2024-05-01T14:30:00+02:00")->unix_ms);
    EXPECT_EQ(alert->utc_offset_minutes, 120);
    EXPECT_EQ(alert->status, "Actual");
    EXPECT_EQ(alert->msg_type, "Alert");
    EXPECT_EQ(alert->scope, "Public");
    ASSERT_EQ(alert->infos.size(), 1u);
    const CapInfo& info = alert->infos[0];
    EXPECT_EQ(info.language, "nl-NL");
    EXPECT_EQ(info.categories, std::vector<std::string>{"Fire"});
    EXPECT_EQ(info.event, "Grote brand");
    EXPECT_EQ(info.response_types, std::vector<std::string>{"Shelter"});
    EXPECT_EQ(info.urgency, "Immediate");
    EXPECT_EQ(info.severity, "Extreme");
    EXPECT_EQ(info.certainty, "Observed");
    EXPECT_FALSE(info.effective_ms);
    EXPECT_EQ(info.expires_ms, parse_cap_time("2024-05-01T20:30:00+02:00")->unix_ms);
    EXPECT_EQ(info.headline, "Grote brand in Overvecht: ramen en deuren dicht");
    EXPECT_EQ(info.web, "https://www.nl-alert.nl/");
    ASSERT_EQ(info.areas.size(), 1u);
    EXPECT_EQ(info.areas[0].description, "Utrecht, Overvecht");
    ASSERT_EQ(info.areas[0].polygons.size(), 1u);
    EXPECT_EQ(info.areas[0].geocodes, (std::vector<CapPair>{{"CBS", "GM0344"}}));
}

TEST(CapReader, ReadsAWeatherWarningInTwoLanguages) {
    auto alert = read_cap(sample("knmi_warning.xml"));
    ASSERT_TRUE(alert.ok()) << alert.error().describe();
    EXPECT_EQ(alert->msg_type, "Update");
    EXPECT_EQ(alert->codes, std::vector<std::string>{"SAME"});
    EXPECT_NE(alert->references.find("wind.6"), std::string::npos);
    ASSERT_EQ(alert->infos.size(), 2u);
    EXPECT_EQ(alert->infos[0].language, "nl-NL");
    EXPECT_EQ(alert->infos[1].language, "en-GB");
    EXPECT_EQ(alert->infos[1].event, "Severe gusts");
    EXPECT_EQ(alert->infos[0].parameters,
              (std::vector<CapPair>{{"awareness_level", "3; orange; Severe"}}));
    EXPECT_EQ(alert->infos[0].areas.size(), 2u);
    EXPECT_TRUE(alert->infos[0].onset_ms);
    EXPECT_NE(alert->infos[0].description.find("\nEr kan schade"), std::string::npos);
}

TEST(CapReader, RefusesInvalidAlertsWithTheSchemasReason) {
    auto missing = read_cap(sample("invalid_missing_sender.xml"));
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().kind, CapError::Kind::invalid_cap);
    EXPECT_NE(missing.error().reason.find("Expected is ( sender )"), std::string::npos);

    auto urgency = read_cap(sample("invalid_urgency.xml"));
    ASSERT_FALSE(urgency.ok());
    EXPECT_EQ(urgency.error().kind, CapError::Kind::invalid_cap);
    EXPECT_EQ(urgency.error().line, 14);

    EXPECT_EQ(read_cap(sample("invalid_not_xml.txt")).error().kind, CapError::Kind::not_xml);
    EXPECT_EQ(read_cap(sample("invalid_xxe.xml")).error().kind, CapError::Kind::not_xml);
    EXPECT_EQ(read_cap(sample("invalid_billion_laughs.xml")).error().kind, CapError::Kind::not_xml);
}

TEST(CapReader, ACommaAsOffsetSignPassesTheSchemaPatternButIsNoTime) {
    std::string alert = sample("nl_alert.xml");
    alert.replace(alert.find("14:30:00+02:00"), 14, "14:30:00,02:00");
    auto read = read_cap(alert);
    ASSERT_FALSE(read.ok());
    EXPECT_EQ(read.error().kind, CapError::Kind::invalid_cap);
    EXPECT_NE(read.error().reason.find("Element 'sent'"), std::string::npos) << read.error().reason;
}

}  // namespace
}  // namespace baken::cap
