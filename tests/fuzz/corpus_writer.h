// The command line shared by the seed corpus generators (make_*_corpus.cc):
//
//   make_X_corpus DIR           write every seed into DIR (created if missing)
//   make_X_corpus --check DIR   exit 1 unless every seed is in DIR with the same bytes
//
// A generator builds its corpus (file name -> bytes) deterministically and hands it here.
#pragma once

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <string>
#include <string_view>

namespace baken::fuzz {

using Corpus = std::map<std::string, std::string>;  // file name -> bytes

inline int write_corpus(std::string_view program, const std::filesystem::path& dir,
                        const Corpus& corpus) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        std::cerr << program << ": cannot create " << dir << ": " << ec.message() << "\n";
        return 2;
    }
    for (const auto& [name, bytes] : corpus) {
        std::ofstream out(dir / name, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out) {
            std::cerr << program << ": cannot write " << (dir / name) << "\n";
            return 2;
        }
    }
    std::cout << "wrote " << corpus.size() << " seeds to " << dir.string() << "\n";
    return 0;
}

inline int check_corpus(std::string_view program, const std::filesystem::path& dir,
                        const Corpus& corpus) {
    int stale = 0;
    for (const auto& [name, bytes] : corpus) {
        std::ifstream in(dir / name, std::ios::binary);
        const bool found = static_cast<bool>(in);
        const std::string on_disk((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
        if (!found || on_disk != bytes) {
            std::cerr << (found ? "differs: " : "missing: ") << (dir / name).string() << "\n";
            ++stale;
        }
    }
    if (stale > 0) {
        std::cerr << stale << " seed(s) out of date; regenerate with: " << program << " "
                  << dir.string() << "\n";
        return 1;
    }
    return 0;
}

inline int corpus_main(int argc, char** argv, std::string_view program, Corpus (*make)()) {
    if (argc == 2 && std::string_view(argv[1]) != "--check")
        return write_corpus(program, argv[1], make());
    if (argc == 3 && std::string_view(argv[1]) == "--check")
        return check_corpus(program, argv[2], make());
    std::cerr << "usage: " << program << " DIR | " << program << " --check DIR\n";
    return 2;
}

}  // namespace baken::fuzz
