// Replays the bundle reader fuzz corpus (tests/fuzz/corpus/bundle_reader/) through the harness
// the fuzzer runs (which aborts when an invariant breaks), in the normal g++ and ASan builds,
// and holds every seed to what its name says:
//
//   <what>_<N>_messages_<outcome>.bin   N messages read, then outcome = verified (the trailer
//                                       matched, no damage at all) or the name of the first
//                                       damage reported (damage_name(), e.g. truncated)
//   regression_<anything>.bin           only run: must not crash or break an invariant
//
// Any other name fails the test, so a seed always says what it is for.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fuzz/bundle_reader_harness.h"
#include "fuzz/replay/seed_files.h"

#ifndef BAKEN_BUNDLE_READER_CORPUS_DIR
#error "BAKEN_BUNDLE_READER_CORPUS_DIR must name tests/fuzz/corpus/bundle_reader"
#endif

namespace baken {
namespace {

namespace fs = std::filesystem;
using bundle::DamageKind;

constexpr DamageKind kKinds[] = {
    DamageKind::not_a_bundle,     DamageKind::unsupported_version, DamageKind::bad_header,
    DamageKind::framing_lost,     DamageKind::record_damaged,      DamageKind::truncated,
    DamageKind::trailer_mismatch, DamageKind::bad_signature,       DamageKind::trailing_bytes,
};

// The N of `..._<N>_messages_<outcome>`, if the name has one.
std::optional<std::size_t> message_count(const std::string& stem, const std::string& outcome) {
    return fuzz::count_before(stem, "messages_" + outcome);
}

class BundleReaderSeed : public ::testing::TestWithParam<fs::path> {};

TEST_P(BundleReaderSeed, MeetsTheExpectationItsNameStates) {
    const fs::path& file = GetParam();
    ASSERT_EQ(file.extension(), ".bin") << "seeds are named <what>.bin";
    std::ifstream in(file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto outcome =
        fuzz::fuzz_bundle_reader(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    const std::string stem = file.stem().string();
    if (stem.rfind("regression_", 0) == 0) return;

    if (auto n = message_count(stem, "verified")) {
        EXPECT_EQ(outcome.messages, *n);
        EXPECT_TRUE(outcome.header);
        EXPECT_TRUE(outcome.verified);
        EXPECT_TRUE(outcome.damage.empty());
        return;
    }
    for (DamageKind kind : kKinds) {
        const std::string name(bundle::damage_name(kind));
        auto n = message_count(stem, name);
        if (!n) continue;
        EXPECT_EQ(outcome.messages, *n);
        ASSERT_FALSE(outcome.damage.empty()) << stem;
        EXPECT_EQ(bundle::damage_name(outcome.damage.front()), name);
        // Only bytes after a matching trailer leave the bundle verified.
        EXPECT_EQ(outcome.verified, kind == DamageKind::trailing_bytes);
        return;
    }
    FAIL() << stem << " must end in _<N>_messages_ and verified or the name of a damage";
}

INSTANTIATE_TEST_SUITE_P(Corpus, BundleReaderSeed,
                         ::testing::ValuesIn(fuzz::seed_files(BAKEN_BUNDLE_READER_CORPUS_DIR)),
                         fuzz::seed_test_name);

TEST(BundleReaderCorpus, IsThereAndSmall) {
    fuzz::expect_corpus_there_and_small(BAKEN_BUNDLE_READER_CORPUS_DIR);
}

// Every kind of damage is in the corpus at least once, as the first one reported.
TEST(BundleReaderCorpus, HasASeedForEveryDamage) {
    std::set<std::string> stems;
    for (const auto& f : fuzz::seed_files(BAKEN_BUNDLE_READER_CORPUS_DIR))
        stems.insert(f.stem().string());
    for (DamageKind kind : kKinds) {
        const std::string name(bundle::damage_name(kind));
        const bool found = std::any_of(stems.begin(), stems.end(), [&](const std::string& s) {
            return message_count(s, name).has_value();
        });
        EXPECT_TRUE(found) << "no seed ends in _messages_" << name;
    }
}

}  // namespace
}  // namespace baken
