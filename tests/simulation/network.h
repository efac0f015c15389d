// The simulated network: nodes (hosts), the links between them, and connect(2).
//
// Only neighbours (nodes joined by a link) can connect; there is no routing. A connection
// attempt behaves as Linux's does: the SYN is retransmitted after 1, 2, 4, ... s and the attempt
// fails with "connection timed out" after 127 s (tcp_syn_retries = 6) while the link is down or
// the SYN is lost; a machine that is down but reachable answers "connection refused" after one
// round trip — a simplification: a crashed machine in life is silent until it reboots.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "simulation/event_loop.h"
#include "simulation/link.h"
#include "simulation/sim_random.h"
#include "simulation/tcp_connection.h"

namespace baken::sim {

// A node as the network sees it.
class Host {
  public:
    virtual bool running() const = 0;
    // A connection arrived for this host; its end is 1. The host attaches an owner to it or
    // closes it.
    virtual void accept(std::shared_ptr<TcpConnection> connection) = 0;

  protected:
    ~Host() = default;
};

class Network {
  public:
    // Connect gives up after this long (the last SYN retransmission waits 64 s).
    static constexpr SimTime kConnectTimeout = 127 * kSecond;

    Network(EventLoop& loop, SimRandom random);

    // REQUIRES: nodes are added in index order 0, 1, 2, ...
    void add_host(Host* host) { hosts_.push_back(host); }
    Link& add_link(int a, int b, const LinkParams& params);
    Link* link(int a, int b) const;
    const std::vector<std::unique_ptr<Link>>& links() const { return links_; }
    // Neighbours of a node, in the order their links were added.
    const std::vector<int>& neighbours(int node) const;

    // Opens a connection from `from` to its neighbour `to`; `done` runs exactly once, with the
    // connection (end 0 is the caller's) or with an error and no connection.
    using ConnectDone = std::function<void(std::shared_ptr<TcpConnection>, const std::string&)>;
    void connect(int from, int to, ConnectDone done);

    // What a node put on the wire (headers and retransmissions included).
    std::uint64_t wire_bytes_sent(int node) const;
    std::uint64_t connections_opened() const { return next_connection_id_; }
    std::uint64_t corrupted_delivered() const { return context_.corrupted_delivered; }

  private:
    void send_syn(int from, int to, int attempt, SimTime started, ConnectDone done);

    EventLoop& loop_;
    NetContext context_;
    std::vector<Host*> hosts_;
    std::vector<std::unique_ptr<Link>> links_;
    std::map<std::pair<int, int>, Link*> by_ends_;
    std::map<int, std::vector<int>> neighbours_;
    std::uint64_t next_connection_id_ = 0;
};

}  // namespace baken::sim
