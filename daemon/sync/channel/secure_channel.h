// The data phase of a peer sync connection: authenticated encryption of each frame payload
// with the keys a completed Handshake produced (handshake.h).
//
// Construction: XChaCha20-Poly1305 (libsodium crypto_aead_xchacha20poly1305_ietf), one key per
// direction, no additional data. The nonce is not sent: it is the number of messages sealed
// before this one in this direction (a 64-bit counter, little-endian in the first 8 of the
// 24 nonce bytes, the rest zero). A ciphertext is plaintext.size() + kTagBytes bytes.
//
// Why a counter nonce is safe here. An AEAD nonce must never repeat under one key. Each
// direction of each session has its own key (ChannelKeys::send / receive), derived from that
// session's ephemeral X25519 exchange through BLAKE2b with a direction label, so a key is
// never shared between directions, sessions or peers, and within one key the counter only
// counts up (seal() refuses rather than wrap at 2^64 - 1). Fresh keys per session need only
// one side's ephemeral seed to be fresh (see handshake.h). Random 24-byte nonces would also be
// safe with XChaCha, but would cost 24 bytes a frame, hidden randomness, and the ordering
// check below.
//
// Why the counter makes every stream fault fatal. The receiver opens message n with nonce n.
// A frame that is replayed, reordered, dropped, truncated or changed therefore fails to
// authenticate (not_authentic). TCP delivers in order and intact, so such a failure means an
// attacker or a bug, never the network: the caller must drop the peer. The channel then stays
// broken: every later open() fails too, so no frame after a gap is ever accepted.
//
// Sans-IO: no sockets, no clock, no randomness. Not thread-safe; one object per connection.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "common/result.h"
#include "sync/channel/frame_codec.h"

namespace baken::channel {

inline constexpr std::size_t kSymmetricKeyBytes = 32;
using SymmetricKey = std::array<std::uint8_t, kSymmetricKeyBytes>;

// The two data-phase keys of one end of a session. One end's `send` is the other's `receive`.
// Wiped when destroyed.
struct ChannelKeys {
    SymmetricKey send{};
    SymmetricKey receive{};

    ChannelKeys() = default;
    ChannelKeys(const ChannelKeys&) = default;
    ChannelKeys& operator=(const ChannelKeys&) = default;
    ~ChannelKeys();
};

enum class ChannelErrorCode {
    too_large,      // plaintext (seal) or ciphertext (open) beyond the configured maximum
    too_short,      // a ciphertext shorter than its authentication tag
    not_authentic,  // does not open as the next message: tampered, replayed, reordered or lost
    exhausted,      // 2^64 - 1 messages in one direction; a new session is needed
    broken,         // an earlier open() failed; nothing more is accepted on this channel
};

struct ChannelError {
    ChannelErrorCode code;
    std::uint64_t message_number = 0;  // the counter value the message was (or would be) at
    std::size_t size = 0;              // the offending size (too_large, too_short)
    std::size_t limit = 0;             // the limit it broke (too_large, too_short)
};

// Stable machine name: "not_authentic".
std::string_view channel_error_name(ChannelErrorCode code);
// For logs: "message 17 does not authenticate (tampered, replayed, reordered or lost)".
std::string describe(const ChannelError& error);

class SecureChannel {
  public:
    static constexpr std::size_t kTagBytes = 16;  // crypto_aead_xchacha20poly1305_ietf_ABYTES
    // The largest plaintext whose ciphertext fits a default-sized frame (frame_codec.h).
    static constexpr std::size_t kDefaultMaxPlaintextBytes = kDefaultMaxFrameBytes - kTagBytes;

    // Copies the keys. Pick max_plaintext_bytes so that max_plaintext_bytes + kTagBytes is at
    // most the frame size both ends decode; both ends should use the same value.
    explicit SecureChannel(const ChannelKeys& keys,
                           std::size_t max_plaintext_bytes = kDefaultMaxPlaintextBytes);
    SecureChannel(const SecureChannel&) = delete;
    SecureChannel& operator=(const SecureChannel&) = delete;
    SecureChannel(SecureChannel&&) = default;
    SecureChannel& operator=(SecureChannel&&) = default;
    ~SecureChannel();

    // The ciphertext of the next outgoing message (plaintext.size() + kTagBytes bytes); send
    // it as one frame, in the order sealed. An empty plaintext is allowed.
    // Errors (nothing is consumed, the channel stays usable):
    //   too_large: plaintext.size() > max_plaintext_bytes(); split the payload.
    //   exhausted: the send counter is spent; close the connection and handshake again.
    Result<Bytes, ChannelError> seal(ByteView plaintext);

    // The plaintext of the next incoming message.
    // Errors, after each of which the caller must drop the peer (the channel is broken from
    // then on, and every later call returns `broken`):
    //   too_large, too_short: no message of ours has that size;
    //   not_authentic: tampered, replayed, reordered, or a message was lost;
    //   exhausted: the receive counter is spent (the peer sent 2^64 - 1 messages);
    //   broken: an earlier open() failed.
    Result<Bytes, ChannelError> open(ByteView ciphertext);

    std::uint64_t messages_sealed() const { return send_counter_; }
    std::uint64_t messages_opened() const { return receive_counter_; }
    bool broken() const { return broken_; }
    std::size_t max_plaintext_bytes() const { return max_plaintext_bytes_; }

  private:
    Result<Bytes, ChannelError> refuse(ChannelError error);

    ChannelKeys keys_;
    std::size_t max_plaintext_bytes_;
    std::uint64_t send_counter_ = 0;
    std::uint64_t receive_counter_ = 0;
    bool broken_ = false;
};

}  // namespace baken::channel
