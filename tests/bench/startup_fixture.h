// The data directory with many stored messages that startup_bench starts bakend on. Signing and
// storing 100,000 messages takes a while, so it is generated once, kept in a directory of the
// build and reused while it is young enough (see fixture()); a start works on a copy of it,
// since bakend writes to its data directory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace baken::bench {

// The fixture's messages are signed by this many authors, one after the other.
inline constexpr int kFixtureAuthors = 500;

struct Fixture {
    std::filesystem::path data;  // the data directory to copy
    int messages = 0;
    double average_envelope_bytes = 0;
    std::int64_t created_ms = 0;
    bool generated_now = false;
    double sign_s = 0, store_s = 0;  // when generated now
};

// The fixture of `messages` messages kept below `fixtures` if it is of this version and young
// enough that no message comes near its expiry; otherwise a new one, generated and kept there.
// Nullopt when it could not be generated; `error` then says why.
std::optional<Fixture> fixture(const std::filesystem::path& fixtures, int messages,
                               std::string& error);

}  // namespace baken::bench
