// Replays the radio codec fuzz corpora (tests/fuzz/corpus/kiss_decoder/, ax25_parser/,
// fragment_reassembly/) through the harnesses the fuzzers run (which abort when an invariant
// breaks), in the normal g++ and ASan builds, and holds every seed to what its name says:
//
//   kiss_decoder         <what>_<N>_frames[_oversized|_bad_escape].bin   N frames handed out;
//                        with a suffix, frames were dropped for that reason (and no other);
//                        without, none were dropped
//   ax25_parser          <what>_ok.bin, or <what>_<error>.bin with ax25_error_name()
//   fragment_reassembly  <what>_<N>_completed.bin   N payloads completed
//   regression_<anything>.bin   (any corpus) only run: must not crash or break an invariant
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

#include "fuzz/ax25_parser_harness.h"
#include "fuzz/fragment_reassembly_harness.h"
#include "fuzz/kiss_decoder_harness.h"
#include "fuzz/replay/seed_files.h"

#ifndef BAKEN_RADIO_CORPUS_ROOT
#error "BAKEN_RADIO_CORPUS_ROOT must name tests/fuzz/corpus"
#endif

namespace baken {
namespace {

namespace fs = std::filesystem;
using radio::Ax25Error;

const fs::path kRoot = BAKEN_RADIO_CORPUS_ROOT;

constexpr Ax25Error kAx25Errors[] = {Ax25Error::too_short, Ax25Error::bad_address,
                                     Ax25Error::too_many_digipeaters, Ax25Error::not_ui_frame,
                                     Ax25Error::no_info};

std::string read_seed(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const std::uint8_t* data_of(const std::string& s) {
    return reinterpret_cast<const std::uint8_t*>(s.data());
}

bool is_regression(const std::string& stem) {
    return stem.rfind("regression_", 0) == 0;
}

class KissDecoderSeed : public ::testing::TestWithParam<fs::path> {};

TEST_P(KissDecoderSeed, MeetsTheExpectationItsNameStates) {
    const fs::path& file = GetParam();
    ASSERT_EQ(file.extension(), ".bin") << "seeds are named <what>.bin";
    const std::string bytes = read_seed(file);
    const auto outcome = fuzz::fuzz_kiss_decoder(data_of(bytes), bytes.size());
    const std::string stem = file.stem().string();
    if (is_regression(stem)) return;
    for (const std::string suffix : {"frames", "frames_oversized", "frames_bad_escape"}) {
        auto n = fuzz::count_before(stem, suffix);
        if (!n) continue;
        EXPECT_EQ(outcome.frames, *n);
        EXPECT_EQ(outcome.oversized > 0, suffix == "frames_oversized");
        EXPECT_EQ(outcome.bad_escape > 0, suffix == "frames_bad_escape");
        return;
    }
    FAIL() << stem << " must end in _<N>_frames, optionally _oversized or _bad_escape";
}

INSTANTIATE_TEST_SUITE_P(Corpus, KissDecoderSeed,
                         ::testing::ValuesIn(fuzz::seed_files(kRoot / "kiss_decoder")),
                         fuzz::seed_test_name);

class Ax25ParserSeed : public ::testing::TestWithParam<fs::path> {};

TEST_P(Ax25ParserSeed, MeetsTheExpectationItsNameStates) {
    const fs::path& file = GetParam();
    ASSERT_EQ(file.extension(), ".bin") << "seeds are named <what>.bin";
    const std::string bytes = read_seed(file);
    const auto outcome = fuzz::fuzz_ax25_parser(data_of(bytes), bytes.size());
    const std::string stem = file.stem().string();
    if (is_regression(stem)) return;
    if (stem.ends_with("_ok")) {
        EXPECT_FALSE(outcome.error.has_value())
            << "parsed as " << radio::ax25_error_name(*outcome.error);
        return;
    }
    for (Ax25Error e : kAx25Errors) {
        if (!stem.ends_with("_" + std::string(radio::ax25_error_name(e)))) continue;
        ASSERT_TRUE(outcome.error.has_value()) << stem << " parsed";
        EXPECT_EQ(radio::ax25_error_name(*outcome.error), radio::ax25_error_name(e));
        return;
    }
    FAIL() << stem << " must end in _ok or _<the name of an Ax25Error>";
}

INSTANTIATE_TEST_SUITE_P(Corpus, Ax25ParserSeed,
                         ::testing::ValuesIn(fuzz::seed_files(kRoot / "ax25_parser")),
                         fuzz::seed_test_name);

class FragmentReassemblySeed : public ::testing::TestWithParam<fs::path> {};

TEST_P(FragmentReassemblySeed, MeetsTheExpectationItsNameStates) {
    const fs::path& file = GetParam();
    ASSERT_EQ(file.extension(), ".bin") << "seeds are named <what>.bin";
    const std::string bytes = read_seed(file);
    const auto outcome = fuzz::fuzz_fragment_reassembly(data_of(bytes), bytes.size());
    const std::string stem = file.stem().string();
    if (is_regression(stem)) return;
    auto n = fuzz::count_before(stem, "completed");
    ASSERT_TRUE(n.has_value()) << stem << " must end in _<N>_completed";
    EXPECT_EQ(outcome.completed, *n);
}

INSTANTIATE_TEST_SUITE_P(Corpus, FragmentReassemblySeed,
                         ::testing::ValuesIn(fuzz::seed_files(kRoot / "fragment_reassembly")),
                         fuzz::seed_test_name);

TEST(RadioCorpora, AreThereAndSmall) {
    for (const char* name : {"kiss_decoder", "ax25_parser", "fragment_reassembly"}) {
        const auto files = fuzz::seed_files(kRoot / name);
        ASSERT_FALSE(files.empty()) << "no seeds in " << (kRoot / name);
        std::uintmax_t total = 0;
        for (const auto& f : files) total += fs::file_size(f);
        EXPECT_LT(files.size(), 100u) << name;
        EXPECT_LT(total, 200u * 1024) << name;
    }
}

// Every parse error is in the AX.25 corpus at least once, and a frame that parses.
TEST(RadioCorpora, Ax25HasASeedForEveryOutcome) {
    std::set<std::string> stems;
    for (const auto& f : fuzz::seed_files(kRoot / "ax25_parser")) stems.insert(f.stem().string());
    auto has_suffix = [&](const std::string& suffix) {
        return std::any_of(stems.begin(), stems.end(),
                           [&](const std::string& s) { return s.ends_with("_" + suffix); });
    };
    EXPECT_TRUE(has_suffix("ok"));
    for (Ax25Error e : kAx25Errors) {
        const std::string name(radio::ax25_error_name(e));
        EXPECT_TRUE(has_suffix(name)) << "no seed ends in _" << name;
    }
}

// Frames dropped for size and for a bad escape are both in the KISS corpus.
TEST(RadioCorpora, KissHasSeedsForEveryDrop) {
    std::set<std::string> stems;
    for (const auto& f : fuzz::seed_files(kRoot / "kiss_decoder")) stems.insert(f.stem().string());
    for (const char* suffix : {"_frames", "_frames_oversized", "_frames_bad_escape"}) {
        EXPECT_TRUE(std::any_of(stems.begin(), stems.end(),
                                [&](const std::string& s) { return s.ends_with(suffix); }))
            << "no seed ends in " << suffix;
    }
}

}  // namespace
}  // namespace baken
