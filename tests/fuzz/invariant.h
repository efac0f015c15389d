// What every fuzz harness does when a property it checks does not hold: print which one and
// abort, so libFuzzer (or the corpus replay test) stops with the input that broke it.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace baken::fuzz {

[[noreturn]] inline void violated(std::string_view invariant, std::string_view detail = {}) {
    std::fprintf(stderr, "fuzz harness: invariant violated: %.*s%s%.*s\n",
                 static_cast<int>(invariant.size()), invariant.data(), detail.empty() ? "" : ": ",
                 static_cast<int>(detail.size()), detail.data());
    std::fflush(stderr);
    std::abort();
}

inline void require(bool holds, std::string_view invariant, std::string_view detail = {}) {
    if (!holds) violated(invariant, detail);
}

}  // namespace baken::fuzz
