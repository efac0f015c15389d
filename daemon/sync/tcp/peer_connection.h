// One TCP connection carrying one SyncSession: reads bytes into the session, writes what it
// produces, and wakes it at its deadline. Nothing else: the protocol lives in the session.
//
// Kept alive by shared_from_this() in each pending handler (the Asio examples' idiom).
// When the session closes, the connection shuts the socket and reports to its owner once.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>
#include <string>

#include "common/clock.h"
#include "sync/session/sync_session.h"

namespace baken::sync {

class PeerConnection : public std::enable_shared_from_this<PeerConnection> {
  public:
    // Called once when the handshake completes, and once when the connection ends.
    struct Observer {
        std::function<void(PeerConnection&)> on_established;
        std::function<void(PeerConnection&)> on_closed;
        std::function<void(PeerConnection&)> on_progress;  // after traffic: for mesh health
    };

    PeerConnection(boost::asio::ip::tcp::socket socket, std::unique_ptr<SyncSession> session,
                   const Clock& clock, Observer observer, std::string remote);
    void start();
    void push(const MessageId& id);  // a newly stored message
    void close(const std::string& reason);

    SyncSession& session() { return *session_; }
    const std::string& remote() const { return remote_; }

  private:
    void do_read();
    void do_write();
    void arm_timer();
    void after_event();
    void finish();

    boost::asio::ip::tcp::socket socket_;
    boost::asio::steady_timer timer_;
    std::unique_ptr<SyncSession> session_;
    const Clock& clock_;
    Observer observer_;
    std::string remote_;
    std::array<std::uint8_t, 16 * 1024> read_buffer_{};
    std::string writing_;
    bool write_in_flight_ = false;
    bool announced_ = false;
    bool finished_ = false;
};

}  // namespace baken::sync
