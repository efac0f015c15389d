// See handshake_wire.h.
#include "sync/channel/handshake_wire.h"

#include <sodium.h>

#include <algorithm>

namespace baken::channel::wire {

static_assert(kEphemeralKeyBytes == crypto_kx_PUBLICKEYBYTES);
static_assert(kEphemeralSeedBytes == crypto_kx_SEEDBYTES);
static_assert(std::tuple_size_v<decltype(EphemeralKeyPair::secret_key)> ==
              crypto_kx_SECRETKEYBYTES);
static_assert(kSymmetricKeyBytes == crypto_kx_SESSIONKEYBYTES);
static_assert(kAeadTagBytes == crypto_aead_xchacha20poly1305_ietf_ABYTES);
static_assert(kSymmetricKeyBytes == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
static_assert(kSymmetricKeyBytes >= crypto_generichash_KEYBYTES_MIN &&
              kSymmetricKeyBytes <= crypto_generichash_KEYBYTES_MAX);

namespace {

const std::uint8_t* data_of(std::string_view s) {
    return reinterpret_cast<const std::uint8_t*>(s.data());
}

void update(crypto_generichash_state& state, ByteView bytes) {
    crypto_generichash_update(&state, bytes.data(), bytes.size());
}

// Handshake boxes are sealed once per key, so a fixed nonce is safe (see handshake.h).
constexpr std::array<std::uint8_t, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES> kBoxNonce{};

}  // namespace

MessageKind kind_of(ByteView message) {
    if (message.empty()) return MessageKind::unknown;
    if (message[0] == kResponseType) return MessageKind::response;
    if (message[0] == kFinishType) return MessageKind::finish;
    if (as_chars(message).starts_with(kMagicFamily)) return MessageKind::hello;
    return MessageKind::unknown;
}

std::string_view message_kind_name(MessageKind kind) {
    switch (kind) {
        case MessageKind::hello:
            return "hello (msg1)";
        case MessageKind::response:
            return "response (msg2)";
        case MessageKind::finish:
            return "finish (msg3)";
        case MessageKind::unknown:
            return "unknown message";
    }
    return "unknown message";
}

EphemeralKeyPair::~EphemeralKeyPair() {
    sodium_memzero(secret_key.data(), secret_key.size());
}

KxKeys::~KxKeys() {
    sodium_memzero(i2r.data(), i2r.size());
    sodium_memzero(r2i.data(), r2i.size());
}

EphemeralKeyPair ephemeral_key_pair(const std::array<std::uint8_t, kEphemeralSeedBytes>& seed) {
    ensure_sodium();
    EphemeralKeyPair pair;
    crypto_kx_seed_keypair(pair.public_key.data(), pair.secret_key.data(), seed.data());
    return pair;
}

std::optional<KxKeys> initiator_kx(const EphemeralKeyPair& own, const EphemeralKey& responder) {
    KxKeys keys;
    // Client: rx is what the server sends (r2i), tx what the client sends (i2r).
    if (crypto_kx_client_session_keys(keys.r2i.data(), keys.i2r.data(), own.public_key.data(),
                                      own.secret_key.data(), responder.data()) != 0) {
        return std::nullopt;
    }
    return keys;
}

std::optional<KxKeys> responder_kx(const EphemeralKeyPair& own, const EphemeralKey& initiator) {
    KxKeys keys;
    if (crypto_kx_server_session_keys(keys.i2r.data(), keys.r2i.data(), own.public_key.data(),
                                      own.secret_key.data(), initiator.data()) != 0) {
        return std::nullopt;
    }
    return keys;
}

Digest transcript_hash(const EphemeralKey& e_i, const EphemeralKey& e_r) {
    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, sizeof(Digest));
    update(state, as_bytes(kMagic));
    update(state, e_i);
    update(state, e_r);
    Digest out;
    crypto_generichash_final(&state, out.data(), out.size());
    return out;
}

Digest session_id(const Digest& transcript, const PublicKey& responder,
                  const PublicKey& initiator) {
    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, sizeof(Digest));
    update(state, transcript);
    update(state, responder);
    update(state, initiator);
    Digest out;
    crypto_generichash_final(&state, out.data(), out.size());
    return out;
}

SymmetricKey derive(const SymmetricKey& key, std::string_view label, const Digest& input) {
    crypto_generichash_state state;
    crypto_generichash_init(&state, key.data(), key.size(), kSymmetricKeyBytes);
    update(state, as_bytes(label));
    update(state, input);
    SymmetricKey out;
    crypto_generichash_final(&state, out.data(), out.size());
    sodium_memzero(&state, sizeof state);
    return out;
}

Bytes signed_transcript(std::string_view prefix, const Digest& transcript) {
    Bytes out(data_of(prefix), data_of(prefix) + prefix.size());
    out.insert(out.end(), transcript.begin(), transcript.end());
    return out;
}

Bytes seal_identity(const SymmetricKey& key, const Digest& transcript, const IdentityProof& proof) {
    std::array<std::uint8_t, kIdentityPlainBytes> plain;
    std::copy(proof.key.begin(), proof.key.end(), plain.begin());
    std::copy(proof.signature.begin(), proof.signature.end(), plain.begin() + kPublicKeySize);
    Bytes box(kIdentityBoxBytes);
    crypto_aead_xchacha20poly1305_ietf_encrypt(box.data(), nullptr, plain.data(), plain.size(),
                                               transcript.data(), transcript.size(), nullptr,
                                               kBoxNonce.data(), key.data());
    return box;
}

std::optional<IdentityProof> open_identity(const SymmetricKey& key, const Digest& transcript,
                                           ByteView box) {
    if (box.size() != kIdentityBoxBytes) return std::nullopt;
    std::array<std::uint8_t, kIdentityPlainBytes> plain;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain.data(), nullptr, nullptr, box.data(),
                                                   box.size(), transcript.data(), transcript.size(),
                                                   kBoxNonce.data(), key.data()) != 0) {
        return std::nullopt;
    }
    IdentityProof proof;
    std::copy_n(plain.begin(), kPublicKeySize, proof.key.begin());
    std::copy_n(plain.begin() + kPublicKeySize, kSignatureSize, proof.signature.begin());
    return proof;
}

}  // namespace baken::channel::wire
