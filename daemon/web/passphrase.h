// The sign-in passphrase: hashed once by the administrator (`bakend --hash-passphrase`), and
// checked at every sign-in. The config holds only the hash, libsodium's crypto_pwhash_str
// string with argon2id and the "interactive" limits (2 passes, 64 MiB: ~0.1 s on a laptop,
// under a second on a Raspberry Pi 3, and within a 512 MiB Pi Zero 2).
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace baken::web {

inline constexpr std::size_t kMinPassphraseBytes = 8;
inline constexpr std::size_t kMaxPassphraseBytes = 1024;

// The crypto_pwhash_str string for `passphrase`. Errors: shorter than kMinPassphraseBytes,
// longer than kMaxPassphraseBytes, or out of memory (the text says which).
Result<std::string, std::string> hash_passphrase(std::string_view passphrase);

// Whether `passphrase` matches `hash` (a crypto_pwhash_str string). False for an empty or
// malformed hash and for a passphrase longer than kMaxPassphraseBytes. Deliberately slow.
bool passphrase_matches(const std::string& hash, std::string_view passphrase);

// For `bakend --hash-passphrase`: reads a new passphrase (on a terminal without echo, asked
// twice; otherwise one line from standard input) and returns the config line
// `passphrase_hash = "..."`. Errors: nothing read, the two entries differ, or hash_passphrase's.
Result<std::string, std::string> read_and_hash_passphrase();

}  // namespace baken::web
