// Fixed-size key and hash types, and the one-time libsodium initialisation.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "common/bytes.h"

namespace baken {

inline constexpr std::size_t kPublicKeySize = 32;  // crypto_sign_PUBLICKEYBYTES
inline constexpr std::size_t kSecretKeySize = 64;  // crypto_sign_SECRETKEYBYTES
inline constexpr std::size_t kSignatureSize = 64;  // crypto_sign_BYTES
inline constexpr std::size_t kMessageIdSize = 32;  // BLAKE2b-256

using PublicKey = std::array<std::uint8_t, kPublicKeySize>;
using Signature = std::array<std::uint8_t, kSignatureSize>;
using MessageId = std::array<std::uint8_t, kMessageIdSize>;

// Calls sodium_init() once; safe to call from anywhere, any number of times.
// Aborts the process if libsodium cannot initialise (no usable randomness): nothing the
// daemon does is safe without it.
void ensure_sodium();

// BLAKE2b-256 of the signed bytes: the message's id.
MessageId message_id_of(ByteView signed_bytes);

// A short form of a public key that a person can read out over a voice radio:
// 16 characters from an alphabet without look-alikes, in four groups, e.g. "K7QM-3XTA-9PBD-W2HE".
// It is a BLAKE2b hash of the key, so it also identifies the key for comparison.
std::string fingerprint(const PublicKey& key);

}  // namespace baken
