// Mutual authentication of two nodes for peer sync, and the keys of their SecureChannel.
//
// Three messages, shaped like Noise XX but with the nodes' Ed25519 identity keys proving who
// they are by signature (we have Ed25519 identities, not static X25519 keys); the exact format
// and key schedule are in handshake_wire.h:
//
//   msg1 hello     I -> R   "BAKEN-SYNC/1", ephemeral X25519 key e_I
//   msg2 response  R -> I   ephemeral e_R; encrypted: R's identity key, R's signature over h
//   msg3 finish    I -> R   encrypted: I's identity key, I's signature over h
//
// where h = BLAKE2b(magic | e_I | e_R) and the encryption keys come from the X25519 exchange of
// e_I and e_R (crypto_kx). Each side signs h under its own role's label. After msg3 both ends
// derive two data keys, one per direction, from the exchange through BLAKE2b with labels
// (distinct from the handshake encryption keys), and hand them to a SecureChannel.
//
// What it guarantees once complete():
//   - the peer holds the secret key of peer_key(): it signed this session's fresh transcript;
//   - only the two ends know the data keys (forward secret: the ephemeral secrets are wiped as
//     soon as the exchange is done; a later theft of an identity key does not reveal them);
//   - both ends agree on the transcript, the identities and the keys: any changed byte of any
//     message makes the handshake fail (the encrypted parts carry h as AEAD additional data,
//     the signatures cover h, the data keys also cover both identity keys);
//   - identities travel encrypted: a passive listener learns neither. An active attacker who
//     connects to a node learns that node's identity key from msg2 (as in Noise XX, the
//     responder reveals itself first); the initiator reveals its key only to an authenticated
//     responder (the one it pinned, when it pinned one).
//   - no misbinding: a node in the middle that relays e_I and e_R cannot put its own identity
//     into a box, because it cannot derive the box keys without an ephemeral secret.
//
// Replay. A recorded msg1 or msg3 cannot complete a new session:
//   - Replayed msg1 (an old e_I): the responder answers with a new e_R from a new seed. To
//     finish, the attacker must send a msg3 whose box opens under keys derived from the X25519
//     secret of the old e_I and the new e_R, and whose signature, by the initiator's identity,
//     covers an h containing the new e_R. The old e_I's secret was wiped by its owner and the
//     initiator never signed that h, so the responder fails with decryption_failed (an old
//     msg3) or bad_signature, and never completes.
//   - Replayed msg3 (into another session): its box was sealed under the old session's keys
//     and over the old h, so it does not open under the new ones: decryption_failed.
//   - Replayed msg2 to an initiator: likewise, the initiator's e_I is new.
// This rests on fresh seeds: a session's keys are fresh when either side's seed is, and the
// replay argument needs the *verifying* side's seed to be fresh. The daemon passes random
// bytes (randombytes_buf); the simulator must draw each seed anew from its PRNG, never reuse
// one for two sessions of the same node.
//
// Time. The handshake is given `now_ms` and must be done by deadline_ms() (creation time plus
// HandshakeOptions::timeout_ms, fixed: trickling bytes does not extend it). The caller arms a
// timer for deadline_ms() and calls on_timeout(now) when it fires; a message that arrives at or
// after the deadline also fails with `timeout`.
//
// Determinism: no hidden randomness or clock. The ephemeral key pair comes from the caller's
// 32-byte seed (crypto_kx_seed_keypair) and Ed25519 signatures are deterministic, so the same
// identities, seeds and messages always produce the same bytes and keys.
//
// Sans-IO: bytes in (one handshake message per frame, frame_codec.h), bytes out. Not
// thread-safe; one object per connection attempt. Never throws on peer input.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "common/result.h"
#include "crypto/identity.h"
#include "crypto/keys.h"
#include "sync/channel/handshake_wire.h"
#include "sync/channel/secure_channel.h"

namespace baken::channel {

enum class HandshakeErrorCode {
    bad_magic,            // msg1 does not start with "BAKEN-SYNC/": not a Baken sync peer
    unsupported_version,  // msg1 is "BAKEN-SYNC/<v>" for a version this node does not speak
    malformed,            // wrong length, or an ephemeral key that cannot be used (low order)
    decryption_failed,    // the encrypted part does not open: changed in transit, or not made
                          // for this session (a replay)
    bad_signature,        // the box opened, but the signature over the transcript is invalid
    wrong_peer_key,       // authenticated, but not the key the configuration pins
    own_key,              // the peer is this node itself (e.g. discovery found our own address)
    unexpected_message,   // not the message this state expects (a second msg1, both ends
                          // initiating, msg3 before msg1, anything after the handshake ended)
    timeout,              // the deadline passed before the handshake completed
};

struct HandshakeError {
    HandshakeErrorCode code;
    std::string detail;  // for a person: which message, which key (by fingerprint)
};

// Stable machine name, for logs and metrics: "wrong_peer_key".
std::string_view handshake_error_name(HandshakeErrorCode code);
// "wrong peer key: peer is K7QM-3XTA-9PBD-W2HE, configuration expects ...".
std::string describe(const HandshakeError& error);

inline constexpr std::int64_t kDefaultHandshakeTimeoutMs = 10'000;

struct HandshakeOptions {
    // Pinning: when set, the handshake fails with wrong_peer_key unless the peer proves this
    // identity. The initiator checks before it reveals its own identity in msg3.
    std::optional<PublicKey> expected_peer;
    // REQUIRES: > 0.
    std::int64_t timeout_ms = kDefaultHandshakeTimeoutMs;
};

using EphemeralSeed = std::array<std::uint8_t, wire::kEphemeralSeedBytes>;

class Handshake {
  public:
    enum class Role { initiator, responder };

    // The end that opened the TCP connection. Send initial_message() first.
    // REQUIRES: `self` outlives the Handshake. `seed` must be fresh for every handshake
    // (random in the daemon; see "Replay" above).
    static Handshake initiator(const Identity& self, const EphemeralSeed& seed, std::int64_t now_ms,
                               HandshakeOptions options = {});
    // The end that accepted the connection; it waits for msg1.
    static Handshake responder(const Identity& self, const EphemeralSeed& seed, std::int64_t now_ms,
                               HandshakeOptions options = {});

    Handshake(Handshake&&) noexcept;
    Handshake& operator=(Handshake&&) noexcept;
    Handshake(const Handshake&) = delete;
    Handshake& operator=(const Handshake&) = delete;
    ~Handshake();  // wipes every secret it still holds

    // msg1 for an initiator (the same bytes on every call); empty for a responder.
    Bytes initial_message() const;

    // Processes one message from the peer (one frame's payload). Returns the bytes to send in
    // reply, possibly none: the initiator answers msg2 with msg3 and is then complete(); the
    // responder answers msg1 with msg2, and is complete() after msg3, with nothing to send.
    //
    // Errors (see HandshakeErrorCode). After any of them the handshake has failed for good:
    // drop the connection (log describe(error)). failure() keeps the first error; later calls
    // return unexpected_message. A call after complete() returns unexpected_message and leaves
    // the completed handshake as it was.
    Result<Bytes, HandshakeError> on_message(std::int64_t now_ms, ByteView message);

    // The caller's timer fired. If the handshake is still in progress and now_ms >=
    // deadline_ms(), it fails with `timeout` and this returns true; otherwise nothing changes.
    bool on_timeout(std::int64_t now_ms);

    // When on_timeout() should be called; nullopt once complete or failed.
    std::optional<std::int64_t> deadline_ms() const;

    Role role() const { return role_; }
    bool in_progress() const { return !complete() && !failed(); }
    bool complete() const { return state_ == State::complete; }
    bool failed() const { return state_ == State::failed; }
    // The first error, once failed().
    const std::optional<HandshakeError>& failure() const { return failure_; }

    // REQUIRES: complete(). The peer's authenticated identity key.
    const PublicKey& peer_key() const;
    // REQUIRES: complete(). This end's data keys: build the SecureChannel from them.
    const ChannelKeys& keys() const;
    // REQUIRES: complete(). Equal at both ends, unique per session; for logs (first bytes) or
    // to bind something to this session. Not secret.
    const wire::Digest& session_id() const;

  private:
    enum class State { awaiting_hello, awaiting_response, awaiting_finish, complete, failed };

    Handshake(Role role, const Identity& self, const EphemeralSeed& seed, std::int64_t now_ms,
              HandshakeOptions options);

    Result<Bytes, HandshakeError> on_hello(ByteView message);
    Result<Bytes, HandshakeError> on_response(ByteView message);
    Result<Bytes, HandshakeError> on_finish(ByteView message);
    // The message's kind is the one this state expects, or the error to fail with.
    std::optional<HandshakeError> check_kind(ByteView message, wire::MessageKind expected) const;
    // Opens the peer's box and checks its signature, own key and pin; sets peer_key_.
    std::optional<HandshakeError> authenticate_peer(const SymmetricKey& box_key,
                                                    std::string_view prefix, ByteView box);
    wire::IdentityProof prove(std::string_view prefix) const;
    void derive_data_keys();
    Failure<HandshakeError> fail_with(HandshakeErrorCode code, std::string detail);
    void wipe();

    Role role_;
    State state_;
    const Identity* self_;
    HandshakeOptions options_;
    std::int64_t deadline_ms_;
    wire::EphemeralKeyPair ephemeral_;
    wire::EphemeralKey peer_ephemeral_{};
    wire::KxKeys kx_;
    wire::Digest transcript_{};
    SymmetricKey box_key_in_{};  // the key of the box we expect from the peer (responder)
    PublicKey peer_key_{};
    ChannelKeys keys_;
    wire::Digest session_id_{};
    std::optional<HandshakeError> failure_;
};

}  // namespace baken::channel
