// Untrusted XML: what parse_xml() and validate_cap() accept and refuse, and how they say so.
#include "cap/xml_document.h"

#include <gtest/gtest.h>

#include <chrono>

#include "cap/cap_schema.h"
#include "cap/cap_test_support.h"

namespace baken::cap {
namespace {

using testing::sample;

TEST(CapSchema, TheEmbeddedSchemaIsTheOfficialFileByteForByte) {
    std::ifstream in(BAKEN_CAP_XSD, std::ios::binary);
    std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(cap_schema_xsd(), file);
    EXPECT_NE(file.find("urn:oasis:names:tc:emergency:cap:1.2"), std::string::npos);
}

TEST(XmlDocument, ValidSampleAlertsParseAndValidate) {
    for (const char* name : {"nl_alert.xml", "knmi_warning.xml"}) {
        auto doc = parse_valid_cap(sample(name));
        EXPECT_TRUE(doc.ok()) << name << ": " << doc.error().describe();
    }
}

TEST(XmlDocument, NotXmlIsRefusedWithTheParsersLineAndWords) {
    auto doc = parse_xml(sample("invalid_not_xml.txt"));
    ASSERT_FALSE(doc.ok());
    EXPECT_EQ(doc.error().kind, CapError::Kind::not_xml);
    EXPECT_EQ(doc.error().line, 1);
    EXPECT_NE(doc.error().reason.find("Start tag expected"), std::string::npos)
        << doc.error().reason;
}

TEST(XmlDocument, EmptyAndTruncatedDocumentsAreRefused) {
    EXPECT_EQ(parse_xml("").error().kind, CapError::Kind::not_xml);
    const std::string alert = sample("nl_alert.xml");
    auto cut = parse_xml(alert.substr(0, alert.size() / 2));
    ASSERT_FALSE(cut.ok());
    EXPECT_EQ(cut.error().kind, CapError::Kind::not_xml);
    EXPECT_GT(cut.error().line, 1);
}

TEST(XmlDocument, ExternalEntitiesAreRefusedAndNeverRead) {
    auto doc = parse_xml(sample("invalid_xxe.xml"));
    ASSERT_FALSE(doc.ok());
    EXPECT_EQ(doc.error().kind, CapError::Kind::not_xml);
    EXPECT_EQ(doc.error().line, 2);
    EXPECT_NE(doc.error().reason.find("<!DOCTYPE"), std::string::npos) << doc.error().reason;
    EXPECT_EQ(doc.error().reason.find("root:"), std::string::npos);
}

TEST(XmlDocument, EntityExpansionIsRefusedAtOnce) {
    const auto start = std::chrono::steady_clock::now();
    auto doc = parse_xml(sample("invalid_billion_laughs.xml"));
    ASSERT_FALSE(doc.ok());
    EXPECT_EQ(doc.error().kind, CapError::Kind::not_xml);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST(XmlDocument, OversizedInputIsRefusedBeforeParsing) {
    std::string big = sample("nl_alert.xml");
    const std::string padding = "<!-- " + std::string(kMaxCapBytes, 'x') + " -->";
    big.insert(big.find("<alert"), padding);
    auto doc = parse_xml(big);
    ASSERT_FALSE(doc.ok());
    EXPECT_EQ(doc.error().kind, CapError::Kind::too_large);
    EXPECT_NE(doc.error().reason.find("65536"), std::string::npos) << doc.error().reason;
}

TEST(XmlDocument, AMissingRequiredElementIsRefusedWithTheSchemasReason) {
    auto doc = parse_valid_cap(sample("invalid_missing_sender.xml"));
    ASSERT_FALSE(doc.ok());
    EXPECT_EQ(doc.error().kind, CapError::Kind::invalid_cap);
    EXPECT_EQ(doc.error().line, 4);
    EXPECT_NE(doc.error().reason.find("Element 'sent': This element is not expected. "
                                      "Expected is ( sender )"),
              std::string::npos)
        << doc.error().reason;
}

TEST(XmlDocument, AWrongEnumerationValueIsRefusedWithTheSchemasReason) {
    auto doc = parse_valid_cap(sample("invalid_urgency.xml"));
    ASSERT_FALSE(doc.ok());
    EXPECT_EQ(doc.error().kind, CapError::Kind::invalid_cap);
    EXPECT_EQ(doc.error().line, 14);
    EXPECT_NE(doc.error().reason.find("'Now'"), std::string::npos) << doc.error().reason;
    EXPECT_NE(doc.error().describe().find("line 14: Element 'urgency'"), std::string::npos)
        << doc.error().describe();
}

TEST(XmlDocument, AnotherRootOrNamespaceIsNotCap) {
    auto doc = parse_valid_cap("<alert><identifier>x</identifier></alert>");
    ASSERT_FALSE(doc.ok());
    EXPECT_EQ(doc.error().kind, CapError::Kind::invalid_cap);
    EXPECT_NE(doc.error().reason.find("No matching global declaration"), std::string::npos)
        << doc.error().reason;
}

TEST(XmlDocument, AllSchemaErrorsCanBeListed) {
    std::string alert = sample("invalid_urgency.xml");
    const auto at = alert.find("<severity>Extreme");
    alert.replace(at, 17, "<severity>Awful");
    auto doc = parse_xml(alert);
    ASSERT_TRUE(doc.ok());
    std::vector<CapError> all;
    EXPECT_FALSE(validate_cap(*doc.value(), &all).ok());
    EXPECT_GE(all.size(), 1u);
}

}  // namespace
}  // namespace baken::cap
