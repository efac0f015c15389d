// Replays the envelope fuzz corpus (tests/fuzz/corpus/envelope/) through the very harness
// the fuzzer runs (fuzz_envelope() in envelope_harness.h, which aborts when an invariant
// breaks), in the normal g++ and ASan builds, and holds every seed to what its name says:
//
//   <subject>_valid.bin          accepted
//   <subject>_<token>[_...].bin  refused with the code the token stands for (kExpectations)
//   regression_<anything>.bin    only run: must not crash or break an invariant
//
// Any other name fails the test, so a seed always says what it is for.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/envelope_harness.h"
#include "message/envelope_codec.h"
#include "message/kind.h"

#ifndef BAKEN_ENVELOPE_CORPUS_DIR
#error "BAKEN_ENVELOPE_CORPUS_DIR must name tests/fuzz/corpus/envelope"
#endif

namespace baken {
namespace {

namespace fs = std::filesystem;

struct Expectation {
    std::string_view token;
    std::optional<RejectCode> code;  // nullopt: accepted
};

// A token matches a whole `_`-separated run of words in the file's stem.
constexpr Expectation kExpectations[] = {
    {"valid", std::nullopt},
    {"flipped_signature", RejectCode::bad_signature},
    {"signature_63_bytes", RejectCode::bad_signature},
    {"signed_by_other_key", RejectCode::bad_signature},
    {"empty", RejectCode::malformed},
    {"not_protobuf", RejectCode::malformed},
    {"truncated", RejectCode::malformed},
    {"deep_nesting", RejectCode::malformed},
    {"no_signed", RejectCode::malformed},
    {"signed_not_a_message", RejectCode::malformed},
    {"not_utf8", RejectCode::malformed},
    {"oversized", RejectCode::oversized},
    {"author_31_bytes", RejectCode::bad_author_key},
    {"author_33_bytes", RejectCode::bad_author_key},
    {"author_mismatch", RejectCode::bad_author_key},
    {"unsupported_version", RejectCode::unsupported_version},
    {"unknown_kind", RejectCode::unknown_kind},
    {"missing", RejectCode::missing_field},
    {"invalid", RejectCode::invalid_field},
    {"expired", RejectCode::expired},
    {"from_the_future", RejectCode::from_the_future},
};

bool names(std::string_view stem, std::string_view token) {
    const std::string padded = "_" + std::string(stem) + "_";
    return padded.find("_" + std::string(token) + "_") != std::string::npos;
}

std::vector<const Expectation*> expectations_of(std::string_view stem) {
    std::vector<const Expectation*> found;
    for (const auto& e : kExpectations) {
        if (names(stem, e.token)) found.push_back(&e);
    }
    return found;
}

fs::path corpus_dir() {
    return fs::path(BAKEN_ENVELOPE_CORPUS_DIR);
}

std::vector<fs::path> corpus_files() {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(corpus_dir(), ec)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

Verdict replay(const std::string& bytes) {
    return fuzz::fuzz_envelope(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

class CorpusSeed : public ::testing::TestWithParam<fs::path> {};

TEST_P(CorpusSeed, MeetsTheExpectationItsNameStates) {
    const fs::path& file = GetParam();
    const std::string stem = file.stem().string();
    ASSERT_EQ(file.extension(), ".bin") << "seeds are named <what>.bin";
    const std::string bytes = read_file(file);

    Verdict verdict = replay(bytes);  // aborts on a broken invariant
    // Again: now a valid seed is a duplicate, and nothing else may change.
    Verdict again = replay(bytes);
    ASSERT_EQ(verdict.ok(), again.ok());

    if (stem.rfind("regression_", 0) == 0) return;
    auto expected = expectations_of(stem);
    ASSERT_EQ(expected.size(), 1u)
        << stem << " must contain exactly one expectation token (see kExpectations)";
    if (!expected[0]->code) {
        ASSERT_TRUE(verdict.ok()) << stem << " was refused: " << describe(verdict.error());
        ASSERT_TRUE(again.ok());
        EXPECT_TRUE(again->duplicate);
        EXPECT_EQ(again->id, verdict->id);
    } else {
        ASSERT_FALSE(verdict.ok()) << stem << " was accepted";
        EXPECT_EQ(reject_code_name(verdict.error().code), reject_code_name(*expected[0]->code))
            << describe(verdict.error());
        EXPECT_EQ(again.error().code, verdict.error().code);
    }
}

std::string seed_name(const ::testing::TestParamInfo<fs::path>& info) {
    std::string name = info.param.stem().string();
    for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    return name;
}

INSTANTIATE_TEST_SUITE_P(EnvelopeCorpus, CorpusSeed, ::testing::ValuesIn(corpus_files()),
                         seed_name);

TEST(EnvelopeCorpus, HasAValidSeedOfEveryKind) {
    std::set<Kind> kinds;
    for (const auto& file : corpus_files()) {
        if (!names(file.stem().string(), "valid")) continue;
        auto decoded = decode_envelope(as_bytes(read_file(file)));
        ASSERT_TRUE(decoded.ok()) << file;
        kinds.insert(decoded->message.body().kind_case());
    }
    for (int k = 1; k <= 8; ++k) {
        EXPECT_TRUE(kinds.count(static_cast<Kind>(k)))
            << "no valid seed of kind " << kind_name(static_cast<Kind>(k));
    }
}

TEST(EnvelopeCorpus, StaysSmall) {
    auto files = corpus_files();
    ASSERT_FALSE(files.empty()) << "no seeds in " << corpus_dir();
    std::uintmax_t total = 0;
    for (const auto& f : files) total += fs::file_size(f);
    EXPECT_LT(files.size(), 100u);
    EXPECT_LT(total, 200u * 1024);
}

}  // namespace
}  // namespace baken
