// A node's Ed25519 signing identity, kept in the data directory.
//
// The secret key lives in `<data>/node.key` (mode 0600, 64 bytes: seed and public key).
// It is created on first start and never rewritten, so a backup of that one file restores
// the node's identity.
#pragma once

#include <filesystem>
#include <string>

#include "common/result.h"
#include "crypto/keys.h"

namespace baken {

class Identity {
  public:
    // A fresh random identity, not saved anywhere.
    static Identity generate();
    // The identity a 32-byte seed determines: for deterministic simulation and tests.
    static Identity from_seed(const std::array<std::uint8_t, 32>& seed);

    // Reads <dir>/node.key, or creates it (mode 0600) if it does not exist.
    // Errors (as text for a person): unreadable file, wrong size, wrong permissions (group
    // or world readable: refused, because a copied key lets anyone post as this node).
    static Result<Identity, std::string> load_or_create(const std::filesystem::path& dir);
    // Reads an existing key; never creates one.
    static Result<Identity, std::string> load(const std::filesystem::path& dir);

    const PublicKey& public_key() const { return public_key_; }
    std::string fingerprint() const { return baken::fingerprint(public_key_); }

    // The 32-byte seed the key pair derives from: for storing it encrypted elsewhere (the
    // region root file). The caller wipes its copy (sodium_memzero) when done.
    std::array<std::uint8_t, 32> seed() const;

    // Opens a crypto_box_seal box sealed to this node's key converted to X25519 (see
    // trust/sealed_content.h) into `out`, which must be exactly the sealed content's size.
    bool unseal(ByteView box, std::span<std::uint8_t> out) const;

    // Ed25519 signature over `data`.
    Signature sign(ByteView data) const;

    Identity(const Identity&) = default;
    Identity& operator=(const Identity&) = default;
    ~Identity();

  private:
    Identity() = default;
    std::array<std::uint8_t, kSecretKeySize> secret_key_{};
    PublicKey public_key_{};
};

inline constexpr const char* kNodeKeyFile = "node.key";

}  // namespace baken
