// One simulated Baken node: its identity, its own LMDB store in its own directory, its
// validation path, and its peer sessions over the simulated network.
//
// The peer-management half mirrors the daemon's SyncService (daemon/sync/tcp/sync_service.cc):
// dial the configured neighbours and re-dial with jittered backoff (1 s doubling to 60 s,
// ±25 %, back to 1 s after a session that lasted 30 s; a dialer that knows its peer's key waits
// instead while an established session with that key exists, and resumes its backoff when it
// ends); accept up to max_sessions; keep one session per peer key (the one initiated by the
// node with the smaller key); push every newly
// stored message to every open session; sweep expired messages every minute. Keep the two in
// step, or better, move that logic out of the Asio adapter into a sans-IO class both use.
//
// crash() is a kill -9: sessions vanish without a word, the store is closed with whatever it
// had committed (LMDB commits are durable, so: everything acknowledged), and the node is down
// until start() reopens the store from its directory.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "crypto/identity.h"
#include "message/reject.h"
#include "picture/picture_engine.h"
#include "simulation/network.h"
#include "simulation/peer_session.h"
#include "simulation/sim_clock.h"
#include "store/store.h"
#include "validation/validation_path.h"

namespace baken::sim {

// What the node knows of the simulation around it.
struct NodeEnvironment {
    EventLoop& loop;
    const SimClock& clock;
    Network& network;
    // Whether a node is the adversary (sessions with it may end in protocol errors).
    std::function<bool(int node)> is_malicious;
    // A broken property, for the run's verdict.
    std::function<void(int node, const std::string& what)> violation;
    // Every message the node newly stored, from any source, as it is stored.
    std::function<void(int node, const MessageId& id)> stored;
    // What the node does (sessions, dials, crashes), for --trace; empty when not tracing.
    std::function<void(int node, const std::string& what)> trace;
};

struct NodeSetup {
    int index = 0;
    std::string name;
    std::filesystem::path dir;
    std::uint64_t quota_bytes = 256ull << 20;
    std::size_t max_sessions = 32;
    std::vector<PublicKey> trusted_roots;  // empty: authorises nothing (docs/trust.md)
    bool keep_picture = true;              // follow the store with a picture, as bakend does
};

struct NodeStats {
    std::uint64_t sessions_started = 0;
    std::uint64_t sessions_established = 0;
    std::uint64_t session_bytes_out = 0;
    std::uint64_t session_bytes_in = 0;
    std::uint64_t messages_sent = 0;
    std::uint64_t messages_received = 0;
    std::uint64_t duplicates_received = 0;
    std::uint64_t rejected_received = 0;
    std::uint64_t symbols_sent = 0;
    std::uint64_t symbols_received = 0;
    std::uint64_t reconciliations = 0;
    std::uint64_t crashes = 0;
    std::uint64_t expired_removed = 0;
    std::array<std::uint64_t, kRejectCodeCount> refused{};  // by the validation path, by code
    std::map<std::string, std::uint64_t> close_reasons;
};

class SimNode final : public Host {
  public:
    SimNode(NodeEnvironment& env, NodeSetup setup, const Identity& identity, SimRandom random);
    ~SimNode();

    // Keep a session with this neighbour, dialling it (optionally pinning its key).
    void add_dial(int peer, std::optional<PublicKey> pin);
    // Opens the store (creating it the first time) and starts dialling. Errors: the store's.
    Result<Done, std::string> start();
    void crash();

    bool running() const override { return store_ != nullptr; }
    void accept(std::shared_ptr<TcpConnection> connection) override;

    // Messages handed to this node by people or programs (the HTTP API's path; several at
    // once like a bundle import). REQUIRES: running().
    std::vector<Verdict> post(std::span<const ByteView> envelopes);
    // What a compromised node can do: store anything, bypassing validation, and offer it.
    // REQUIRES: running().
    void plant(const DecodedMessage& message);

    int index() const { return setup_.index; }
    const std::string& name() const { return setup_.name; }
    const Identity& identity() const { return identity_; }
    // REQUIRES: running().
    Store& store() { return *store_; }
    // The picture that followed the store since start(); null when not kept or not running.
    const picture::PictureEngine* picture() const { return picture_.get(); }
    const NodeStats& stats() const { return stats_; }
    // Counters of the sessions still open, added to stats() (for reports mid-run).
    NodeStats stats_with_open_sessions() const;
    std::size_t open_sessions() const { return sessions_.size(); }

    // For PeerSession.
    EventLoop& loop() { return env_.loop; }
    const SimClock& clock() const { return env_.clock; }
    PeerSession* find_session(std::uint64_t serial);
    void on_session_established(PeerSession& session);
    void on_session_finished(PeerSession& session);
    void report_violation(const std::string& what) { env_.violation(setup_.index, what); }
    void trace(const std::string& what) {
        if (env_.trace) env_.trace(setup_.index, what);
    }

  private:
    struct Dialer {
        int peer = 0;
        std::optional<PublicKey> pin;
        std::int64_t delay_ms = 0;
        std::int64_t session_started_ms = 0;
        bool connected = false;
        std::uint64_t timer = 0;           // the pending re-dial; a newer one supersedes it
        std::optional<PublicKey> learned;  // proved in a session from this dialer (this life)
        bool waiting = false;              // for the established session with known_key() to end
        std::optional<PublicKey> known_key() const { return pin ? pin : learned; }
    };

    void dial(std::size_t dialer);
    void redial_later(std::size_t dialer);
    bool has_session_with(const PublicKey& key) const;
    void wake_dialers_waiting_for(const PublicKey& key);
    void start_session(std::shared_ptr<TcpConnection> connection, int end,
                       std::optional<PublicKey> pin, std::optional<std::size_t> dialer);
    void on_stored(const MessageId& id);
    void sweep_expired();
    void add_counters(const PeerSession& session, NodeStats& stats) const;
    void bury(std::unique_ptr<PeerSession> session);
    void check_close_reason(const PeerSession& session, const std::string& reason);
    void save_refusals();

    NodeEnvironment& env_;
    NodeSetup setup_;
    Identity identity_;
    std::unique_ptr<trust::CredentialBook> credentials_;
    SimRandom random_;
    std::unique_ptr<Store> store_;
    std::unique_ptr<ValidationPath> validation_;
    std::unique_ptr<picture::PictureEngine> picture_;
    std::vector<Dialer> dialers_;
    std::map<std::uint64_t, std::unique_ptr<PeerSession>> sessions_;  // by serial: a fixed order
    std::vector<std::unique_ptr<PeerSession>> graveyard_;  // finished, freed at the next event
    std::uint64_t next_serial_ = 0;
    std::uint64_t incarnation_ = 0;  // bumped by crash(): callbacks of an earlier life do nothing
    NodeStats stats_;
};

}  // namespace baken::sim
