// Replays the radio link fuzz corpus (tests/fuzz/corpus/radio_link/) through the harness the
// fuzzer runs (which aborts when an invariant breaks: callsign and lawful mode in every frame,
// the airtime budget, pacing, bounds; radio_link_harness.h), in the normal g++ and ASan builds,
// and holds every seed to what its name says:
//
//   <what>_<N>_received.bin     the victim hands out N envelopes
//   regression_<anything>.bin   only run: must not crash or break an invariant
//
// Any other name fails the test, so a seed always says what it is for.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

#include "fuzz/radio_link_harness.h"
#include "fuzz/replay/seed_files.h"

#ifndef BAKEN_RADIO_LINK_CORPUS_DIR
#error "BAKEN_RADIO_LINK_CORPUS_DIR must name tests/fuzz/corpus/radio_link"
#endif

namespace baken {
namespace {

namespace fs = std::filesystem;

const fs::path kDir = BAKEN_RADIO_LINK_CORPUS_DIR;

std::string read_seed(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

fuzz::RadioLinkOutcome replay(const fs::path& file) {
    const std::string bytes = read_seed(file);
    return fuzz::fuzz_radio_link(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

// The N of `..._<N>_received`.
std::optional<std::size_t> received_count(const std::string& stem) {
    const std::string tail = "_received";
    if (!stem.ends_with(tail)) return std::nullopt;
    const std::string head = stem.substr(0, stem.size() - tail.size());
    const std::size_t underscore = head.rfind('_');
    if (underscore == std::string::npos) return std::nullopt;
    const std::string digits = head.substr(underscore + 1);
    if (digits.empty() || !std::all_of(digits.begin(), digits.end(), ::isdigit))
        return std::nullopt;
    return std::stoul(digits);
}

class RadioLinkSeed : public ::testing::TestWithParam<fs::path> {};

TEST_P(RadioLinkSeed, MeetsTheExpectationItsNameStates) {
    const fs::path& file = GetParam();
    ASSERT_EQ(file.extension(), ".bin") << "seeds are named <what>.bin";
    const auto outcome = replay(file);
    const std::string stem = file.stem().string();
    if (stem.rfind("regression_", 0) == 0) return;
    auto n = received_count(stem);
    ASSERT_TRUE(n.has_value()) << stem << " must end in _<N>_received";
    EXPECT_EQ(outcome.received.size(), *n);
}

INSTANTIATE_TEST_SUITE_P(Corpus, RadioLinkSeed, ::testing::ValuesIn(fuzz::seed_files(kDir)),
                         fuzz::seed_test_name);

TEST(RadioLinkCorpus, IsThereAndSmall) {
    fuzz::expect_corpus_there_and_small(kDir);
}

// The seeds between them make the victim send every type of link frame and take in
// envelopes, so the fuzzer starts from every corner of the protocol.
TEST(RadioLinkCorpus, MakesTheVictimSendEveryFrameTypeAndReceive) {
    fuzz::RadioLinkOutcome sum;
    for (const auto& f : fuzz::seed_files(kDir)) {
        const auto o = replay(f);
        sum.summaries += o.summaries;
        sum.symbol_requests += o.symbol_requests;
        sum.symbols += o.symbols;
        sum.wants += o.wants;
        sum.data += o.data;
        sum.missing += o.missing;
        sum.refused += o.refused;
        sum.received.insert(sum.received.end(), o.received.begin(), o.received.end());
    }
    EXPECT_GT(sum.summaries, 0u);
    EXPECT_GT(sum.symbol_requests, 0u);
    EXPECT_GT(sum.symbols, 0u);
    EXPECT_GT(sum.wants, 0u);
    EXPECT_GT(sum.data, 0u);
    EXPECT_GT(sum.missing, 0u);
    EXPECT_GT(sum.refused, 0u);
    EXPECT_FALSE(sum.received.empty());
}

// A script past its end reads zeros: an empty input and a header alone run and stop.
TEST(RadioLinkHarness, EmptyAndHeaderOnlyInputsRun) {
    EXPECT_TRUE(fuzz::fuzz_radio_link(nullptr, 0).sent.empty());
    const fuzz::RadioLinkScript script({200, false, false, true, 0, 0x01});  // a fresh flash
    const std::string& bytes = script.bytes();
    const auto outcome =
        fuzz::fuzz_radio_link(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    EXPECT_EQ(outcome.steps, 0u);
    EXPECT_FALSE(outcome.sent.empty()) << "a fresh flash message is pushed at once";
}

}  // namespace
}  // namespace baken
