// See sealed_content.h.
#include "trust/sealed_content.h"

#include <sodium.h>

#include <array>
#include <cstring>

#include "message/limits.h"

namespace baken::trust {

namespace {

using X25519 = std::array<unsigned char, crypto_box_PUBLICKEYBYTES>;
using ContentKey = std::array<unsigned char, crypto_aead_xchacha20poly1305_ietf_KEYBYTES>;

std::optional<X25519> encryption_key_of(const PublicKey& node_key) {
    X25519 out{};
    if (crypto_sign_ed25519_pk_to_curve25519(out.data(), node_key.data()) != 0) {
        return std::nullopt;
    }
    return out;
}

}  // namespace

Result<v1::Sealed, std::string> seal(std::string_view text, std::span<const PublicKey> recipients,
                                     const PublicKey& author) {
    ensure_sodium();
    if (recipients.empty()) return fail(std::string("nobody known to seal it to"));
    if (recipients.size() > limits::kMaxSealedRecipients) {
        return fail("more than " + std::to_string(limits::kMaxSealedRecipients) + " recipients");
    }
    if (text.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES > limits::kMaxSealedBytes) {
        return fail(std::string("restricted text too long"));
    }
    ContentKey key{};
    crypto_aead_xchacha20poly1305_ietf_keygen(key.data());
    v1::Sealed sealed;
    std::string nonce(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, '\0');
    randombytes_buf(nonce.data(), nonce.size());
    std::string ciphertext(text.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        reinterpret_cast<unsigned char*>(ciphertext.data()), nullptr,
        reinterpret_cast<const unsigned char*>(text.data()), text.size(), author.data(),
        author.size(), nullptr, reinterpret_cast<const unsigned char*>(nonce.data()), key.data());
    sealed.set_nonce(std::move(nonce));
    sealed.set_ciphertext(std::move(ciphertext));
    for (const PublicKey& recipient : recipients) {
        auto x25519 = encryption_key_of(recipient);
        if (!x25519) {
            sodium_memzero(key.data(), key.size());
            return fail("recipient " + fingerprint(recipient) + " has no usable key");
        }
        std::string box(crypto_box_SEALBYTES + key.size(), '\0');
        crypto_box_seal(reinterpret_cast<unsigned char*>(box.data()), key.data(), key.size(),
                        x25519->data());
        auto* r = sealed.add_recipients();
        r->set_key(x25519->data(), x25519->size());
        r->set_sealed_key(std::move(box));
    }
    sodium_memzero(key.data(), key.size());
    return sealed;
}

std::optional<std::string> open_sealed(const v1::Sealed& sealed, const Identity& me,
                                       const PublicKey& author) {
    ensure_sodium();
    auto mine = encryption_key_of(me.public_key());
    if (!mine) return std::nullopt;
    for (const auto& r : sealed.recipients()) {
        if (r.key().size() != mine->size() ||
            std::memcmp(r.key().data(), mine->data(), mine->size()) != 0) {
            continue;
        }
        ContentKey key{};
        if (!me.unseal(as_bytes(r.sealed_key()), key)) return std::nullopt;
        const std::string& c = sealed.ciphertext();
        if (c.size() < crypto_aead_xchacha20poly1305_ietf_ABYTES ||
            sealed.nonce().size() != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES) {
            return std::nullopt;
        }
        std::string text(c.size() - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
        int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(
            reinterpret_cast<unsigned char*>(text.data()), nullptr, nullptr,
            reinterpret_cast<const unsigned char*>(c.data()), c.size(), author.data(),
            author.size(), reinterpret_cast<const unsigned char*>(sealed.nonce().data()),
            key.data());
        sodium_memzero(key.data(), key.size());
        if (rc != 0) return std::nullopt;
        return text;
    }
    return std::nullopt;
}

}  // namespace baken::trust
