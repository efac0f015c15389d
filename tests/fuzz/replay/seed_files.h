// What every corpus replay test needs: the seed files of a corpus folder, and a gtest name
// made from a seed's file name (so a failing seed is named in the ctest output).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
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

// "truncated_2_messages_truncated.bin" -> "truncated_2_messages_truncated".
inline std::string seed_test_name(const ::testing::TestParamInfo<std::filesystem::path>& info) {
    std::string name = info.param.stem().string();
    for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    return name;
}

}  // namespace baken::fuzz
