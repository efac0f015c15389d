// Replays the modem serial fuzz corpus (tests/fuzz/corpus/modem_serial/) through the harness
// the fuzzer runs (which aborts when an invariant breaks), in the normal g++ and ASan builds,
// and holds every seed to what its name says:
//
//   <what>_<N>_on_air[_oversized][_bad_escape][_held][_dropped][_faulted][_heard].bin
//       N frames went on the air; each suffix is there exactly when the modem counted a host
//       frame dropped as oversized / with a bad escape, told the host of a duty-cycle hold,
//       told the host of a dropped frame, counted a radio fault (a `fault` event, an overdue
//       channel check or transmission), gave the host a frame heard on the air
//   regression_<anything>.bin   only run: must not crash or break an invariant
//
// Any other name fails the test, so a seed always says what it is for.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "fuzz/modem_serial_harness.h"
#include "fuzz/replay/seed_files.h"

#ifndef BAKEN_MODEM_SERIAL_CORPUS_DIR
#error "BAKEN_MODEM_SERIAL_CORPUS_DIR must name tests/fuzz/corpus/modem_serial"
#endif

namespace baken {
namespace {

namespace fs = std::filesystem;

const fs::path kDir = BAKEN_MODEM_SERIAL_CORPUS_DIR;
constexpr const char* kSuffixes[] = {"oversized", "bad_escape", "held",
                                     "dropped",   "faulted",    "heard"};

std::string read_seed(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Which of kSuffixes follow "_on_air", in that order; false if anything else does.
bool parse_suffixes(std::string tail, std::set<std::string>& named) {
    for (const std::string word : kSuffixes) {
        if (tail.rfind("_" + word, 0) != 0) continue;
        named.insert(word);
        tail.erase(0, word.size() + 1);
    }
    return tail.empty();
}

class ModemSerialSeed : public ::testing::TestWithParam<fs::path> {};

TEST_P(ModemSerialSeed, MeetsTheExpectationItsNameStates) {
    const fs::path& file = GetParam();
    ASSERT_EQ(file.extension(), ".bin") << "seeds are named <what>.bin";
    const std::string bytes = read_seed(file);
    const auto outcome =
        fuzz::fuzz_modem_serial(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    const std::string stem = file.stem().string();
    if (stem.rfind("regression_", 0) == 0) return;

    const std::size_t at = stem.rfind("_on_air");
    ASSERT_NE(at, std::string::npos) << stem << " must contain _<N>_on_air";
    const auto n = fuzz::count_before(stem.substr(0, at + 7), "on_air");
    ASSERT_TRUE(n.has_value()) << stem << " must contain _<N>_on_air";
    std::set<std::string> named;
    ASSERT_TRUE(parse_suffixes(stem.substr(at + 7), named))
        << stem
        << ": after _on_air only _oversized, _bad_escape, _held, _dropped, _faulted, _heard, "
           "in order";

    EXPECT_EQ(outcome.on_air, *n);
    EXPECT_EQ(outcome.oversized > 0, named.count("oversized") == 1) << outcome.oversized;
    EXPECT_EQ(outcome.bad_escape > 0, named.count("bad_escape") == 1) << outcome.bad_escape;
    EXPECT_EQ(outcome.holds > 0, named.count("held") == 1) << outcome.holds;
    EXPECT_EQ(outcome.drops > 0, named.count("dropped") == 1) << outcome.drops;
    EXPECT_EQ(outcome.radio_faults > 0, named.count("faulted") == 1) << outcome.radio_faults;
    EXPECT_EQ(outcome.data_to_host > 0, named.count("heard") == 1) << outcome.data_to_host;
}

INSTANTIATE_TEST_SUITE_P(Corpus, ModemSerialSeed, ::testing::ValuesIn(fuzz::seed_files(kDir)),
                         fuzz::seed_test_name);

TEST(ModemSerialCorpus, IsThereAndSmall) {
    fuzz::expect_corpus_there_and_small(kDir);
}

// Every outcome a name can state is stated by some seed.
TEST(ModemSerialCorpus, HasASeedForEveryOutcome) {
    std::set<std::string> all;
    for (const auto& f : fuzz::seed_files(kDir)) {
        const std::string stem = f.stem().string();
        const std::size_t at = stem.rfind("_on_air");
        if (at != std::string::npos) parse_suffixes(stem.substr(at + 7), all);
    }
    for (const char* word : kSuffixes)
        EXPECT_EQ(all.count(word), 1u) << "no seed ends in _" << word;
}

// The replies: every command seed gets its reply back (the harness counts them).
TEST(ModemSerialCorpus, EveryCommandSeedIsAnswered) {
    for (const char* name :
         {"get_settings_0_on_air", "get_stats_0_on_air", "self_test_0_on_air",
          "get_version_0_on_air", "reset_stats_0_on_air", "set_settings_valid_0_on_air",
          "set_settings_refused_0_on_air", "set_settings_malformed_0_on_air"}) {
        const std::string bytes = read_seed(kDir / (std::string(name) + ".bin"));
        ASSERT_FALSE(bytes.empty()) << name;
        const auto outcome = fuzz::fuzz_modem_serial(
            reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        EXPECT_EQ(outcome.commands_given, 1u) << name;
        EXPECT_EQ(outcome.replies, 1u) << name;
    }
}

}  // namespace
}  // namespace baken
