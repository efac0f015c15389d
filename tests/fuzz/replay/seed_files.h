// What every corpus replay test needs: the seed files of a corpus folder, and a gtest name
// made from a seed's file name (so a failing seed is named in the ctest output).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace baken::fuzz {

// The regular files in `dir`, in name order (empty if it cannot be read: the tests that
// check a corpus is there then fail).
inline std::vector<std::filesystem::path> seed_files(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file(ec)) files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

// A corpus is checked in: it must be there, and stay small enough to replay on every run.
inline void expect_corpus_there_and_small(const std::filesystem::path& dir,
                                          std::uintmax_t max_bytes = 200u * 1024) {
    const auto files = seed_files(dir);
    ASSERT_FALSE(files.empty()) << "no seeds in " << dir;
    std::uintmax_t total = 0;
    for (const auto& f : files) total += std::filesystem::file_size(f);
    EXPECT_LT(files.size(), 100u) << dir;
    EXPECT_LT(total, max_bytes) << dir;
}

// "truncated_2_messages_truncated.bin" -> "truncated_2_messages_truncated".
inline std::string seed_test_name(const ::testing::TestParamInfo<std::filesystem::path>& info) {
    std::string name = info.param.stem().string();
    for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    return name;
}

// The N of a seed named `..._<N>_<word>`: "truncated_2_messages_truncated" with word
// "messages_truncated" gives 2; nullopt when the name does not end that way.
inline std::optional<std::size_t> count_before(const std::string& stem, const std::string& word) {
    const std::string tail = "_" + word;
    if (!stem.ends_with(tail)) return std::nullopt;
    const std::string head = stem.substr(0, stem.size() - tail.size());
    const std::size_t underscore = head.rfind('_');
    const std::string digits = head.substr(underscore == std::string::npos ? 0 : underscore + 1);
    if (digits.empty() || !std::all_of(digits.begin(), digits.end(), ::isdigit))
        return std::nullopt;
    return std::stoul(digits);
}

}  // namespace baken::fuzz
