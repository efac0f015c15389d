// How often sign-in may be tried. Checking a passphrase costs a deliberate ~0.1 s of CPU and
// 64 MiB (argon2id, crypto_pwhash_str_verify) on the event loop, so attempts are bounded both
// per client and in total: at most kPerClient attempts per client and kGlobal attempts
// altogether in any kWindowMs. Every attempt counts, right or wrong.
//
// Sans-IO: the caller gives the time and names the client (its address; "" when unknown, in
// which case all such clients share one allowance).
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>

namespace baken::web {

class SignInLimiter {
  public:
    static constexpr int kPerClient = 5;
    static constexpr int kGlobal = 20;
    static constexpr std::int64_t kWindowMs = 60 * 1000;
    static constexpr std::size_t kMaxClients = 1024;  // clients remembered at once

    // Seconds until `client` may try again (at least 1), or 0 when it may try now.
    std::int64_t wait_s(const std::string& client, std::int64_t now_ms);
    // Counts an attempt; call only when wait_s() said 0.
    void record(const std::string& client, std::int64_t now_ms);

  private:
    void forget_before(std::int64_t cutoff_ms);
    const std::string& bucket(const std::string& client) const;

    std::deque<std::int64_t> all_;                             // every attempt, oldest first
    std::map<std::string, std::deque<std::int64_t>> clients_;  // per client, oldest first
};

}  // namespace baken::web
