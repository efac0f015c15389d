// Replays the peer sync channel fuzz corpora through the very harnesses the fuzzers run
// (which abort when an invariant breaks), in the normal g++ and ASan builds, and holds every
// seed to what its name says:
//
//   frame_decoder/<what>_<N>_frames_<ending>.bin   N frames, then boundary | partial | oversized
//   handshake/<what>_<expectation>.bin             complete | complete_channel_fails |
//                                                  in_progress | <handshake error name>
//   regression_<anything>.bin                      only run: must not crash or break an invariant
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

#include "fuzz/frame_decoder_harness.h"
#include "fuzz/handshake_harness.h"
#include "fuzz/replay/seed_files.h"

#ifndef BAKEN_FRAME_DECODER_CORPUS_DIR
#error "BAKEN_FRAME_DECODER_CORPUS_DIR must name tests/fuzz/corpus/frame_decoder"
#endif
#ifndef BAKEN_HANDSHAKE_CORPUS_DIR
#error "BAKEN_HANDSHAKE_CORPUS_DIR must name tests/fuzz/corpus/handshake"
#endif

namespace baken {
namespace {

namespace fs = std::filesystem;
using channel::HandshakeErrorCode;

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

const std::uint8_t* data_of(const std::string& s) {
    return reinterpret_cast<const std::uint8_t*>(s.data());
}

bool is_regression(const std::string& stem) {
    return stem.rfind("regression_", 0) == 0;
}

std::vector<std::string> words(const std::string& stem) {
    std::vector<std::string> out;
    std::size_t from = 0;
    while (from <= stem.size()) {
        const std::size_t to = std::min(stem.find('_', from), stem.size());
        out.push_back(stem.substr(from, to - from));
        from = to + 1;
    }
    return out;
}

void expect_small(const std::vector<fs::path>& files, const fs::path& dir) {
    ASSERT_FALSE(files.empty()) << "no seeds in " << dir;
    std::uintmax_t total = 0;
    for (const auto& f : files) total += fs::file_size(f);
    EXPECT_LT(files.size(), 100u);
    EXPECT_LT(total, 200u * 1024);
}

// ---- Frame decoder.

const fs::path kFrameDir = BAKEN_FRAME_DECODER_CORPUS_DIR;

class FrameDecoderSeed : public ::testing::TestWithParam<fs::path> {};

TEST_P(FrameDecoderSeed, MeetsTheExpectationItsNameStates) {
    const fs::path& file = GetParam();
    ASSERT_EQ(file.extension(), ".bin") << "seeds are named <what>.bin";
    const std::string stem = file.stem().string();
    const std::string bytes = read_file(file);
    const auto outcome = fuzz::fuzz_frame_decoder(data_of(bytes), bytes.size());
    if (is_regression(stem)) return;

    const auto w = words(stem);
    ASSERT_GE(w.size(), 3u);
    const std::string& ending = w[w.size() - 1];
    ASSERT_EQ(w[w.size() - 2], "frames") << stem << " must end in _<N>_frames_<ending>";
    const std::string& count = w[w.size() - 3];
    ASSERT_TRUE(!count.empty() && std::all_of(count.begin(), count.end(), ::isdigit)) << stem;
    EXPECT_EQ(outcome.frames, std::stoul(count));
    if (ending == "oversized") {
        ASSERT_TRUE(outcome.error.has_value()) << stem;
        EXPECT_EQ(outcome.error->code, channel::FrameErrorCode::oversized);
    } else if (ending == "partial") {
        EXPECT_FALSE(outcome.error) << channel::describe(*outcome.error);
        EXPECT_GT(outcome.pending_bytes, 0u);
    } else if (ending == "boundary") {
        EXPECT_FALSE(outcome.error) << channel::describe(*outcome.error);
        EXPECT_EQ(outcome.pending_bytes, 0u);
    } else {
        FAIL() << stem << ": the ending must be boundary, partial or oversized";
    }
}

INSTANTIATE_TEST_SUITE_P(FrameDecoderCorpus, FrameDecoderSeed,
                         ::testing::ValuesIn(fuzz::seed_files(kFrameDir)), fuzz::seed_test_name);

TEST(FrameDecoderCorpus, StaysSmall) {
    expect_small(fuzz::seed_files(kFrameDir), kFrameDir);
}

// ---- Handshake.

const fs::path kHandshakeDir = BAKEN_HANDSHAKE_CORPUS_DIR;

constexpr HandshakeErrorCode kErrors[] = {
    HandshakeErrorCode::bad_magic,     HandshakeErrorCode::unsupported_version,
    HandshakeErrorCode::malformed,     HandshakeErrorCode::decryption_failed,
    HandshakeErrorCode::bad_signature, HandshakeErrorCode::wrong_peer_key,
    HandshakeErrorCode::own_key,       HandshakeErrorCode::unexpected_message,
    HandshakeErrorCode::timeout,
};

bool ends_with_token(const std::string& stem, std::string_view token) {
    const std::string suffix = "_" + std::string(token);
    return stem.size() > suffix.size() &&
           stem.compare(stem.size() - suffix.size(), suffix.size(), suffix) == 0;
}

class HandshakeSeed : public ::testing::TestWithParam<fs::path> {};

TEST_P(HandshakeSeed, MeetsTheExpectationItsNameStates) {
    const fs::path& file = GetParam();
    ASSERT_EQ(file.extension(), ".bin") << "seeds are named <what>.bin";
    const std::string stem = file.stem().string();
    const std::string bytes = read_file(file);
    const auto outcome = fuzz::fuzz_handshake(data_of(bytes), bytes.size());
    const auto again = fuzz::fuzz_handshake(data_of(bytes), bytes.size());
    EXPECT_EQ(again.complete, outcome.complete) << "deterministic";
    EXPECT_EQ(again.error, outcome.error) << "deterministic";
    if (is_regression(stem)) return;

    const std::string got = outcome.error
                                ? std::string(channel::handshake_error_name(*outcome.error))
                                : (outcome.complete ? "complete" : "in_progress");
    if (ends_with_token(stem, "complete_channel_fails")) {
        EXPECT_TRUE(outcome.complete) << got;
        EXPECT_TRUE(outcome.channel_failed);
        return;
    }
    if (ends_with_token(stem, "complete")) {
        EXPECT_TRUE(outcome.complete) << got;
        EXPECT_FALSE(outcome.channel_failed);
        return;
    }
    if (ends_with_token(stem, "in_progress")) {
        EXPECT_EQ(got, "in_progress");
        return;
    }
    for (HandshakeErrorCode code : kErrors) {
        if (ends_with_token(stem, channel::handshake_error_name(code))) {
            EXPECT_EQ(got, channel::handshake_error_name(code));
            EXPECT_FALSE(outcome.complete);
            return;
        }
    }
    FAIL() << stem << " must end in complete, complete_channel_fails, in_progress or the name "
           << "of a handshake error";
}

INSTANTIATE_TEST_SUITE_P(HandshakeCorpus, HandshakeSeed,
                         ::testing::ValuesIn(fuzz::seed_files(kHandshakeDir)),
                         fuzz::seed_test_name);

TEST(HandshakeCorpus, StaysSmall) {
    expect_small(fuzz::seed_files(kHandshakeDir), kHandshakeDir);
}

// Every way to fail is in the corpus at least once, for each end that can fail that way.
TEST(HandshakeCorpus, HasASeedForEveryError) {
    std::set<std::string> names;
    for (const auto& f : fuzz::seed_files(kHandshakeDir)) names.insert(f.stem().string());
    for (HandshakeErrorCode code : kErrors) {
        const bool found = std::any_of(names.begin(), names.end(), [&](const std::string& n) {
            return ends_with_token(n, channel::handshake_error_name(code));
        });
        EXPECT_TRUE(found) << "no seed ends in " << channel::handshake_error_name(code);
    }
}

}  // namespace
}  // namespace baken
