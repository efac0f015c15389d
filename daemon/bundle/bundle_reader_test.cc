// The bundle format, read back: round trips in any chunking, the golden file, and where the
// reader says damage starts for each kind of damage.
#include "bundle/bundle_reader.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "baken/v1/bundle.pb.h"
#include "bundle/bundle_test_support.h"

namespace baken::bundle {
namespace {

using testing::read_all;
using testing::sample_messages;
using testing::write_bundle;

std::vector<MessageRecordRead> messages_in(const std::vector<BundleEvent>& events) {
    std::vector<MessageRecordRead> out;
    for (const auto& e : events)
        if (auto* m = std::get_if<MessageRecordRead>(&e)) out.push_back(*m);
    return out;
}

std::vector<Damage> damage_in(const std::vector<BundleEvent>& events) {
    std::vector<Damage> out;
    for (const auto& e : events)
        if (auto* d = std::get_if<Damage>(&e)) out.push_back(*d);
    return out;
}

bool verified(const std::vector<BundleEvent>& events) {
    for (const auto& e : events)
        if (std::holds_alternative<BundleVerified>(e)) return true;
    return false;
}

// Where the i-th message record starts in a bundle written by write_bundle().
std::uint64_t offset_of_message(const std::string& bundle, int i) {
    auto records = messages_in(read_all(bundle));
    return records.at(static_cast<std::size_t>(i)).offset;
}

TEST(BundleReader, ReadsBackEveryMessageExactlyAndVerifiesTheTrailer) {
    auto messages = sample_messages(5);
    std::string bundle = write_bundle(messages);
    for (std::size_t chunk : {1u, 7u, 4096u, 1u << 20}) {
        auto events = read_all(bundle, chunk);
        ASSERT_TRUE(std::holds_alternative<BundleHeaderRead>(events.front()));
        auto header = std::get<BundleHeaderRead>(events.front());
        EXPECT_EQ(header.exporter, testing::exporter().public_key());
        EXPECT_EQ(header.exporter_name, "Steunpunt De Linde");
        auto records = messages_in(events);
        ASSERT_EQ(records.size(), messages.size()) << "chunk " << chunk;
        for (std::size_t i = 0; i < records.size(); ++i)
            EXPECT_EQ(records[i].envelope_bytes, messages[i].envelope_bytes);
        EXPECT_TRUE(verified(events));
        EXPECT_TRUE(damage_in(events).empty());
    }
}

TEST(BundleReader, AnEmptyBundleIsValid) {
    auto events = read_all(write_bundle({}));
    EXPECT_TRUE(verified(events));
    EXPECT_TRUE(messages_in(events).empty());
}

// The golden file pins the format: a change that alters these bytes changes the format and
// needs a new format version (docs/bundle-format.md). BAKEN_UPDATE_GOLDEN=1 rewrites it.
TEST(BundleReader, WriterOutputMatchesTheGoldenFile) {
    std::string bundle = write_bundle(sample_messages(3));
    std::string path = std::string(BAKEN_BUNDLE_TESTDATA) + "/three-sitreps.bkn";
    if (std::getenv("BAKEN_UPDATE_GOLDEN")) std::ofstream(path, std::ios::binary) << bundle;
    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in) << path;
    std::string golden((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(golden, bundle);
    EXPECT_TRUE(verified(read_all(golden)));
    EXPECT_EQ(messages_in(read_all(golden)).size(), 3u);
}

TEST(BundleReader, AnEmptyFileIsNotABundle) {
    auto damage = damage_in(read_all(""));
    ASSERT_EQ(damage.size(), 1u);
    EXPECT_EQ(damage[0].kind, DamageKind::not_a_bundle);
    EXPECT_TRUE(damage[0].fatal);
}

TEST(BundleReader, ATextFileIsNotABundle) {
    auto damage = damage_in(read_all("Dit is geen bundel maar een boodschappenlijst.\n"));
    ASSERT_EQ(damage.size(), 1u);
    EXPECT_EQ(damage[0].kind, DamageKind::not_a_bundle);
}

TEST(BundleReader, ATruncatedBundleYieldsEveryWholeMessageThenSaysWhereItEnds) {
    std::string bundle = write_bundle(sample_messages(5));
    std::uint64_t third = offset_of_message(bundle, 2);
    std::string cut = bundle.substr(0, third + 20);
    auto events = read_all(cut);
    EXPECT_EQ(messages_in(events).size(), 2u);
    auto damage = damage_in(events);
    ASSERT_EQ(damage.size(), 1u);
    EXPECT_EQ(damage[0].kind, DamageKind::truncated);
    EXPECT_EQ(damage[0].offset, third);
    EXPECT_FALSE(verified(events));
}

TEST(BundleReader, FlippedBytesInAMessageSkipThatRecordAndReadOn) {
    std::string bundle = write_bundle(sample_messages(5));
    std::uint64_t second = offset_of_message(bundle, 1);
    bundle[second + 40] = static_cast<char>(bundle[second + 40] ^ 0x5A);
    auto events = read_all(bundle);
    auto records = messages_in(events);
    EXPECT_EQ(records.size(), 4u);
    auto damage = damage_in(events);
    ASSERT_EQ(damage.size(), 2u);
    EXPECT_EQ(damage[0].kind, DamageKind::record_damaged);
    EXPECT_EQ(damage[0].offset, second);
    EXPECT_FALSE(damage[0].fatal);
    EXPECT_EQ(damage[1].kind, DamageKind::trailer_mismatch);  // the content changed
    EXPECT_FALSE(verified(events));
}

TEST(BundleReader, ADamagedLengthStopsTheReadingWhereFramingIsLost) {
    std::string bundle = write_bundle(sample_messages(5));
    std::uint64_t third = offset_of_message(bundle, 2);
    bundle[third + 1] = static_cast<char>(0x7F);  // a length of about 2 GB
    auto events = read_all(bundle);
    EXPECT_EQ(messages_in(events).size(), 2u);
    auto damage = damage_in(events);
    ASSERT_EQ(damage.size(), 1u);
    EXPECT_EQ(damage[0].kind, DamageKind::framing_lost);
    EXPECT_EQ(damage[0].offset, third);
    EXPECT_TRUE(damage[0].fatal);
}

TEST(BundleReader, ATrailerSignatureThatDoesNotVerifyIsReported) {
    std::string bundle = testing::with_bad_trailer_signature(write_bundle(sample_messages(3)));
    auto events = read_all(bundle);
    EXPECT_EQ(messages_in(events).size(), 3u);
    auto damage = damage_in(events);
    ASSERT_EQ(damage.size(), 1u);
    EXPECT_EQ(damage[0].kind, DamageKind::bad_signature);
    EXPECT_FALSE(verified(events));
}

TEST(BundleReader, RecordsSwappedInFromAnotherExportersBundleFailTheContentHash) {
    auto messages = sample_messages(3);
    std::string genuine = write_bundle(messages);
    std::string other = write_bundle(messages, Identity::generate());
    std::uint64_t first = offset_of_message(genuine, 0);
    auto damage = damage_in(read_all(genuine.substr(0, first) + other.substr(first)));
    ASSERT_EQ(damage.size(), 1u);
    EXPECT_EQ(damage[0].kind, DamageKind::trailer_mismatch);
}

TEST(BundleReader, BytesAfterTheTrailerAreReportedOnce) {
    std::string bundle = write_bundle(sample_messages(2)) + std::string(100, 'x');
    auto events = read_all(bundle);
    EXPECT_TRUE(verified(events));
    auto damage = damage_in(events);
    ASSERT_EQ(damage.size(), 1u);
    EXPECT_EQ(damage[0].kind, DamageKind::trailing_bytes);
}

TEST(BundleReader, AMessageBeforeTheHeaderIsFramingLost) {
    std::string bundle = write_bundle(sample_messages(2));
    std::uint64_t first = offset_of_message(bundle, 0);
    std::string headless = bundle.substr(0, kMagic.size()) + bundle.substr(first);
    auto damage = damage_in(read_all(headless));
    ASSERT_EQ(damage.size(), 1u);
    EXPECT_EQ(damage[0].kind, DamageKind::framing_lost);
    EXPECT_EQ(damage[0].offset, kMagic.size());
}

TEST(BundleReader, ANewerFormatVersionIsRefusedWithItsNumber) {
    v1::BundleHeader header;
    header.set_format_version(2);
    header.set_exporter(std::string(32, 'k'));
    std::string body = header.SerializeAsString();
    Bytes record = encode_record(RecordType::header, as_bytes(body));
    std::string file(kMagic.begin(), kMagic.end());
    file.append(as_chars(record));
    auto damage = damage_in(read_all(file));
    ASSERT_EQ(damage.size(), 1u);
    EXPECT_EQ(damage[0].kind, DamageKind::unsupported_version);
    EXPECT_NE(damage[0].detail.find("format 2"), std::string::npos);
}

}  // namespace
}  // namespace baken::bundle
