// The UDP side of LAN discovery: sends this node's beacon to the broadcast address of every
// IPv4 interface that has one (never loopback), at a jittered interval, and reports every
// valid beacon from another node. Beacons of other software and bad ones are dropped with a
// debug line; nothing a beacon says is trusted beyond "try to connect here".
#pragma once

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <random>
#include <string>

#include "common/result.h"
#include "discovery/beacon.h"

namespace baken::discovery {

class LanBeacons {
  public:
    using Found = std::function<void(const Beacon& beacon, const boost::asio::ip::address& from)>;

    LanBeacons(boost::asio::io_context& io, const Identity& identity, std::string name,
               std::uint16_t sync_port, std::chrono::seconds interval, Found found);
    // Listens on UDP `port` (shared with other local nodes: SO_REUSEADDR) and starts sending.
    Result<Done, std::string> start(std::uint16_t port);
    void stop();

  private:
    void send_beacons();
    void schedule_next();
    void do_receive();

    boost::asio::ip::udp::socket socket_;
    boost::asio::steady_timer timer_;
    const Identity& identity_;
    std::string beacon_;
    std::uint16_t port_ = 0;
    std::chrono::seconds interval_;
    Found found_;
    std::mt19937 jitter_;
    std::array<std::uint8_t, kMaxBeaconBytes + 1> buffer_{};
    boost::asio::ip::udp::endpoint sender_;
    bool stopped_ = false;
};

}  // namespace baken::discovery
