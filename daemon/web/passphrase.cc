// See passphrase.h.
#include "web/passphrase.h"

#include <sodium.h>
#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "crypto/keys.h"

namespace baken::web {
namespace {

// One line from the terminal with echo off; echo is restored whatever happens.
std::optional<std::string> read_line(const char* prompt, bool terminal) {
    termios saved{};
    if (terminal) {
        std::cerr << prompt << std::flush;
        termios quiet{};
        ::tcgetattr(STDIN_FILENO, &saved);
        quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string line;
    const bool got = static_cast<bool>(std::getline(std::cin, line));
    if (terminal) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::cerr << "\n";
    }
    if (!got) return std::nullopt;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

}  // namespace

Result<std::string, std::string> hash_passphrase(std::string_view passphrase) {
    if (passphrase.size() < kMinPassphraseBytes) {
        return fail("a passphrase needs at least " + std::to_string(kMinPassphraseBytes) +
                    " characters");
    }
    if (passphrase.size() > kMaxPassphraseBytes) {
        return fail("a passphrase may have at most " + std::to_string(kMaxPassphraseBytes) +
                    " characters");
    }
    ensure_sodium();
    char out[crypto_pwhash_STRBYTES] = {};
    if (crypto_pwhash_str_alg(
            out, passphrase.data(), passphrase.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return fail(
            std::string("cannot hash the passphrase: out of memory (argon2id needs "
                        "64 MiB)"));
    }
    return std::string(out);
}

bool passphrase_matches(const std::string& hash, std::string_view passphrase) {
    if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES ||
        passphrase.size() > kMaxPassphraseBytes) {
        return false;
    }
    ensure_sodium();
    return crypto_pwhash_str_verify(hash.c_str(), passphrase.data(), passphrase.size()) == 0;
}

Result<std::string, std::string> read_and_hash_passphrase() {
    const bool terminal = ::isatty(STDIN_FILENO) == 1;
    auto first = read_line("New web UI passphrase: ", terminal);
    if (!first || first->empty()) return fail(std::string("no passphrase given"));
    if (terminal) {
        auto again = read_line("Again: ", terminal);
        if (!again || *again != *first) {
            return fail(std::string("the two passphrases differ; nothing was printed"));
        }
    }
    auto hash = hash_passphrase(*first);
    if (!hash) return fail(hash.error());
    return "passphrase_hash = \"" + *hash + "\"";
}

}  // namespace baken::web
