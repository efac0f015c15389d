// Peer sync over TCP: listens on the sync port, keeps dialling the configured (and
// discovered) peers with jittered backoff, runs one SyncSession per connection, and pushes
// every newly stored message to every established session.
//
// Bounds: at most `max_sessions` connections in and out together (further ones are closed at
// once); one session per peer key (when two nodes dial each other at the same moment, both
// keep the session the node with the smaller key initiated); reconnect delays from 1 s
// doubling to 60 s, each ±25 % at random so a mesh restarting after a power cut does not
// reconnect in lockstep.
//
// A dialer that knows its peer's key (pinned in the config, or proved in an earlier session
// from this dialer) does not dial while an established session with that key exists, however
// it came about: it waits, and resumes its backoff when that session ends. Without this, two
// nodes that both list each other redial every backoff period only to have one of the two
// sessions closed as a duplicate, for as long as the mesh is up.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "config/config.h"
#include "crypto/identity.h"
#include "sync/peer_table.h"
#include "sync/tcp/peer_connection.h"

namespace baken::sync {

class SyncService {
  public:
    SyncService(boost::asio::io_context& io, const Identity& identity, Store& store,
                ValidationPath& validation, const Clock& clock, PeerTable& peers,
                std::string node_name, std::size_t max_sessions);
    ~SyncService();

    Result<Done, std::string> listen(const std::string& address, std::uint16_t port);
    std::string local_address() const;
    std::uint16_t local_port() const;
    // Keeps a session with this peer, dialling again whenever it ends.
    void add_peer(const PeerAddress& peer);
    // A node announced itself on the LAN (verified beacon). Of two nodes that hear each other,
    // the one with the smaller key dials, once; the next beacon tries again if that failed.
    void on_discovered(const PublicKey& key, const std::string& address, std::uint16_t port);
    // A message this node stored: goes to every established session.
    void on_stored(const MessageId& id);
    void stop();

    std::size_t session_count() const { return connections_.size(); }
    // Sessions this node closed because another with the same peer key was established.
    std::uint64_t duplicate_closes() const { return duplicate_closes_; }

  private:
    struct Dialer;
    void accept_next();
    void dial(const std::shared_ptr<Dialer>& dialer);
    void redial_later(const std::shared_ptr<Dialer>& dialer);
    void start_session(boost::asio::ip::tcp::socket socket, Role role,
                       std::optional<PublicKey> expected, std::shared_ptr<Dialer> dialer);
    void on_established(PeerConnection& connection, const std::shared_ptr<Dialer>& dialer);
    void on_closed(PeerConnection& connection, const std::shared_ptr<Dialer>& dialer);
    // Whether a session with `key` is established and still open.
    bool has_session_with(const PublicKey& key) const;
    // Dialers that wait for the session with `key` to end go back to their backoff.
    void wake_dialers_waiting_for(const PublicKey& key);
    void on_progress(PeerConnection& connection);
    std::array<std::uint8_t, 32> random_seed();

    boost::asio::io_context& io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    const Identity& identity_;
    Store& store_;
    ValidationPath& validation_;
    const Clock& clock_;
    PeerTable& peers_;
    std::string node_name_;
    std::size_t max_sessions_;
    std::set<std::shared_ptr<PeerConnection>> connections_;
    std::vector<std::shared_ptr<Dialer>> dialers_;
    std::set<PublicKey> discovered_dialing_;  // keys with a dial from discovery under way
    std::mt19937_64 jitter_;
    std::uint64_t duplicate_closes_ = 0;
    bool stopped_ = false;
};

}  // namespace baken::sync
