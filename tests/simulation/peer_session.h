// One sync session of a simulated node over one simulated TCP connection: the simulator's
// counterpart of the daemon's PeerConnection (daemon/sync/tcp/peer_connection.cc). After every
// event it does what PeerConnection does: announce the completed handshake, write what the
// session produced (while the TCP window has room), re-arm the session's timer, and wind down
// once the session has closed — a FIN after the last bytes.
//
// Keep the two in step: a behaviour of PeerConnection that this class lacks is a behaviour
// the simulation cannot find bugs in.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "simulation/event_loop.h"
#include "simulation/tcp_connection.h"
#include "sync/session/sync_session.h"

namespace baken::sim {

class SimNode;

class PeerSession final : public TcpOwner {
  public:
    // `dialer` is the neighbour this node dialled, or nullopt for an accepted connection.
    PeerSession(SimNode& node, std::uint64_t serial, std::shared_ptr<TcpConnection> connection,
                int end, std::unique_ptr<sync::SyncSession> session, std::optional<int> dialer);
    ~PeerSession();
    PeerSession(const PeerSession&) = delete;
    PeerSession& operator=(const PeerSession&) = delete;

    void start();
    void push(const MessageId& id);  // a message this node stored
    void close(const std::string& reason);
    // The node crashed: the connection end disappears without FIN or RST.
    void vanish();

    sync::SyncSession& session() { return *session_; }
    const sync::SyncSession& session() const { return *session_; }
    std::uint64_t serial() const { return serial_; }
    std::optional<int> dialer() const { return dialer_; }
    int peer_node() const { return connection_->node(1 - end_); }
    bool finished() const { return finished_; }
    bool saw_corruption() const { return connection_->corruption_delivered(); }
    std::int64_t started_ms() const { return started_ms_; }

    void on_tcp_data(ByteView data) override;
    void on_tcp_fin() override;
    void on_tcp_reset(const std::string& reason) override;
    void on_tcp_writable() override;

  private:
    void after_event();
    void write_output();
    void arm_timer();
    void schedule_timer(SimTime at);
    void on_timer_event(std::uint64_t generation);
    void finish();

    SimNode& node_;
    std::uint64_t serial_;
    std::shared_ptr<TcpConnection> connection_;
    int end_;
    std::unique_ptr<sync::SyncSession> session_;
    std::optional<int> dialer_;
    std::int64_t started_ms_;
    SimTime timer_at_ = -1;  // when the pending timer event fires; -1 when none is pending
    std::uint64_t timer_generation_ = 0;
    bool announced_ = false;
    bool spin_reported_ = false;
    bool finished_ = false;
};

}  // namespace baken::sim
