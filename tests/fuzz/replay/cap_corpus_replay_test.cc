// Replays the CAP reader fuzz corpus (tests/fuzz/corpus/cap/) through the harness the fuzzer
// runs (which aborts when an invariant breaks), in the normal g++ and ASan builds, and holds
// every seed to what its name says: <what>_<outcome>.xml with outcome imported | unsupported |
// no_area | not_xml | invalid_cap | too_large; regression_<anything> only has to run.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz/cap_reader_harness.h"
#include "fuzz/replay/seed_files.h"

#ifndef BAKEN_CAP_CORPUS_DIR
#error "BAKEN_CAP_CORPUS_DIR must name tests/fuzz/corpus/cap"
#endif

namespace baken {
namespace {

namespace fs = std::filesystem;
using fuzz::CapOutcome;
using Kind = cap::CapError::Kind;

class CapSeed : public ::testing::TestWithParam<fs::path> {};

TEST_P(CapSeed, MeetsTheExpectationItsNameStates) {
    const fs::path& file = GetParam();
    std::ifstream in(file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto result =
        fuzz::fuzz_cap_reader(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    const std::string stem = file.stem().string();
    if (stem.rfind("regression_", 0) == 0) return;
    if (stem.ends_with("_imported")) {
        EXPECT_EQ(result.outcome, CapOutcome::imported);
    } else if (stem.ends_with("_unsupported")) {
        EXPECT_EQ(result.outcome, CapOutcome::unsupported);
    } else if (stem.ends_with("_no_area")) {
        EXPECT_EQ(result.outcome, CapOutcome::no_area);
    } else if (stem.ends_with("_not_xml")) {
        EXPECT_EQ(result.outcome, CapOutcome::refused);
        EXPECT_EQ(result.error_kind, Kind::not_xml);
    } else if (stem.ends_with("_invalid_cap")) {
        EXPECT_EQ(result.outcome, CapOutcome::refused);
        EXPECT_EQ(result.error_kind, Kind::invalid_cap);
    } else if (stem.ends_with("_too_large")) {
        EXPECT_EQ(result.outcome, CapOutcome::refused);
        EXPECT_EQ(result.error_kind, Kind::too_large);
    } else {
        ADD_FAILURE() << stem << ": the name must end in an outcome (see the file comment)";
    }
}

INSTANTIATE_TEST_SUITE_P(Corpus, CapSeed,
                         ::testing::ValuesIn(fuzz::seed_files(BAKEN_CAP_CORPUS_DIR)),
                         fuzz::seed_test_name);

TEST(CapCorpus, IsThereAndSmall) {
    fuzz::expect_corpus_there_and_small(BAKEN_CAP_CORPUS_DIR, 300u * 1024);
}

}  // namespace
}  // namespace baken
