// See secure_channel.h.
#include "sync/channel/secure_channel.h"

#include <sodium.h>

#include <limits>

#include "crypto/keys.h"

namespace baken::channel {
namespace {

static_assert(SecureChannel::kTagBytes == crypto_aead_xchacha20poly1305_ietf_ABYTES);
static_assert(kSymmetricKeyBytes == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);

// The last counter value is never used, so the counter never wraps.
constexpr std::uint64_t kLastCounter = std::numeric_limits<std::uint64_t>::max();

using Nonce = std::array<std::uint8_t, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES>;

// Message n in a direction is sealed with nonce n: little-endian, then zeros.
Nonce nonce_for(std::uint64_t counter) {
    Nonce nonce{};
    for (int i = 0; i < 8; ++i) nonce[i] = static_cast<std::uint8_t>(counter >> (8 * i));
    return nonce;
}

}  // namespace

ChannelKeys::~ChannelKeys() {
    sodium_memzero(send.data(), send.size());
    sodium_memzero(receive.data(), receive.size());
}

std::string_view channel_error_name(ChannelErrorCode code) {
    switch (code) {
        case ChannelErrorCode::too_large:
            return "too_large";
        case ChannelErrorCode::too_short:
            return "too_short";
        case ChannelErrorCode::not_authentic:
            return "not_authentic";
        case ChannelErrorCode::exhausted:
            return "exhausted";
        case ChannelErrorCode::broken:
            return "broken";
    }
    return "unknown";
}

std::string describe(const ChannelError& error) {
    const std::string n = "message " + std::to_string(error.message_number);
    switch (error.code) {
        case ChannelErrorCode::too_large:
            return n + " is too large: " + std::to_string(error.size) + " bytes, the limit is " +
                   std::to_string(error.limit);
        case ChannelErrorCode::too_short:
            return n + " is too short: " + std::to_string(error.size) + " bytes, at least " +
                   std::to_string(error.limit) + " expected";
        case ChannelErrorCode::not_authentic:
            return n + " does not authenticate (tampered, replayed, reordered or lost)";
        case ChannelErrorCode::exhausted:
            return "message counter exhausted at " + n + "; a new session is needed";
        case ChannelErrorCode::broken:
            return "channel is broken by an earlier failure; " + n + " not opened";
    }
    return std::string(channel_error_name(error.code));
}

SecureChannel::SecureChannel(const ChannelKeys& keys, std::size_t max_plaintext_bytes)
    : keys_(keys), max_plaintext_bytes_(max_plaintext_bytes) {
    ensure_sodium();
}

SecureChannel::~SecureChannel() = default;

Result<Bytes, ChannelError> SecureChannel::seal(ByteView plaintext) {
    if (plaintext.size() > max_plaintext_bytes_) {
        return fail(ChannelError{ChannelErrorCode::too_large, send_counter_, plaintext.size(),
                                 max_plaintext_bytes_});
    }
    if (send_counter_ == kLastCounter)
        return fail(ChannelError{ChannelErrorCode::exhausted, send_counter_});
    const Nonce nonce = nonce_for(send_counter_);
    Bytes out(plaintext.size() + kTagBytes);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(out.data(), &written, plaintext.data(),
                                               plaintext.size(), nullptr, 0, nullptr, nonce.data(),
                                               keys_.send.data());
    // Invariant: the ciphertext is exactly the plaintext plus the tag.
    out.resize(static_cast<std::size_t>(written));
    ++send_counter_;
    return out;
}

Result<Bytes, ChannelError> SecureChannel::refuse(ChannelError error) {
    broken_ = true;
    return fail(error);
}

Result<Bytes, ChannelError> SecureChannel::open(ByteView ciphertext) {
    if (broken_) return fail(ChannelError{ChannelErrorCode::broken, receive_counter_});
    if (ciphertext.size() < kTagBytes) {
        return refuse(ChannelError{ChannelErrorCode::too_short, receive_counter_, ciphertext.size(),
                                   kTagBytes});
    }
    if (ciphertext.size() - kTagBytes > max_plaintext_bytes_) {
        return refuse(ChannelError{ChannelErrorCode::too_large, receive_counter_, ciphertext.size(),
                                   max_plaintext_bytes_ + kTagBytes});
    }
    if (receive_counter_ == kLastCounter)
        return refuse(ChannelError{ChannelErrorCode::exhausted, receive_counter_});
    const Nonce nonce = nonce_for(receive_counter_);
    Bytes out(ciphertext.size() - kTagBytes);
    unsigned long long written = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(out.data(), &written, nullptr, ciphertext.data(),
                                                   ciphertext.size(), nullptr, 0, nonce.data(),
                                                   keys_.receive.data()) != 0) {
        return refuse(ChannelError{ChannelErrorCode::not_authentic, receive_counter_});
    }
    out.resize(static_cast<std::size_t>(written));
    ++receive_counter_;
    return out;
}

}  // namespace baken::channel
