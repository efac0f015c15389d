// The handshake's wire format and key schedule: constants and the small crypto steps that
// handshake.cc composes. Public so that tests can act as a misbehaving peer; the daemon uses
// handshake.h only.
//
// Messages (each is the payload of one frame, frame_codec.h):
//
//   msg1 hello     I -> R   "BAKEN-SYNC/" version(1 byte, '1') | e_I(32)               44 bytes
//   msg2 response  R -> I   0x02 | e_R(32) | box_R(112)                                145 bytes
//   msg3 finish    I -> R   0x03 | box_I(112)                                          113 bytes
//
//   e_I, e_R   ephemeral X25519 public keys (crypto_kx_seed_keypair from the caller's seed)
//   h          BLAKE2b-256("BAKEN-SYNC/1" | e_I | e_R), the transcript hash
//   kx_i2r,    crypto_kx session keys of (e_I, e_R): the initiator is the crypto_kx client, so
//   kx_r2i     kx_i2r = client tx = server rx and kx_r2i = client rx = server tx
//   box_R      AEAD(key = derive(kx_r2i, kHandshakeR2I, h), nonce 0, ad = h,
//                   plaintext = Ed25519 key of R (32) | sig_R (64))
//   box_I      AEAD(key = derive(kx_i2r, kHandshakeI2R, h), nonce 0, ad = h,
//                   plaintext = Ed25519 key of I (32) | sig_I (64))
//   sig_R      Ed25519 by R over kResponderSignaturePrefix | h
//   sig_I      Ed25519 by I over kInitiatorSignaturePrefix | h
//   derive(k, label, x) = BLAKE2b-256 keyed with k over label | x
//   AEAD       crypto_aead_xchacha20poly1305_ietf (tag 16 bytes)
//
// After msg3, with s = BLAKE2b-256(h | key of R | key of I) (the session id):
//   data key I -> R = derive(kx_i2r, kDataI2R, s),   data key R -> I = derive(kx_r2i, kDataR2I, s)
//
// The first byte tells the messages apart: 'B' (0x42) starts a hello of any version, 0x02 a
// response, 0x03 a finish. A later protocol version keeps "BAKEN-SYNC/" and changes the
// version byte, so a version-1 node can name the mismatch instead of calling it garbage.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "common/bytes.h"
#include "crypto/keys.h"
#include "sync/channel/secure_channel.h"

namespace baken::channel::wire {

inline constexpr std::string_view kMagicFamily = "BAKEN-SYNC/";
inline constexpr std::string_view kMagic = "BAKEN-SYNC/1";  // family + version byte
static_assert(kMagic.size() == kMagicFamily.size() + 1);

inline constexpr std::uint8_t kResponseType = 0x02;
inline constexpr std::uint8_t kFinishType = 0x03;

inline constexpr std::size_t kEphemeralKeyBytes = 32;   // crypto_kx_PUBLICKEYBYTES
inline constexpr std::size_t kEphemeralSeedBytes = 32;  // crypto_kx_SEEDBYTES
inline constexpr std::size_t kAeadTagBytes = 16;
inline constexpr std::size_t kIdentityPlainBytes = kPublicKeySize + kSignatureSize;    // 96
inline constexpr std::size_t kIdentityBoxBytes = kIdentityPlainBytes + kAeadTagBytes;  // 112

inline constexpr std::size_t kHelloBytes = kMagic.size() + kEphemeralKeyBytes;             // 44
inline constexpr std::size_t kResponseBytes = 1 + kEphemeralKeyBytes + kIdentityBoxBytes;  // 145
inline constexpr std::size_t kFinishBytes = 1 + kIdentityBoxBytes;                         // 113
// Every handshake message fits a frame this size; a caller may decode handshake frames with it.
inline constexpr std::size_t kMaxHandshakeMessageBytes = kResponseBytes;

// Ed25519 signature domains: never valid for a message ("baken/v1/message\n") or for the other
// role, so a signature cannot be reflected back or reused outside the handshake.
inline constexpr std::string_view kResponderSignaturePrefix = "baken/v1/sync/responder\n";
inline constexpr std::string_view kInitiatorSignaturePrefix = "baken/v1/sync/initiator\n";

// derive() labels: one per key, so no two keys of a session are equal.
inline constexpr std::string_view kHandshakeI2R = "baken/v1/sync/handshake/i2r";
inline constexpr std::string_view kHandshakeR2I = "baken/v1/sync/handshake/r2i";
inline constexpr std::string_view kDataI2R = "baken/v1/sync/data/i2r";
inline constexpr std::string_view kDataR2I = "baken/v1/sync/data/r2i";

using EphemeralKey = std::array<std::uint8_t, kEphemeralKeyBytes>;
using Digest = std::array<std::uint8_t, 32>;

enum class MessageKind { hello, response, finish, unknown };
// By the first byte(s) only; says nothing about the length or the content.
MessageKind kind_of(ByteView message);
std::string_view message_kind_name(MessageKind kind);  // "hello (msg1)", ...

// An X25519 key pair. The secret half is wiped when destroyed.
struct EphemeralKeyPair {
    EphemeralKey public_key{};
    std::array<std::uint8_t, 32> secret_key{};

    EphemeralKeyPair() = default;
    EphemeralKeyPair(const EphemeralKeyPair&) = default;
    EphemeralKeyPair& operator=(const EphemeralKeyPair&) = default;
    ~EphemeralKeyPair();
};
EphemeralKeyPair ephemeral_key_pair(const std::array<std::uint8_t, kEphemeralSeedBytes>& seed);

// The crypto_kx session keys of a handshake, named by direction.
struct KxKeys {
    SymmetricKey i2r{};
    SymmetricKey r2i{};

    KxKeys() = default;
    KxKeys(const KxKeys&) = default;
    KxKeys& operator=(const KxKeys&) = default;
    ~KxKeys();
};
// nullopt when the peer's key is unusable (a low-order point: the shared secret would be 0).
std::optional<KxKeys> initiator_kx(const EphemeralKeyPair& own, const EphemeralKey& responder);
std::optional<KxKeys> responder_kx(const EphemeralKeyPair& own, const EphemeralKey& initiator);

Digest transcript_hash(const EphemeralKey& e_i, const EphemeralKey& e_r);
Digest session_id(const Digest& transcript, const PublicKey& responder, const PublicKey& initiator);
SymmetricKey derive(const SymmetricKey& key, std::string_view label, const Digest& input);

// prefix | h: the bytes a role's signature covers.
Bytes signed_transcript(std::string_view prefix, const Digest& transcript);

struct IdentityProof {
    PublicKey key{};
    Signature signature{};
};
// box_R / box_I: kIdentityBoxBytes bytes.
Bytes seal_identity(const SymmetricKey& key, const Digest& transcript, const IdentityProof& proof);
// nullopt when the box does not authenticate under this key and transcript (or has the wrong
// size). Checks no signature.
std::optional<IdentityProof> open_identity(const SymmetricKey& key, const Digest& transcript,
                                           ByteView box);

}  // namespace baken::channel::wire
