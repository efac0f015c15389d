// Signed-in browsers: a bounded table of sessions, each named by 32 random bytes (the
// baken_session cookie, 64 hex characters) and carrying its own CSRF token.
//
// Sans-IO: the caller gives the time. Randomness comes from libsodium (randombytes_buf).
//
// Bounds: at most Limits::max_sessions at once; issuing one more evicts the session used
// longest ago. A session ends when it has been idle for Limits::idle_ms, when it is older than
// Limits::lifetime_ms, or when end() is called (sign-out). The table keys sessions by a BLAKE2b
// hash of the cookie value, so looking one up reveals nothing about the value by its timing.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace baken::web {

struct Session {
    std::string csrf_token;  // 64 hex characters; the X-CSRF-Token header must equal it
    std::int64_t created_ms = 0;
    std::int64_t last_used_ms = 0;
};

class SessionTable {
  public:
    struct Limits {
        std::size_t max_sessions = 256;
        std::int64_t idle_ms = 4LL * 3600 * 1000;
        std::int64_t lifetime_ms = 12LL * 3600 * 1000;
    };
    explicit SessionTable(Limits limits) : limits_(limits) {}

    struct Issued {
        std::string cookie_value;  // 64 hex characters
        std::string csrf_token;
    };
    // A new session from now on; evicts the least recently used one when the table is full.
    Issued issue(std::int64_t now_ms);

    // The live session `cookie_value` names, and marks it used now; null when the value is
    // malformed, unknown, idle too long or too old (an expired session is removed).
    const Session* find(std::string_view cookie_value, std::int64_t now_ms);

    // Ends the session (sign-out); unknown values are ignored.
    void end(std::string_view cookie_value);

    std::size_t size() const { return sessions_.size(); }
    const Limits& limits() const { return limits_; }

  private:
    using Key = std::array<unsigned char, 32>;
    static std::optional<Key> key_of(std::string_view cookie_value);
    bool expired(const Session& session, std::int64_t now_ms) const;
    void drop_expired(std::int64_t now_ms);

    Limits limits_;
    std::map<Key, Session> sessions_;
};

// Whether `given` equals `expected`, in time independent of where they differ.
bool tokens_equal(std::string_view given, std::string_view expected);

}  // namespace baken::web
