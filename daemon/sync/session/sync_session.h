// One peer sync session, sans-IO: ciphertext bytes in, ciphertext bytes out, the time given.
//
//   bytes -> FrameDecoder -> Handshake (3 frames) -> SecureChannel -> SyncProtocol
//
// The TCP adapter (sync/tcp/) only moves bytes and drives the timer; the mesh simulator
// drives the same object over a simulated network. Any protocol error closes the session:
// closed() becomes true and close_reason() says why, for the log and mesh health.
//
// Bounds: frames up to kMaxFrameBytes; the handshake must finish within kHandshakeTimeoutMs;
// a peer that says nothing for kIdleTimeoutMs is dropped (we ping after kPingIntervalMs of our
// own silence); received bytes that bring no new message (duplicates, refused messages,
// control frames) are limited by a token bucket (FloodLimit: 4 MiB/s, burst 16 MiB),
// so a flooding peer is dropped while an honest one may deliver a backlog at any speed.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>

#include "crypto/identity.h"
#include "store/store.h"
#include "sync/session/sync_protocol.h"
#include "validation/validation_path.h"

namespace baken::sync {

// Received bytes that bring nothing new, per peer: a token bucket.
struct FloodLimit {
    double rate_bytes_per_s = 4.0 * 1024 * 1024;
    double burst_bytes = 16.0 * 1024 * 1024;
};

struct SessionParams {
    const Identity& identity;
    Role role;
    std::optional<PublicKey> expected_peer;         // pinned key from the config, if any
    std::array<std::uint8_t, 32> ephemeral_seed{};  // random in the daemon, seeded in simulation
    std::string node_name;
    std::int64_t now_ms = 0;
    FloodLimit flood{};
};

struct SessionCounters {
    std::uint64_t bytes_in = 0;
    std::uint64_t bytes_out = 0;
    std::uint64_t handshake_bytes_out = 0;  // part of bytes_out: the handshake's frames
};

class SyncSession {
  public:
    static constexpr std::size_t kMaxFrameBytes = 64 * 1024;
    static constexpr std::int64_t kHandshakeTimeoutMs = 10'000;
    static constexpr std::int64_t kPingIntervalMs = 60'000;
    static constexpr std::int64_t kIdleTimeoutMs = 180'000;

    SyncSession(const SessionParams& params, Store& store, ValidationPath& validation);
    ~SyncSession();
    SyncSession(const SyncSession&) = delete;
    SyncSession& operator=(const SyncSession&) = delete;

    // Bytes from the peer, in order. On error the session closes.
    void on_bytes(ByteView bytes, std::int64_t now_ms);
    // Ciphertext ready to write, up to about `max_bytes` (whole frames; at least one frame if
    // any is ready). Empty when there is nothing to send now.
    std::string take_output(std::size_t max_bytes, std::int64_t now_ms);
    // When on_timer() wants to run next.
    std::int64_t next_deadline_ms() const;
    void on_timer(std::int64_t now_ms);
    // A message this node stored: push it to the peer once the session is up.
    void on_local_message(const MessageId& id);
    // Ends the session from our side (shutdown, duplicate session).
    void close(const std::string& reason);

    bool closed() const { return !close_reason_.empty(); }
    const std::string& close_reason() const { return close_reason_; }
    bool established() const { return protocol_ != nullptr; }
    Role role() const { return role_; }
    std::optional<PublicKey> peer_key() const { return peer_key_; }
    std::string peer_name() const;
    const SessionCounters& counters() const { return counters_; }
    const SyncProtocol* protocol() const { return protocol_.get(); }

  private:
    struct Channel;
    void on_frame(ByteView frame, std::int64_t now_ms);
    void on_handshake_frame(ByteView frame, std::int64_t now_ms);
    bool admit(std::size_t bytes, std::int64_t now_ms);
    void refund(std::uint64_t bytes);
    std::uint64_t new_message_bytes() const;
    void emit(ByteView plaintext_or_handshake, bool encrypt);

    Store& store_;
    ValidationPath& validation_;
    std::string node_name_;
    Role role_;
    std::unique_ptr<Channel> channel_;
    std::unique_ptr<SyncProtocol> protocol_;
    std::optional<PublicKey> peer_key_;
    std::string output_;  // framed ciphertext not yet taken
    std::string close_reason_;
    SessionCounters counters_;
    std::int64_t started_ms_;
    std::int64_t last_received_ms_;
    std::int64_t last_sent_ms_;
    FloodLimit flood_;
    double flood_tokens_;
    std::int64_t flood_refilled_ms_;
};

}  // namespace baken::sync
