// The safety region's root key on disk: the key that signs every credential and revocation of
// the region, so it lives on an offline laptop or a USB stick, encrypted with a passphrase.
//
//   file = "BAKEN-REGION-ROOT/1\n"   magic, 20 bytes
//          opslimit  u64 big-endian  crypto_pwhash (Argon2id) cost, stored so a later
//          memlimit  u64 big-endian    libsodium with other defaults still opens it
//          salt      16 bytes        crypto_pwhash salt
//          nonce     24 bytes        crypto_secretbox nonce
//          box       48 bytes        crypto_secretbox(Ed25519 seed, 32 bytes)
//
// The passphrase is stretched with Argon2id at libsodium's "moderate" cost (256 MiB, about a
// second): a stolen stick must not give the region's key to anyone with a GPU. Written
// atomically with mode 0600 and never over an existing file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "common/result.h"
#include "crypto/identity.h"

namespace baken::trust {

struct PassphraseCost {
    std::uint64_t opslimit;
    std::uint64_t memlimit;
    static PassphraseCost moderate();  // for real root keys
    static PassphraseCost minimum();   // for tests only: fast, and weak
};

// Errors: the passphrase is shorter than 8 characters, the file exists, it cannot be written.
Result<Done, std::string> write_root_key_file(const std::filesystem::path& path,
                                              const Identity& root, const std::string& passphrase,
                                              PassphraseCost cost = PassphraseCost::moderate());

// Errors, each saying what to do: cannot read, not a region root file (wrong magic or
// length), a cost beyond what this machine can afford, and "wrong passphrase, or the file is
// damaged" (authenticated encryption cannot tell the two apart).
Result<Identity, std::string> read_root_key_file(const std::filesystem::path& path,
                                                 const std::string& passphrase);

}  // namespace baken::trust
