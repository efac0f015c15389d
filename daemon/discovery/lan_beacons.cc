// See lan_beacons.h.
#include "discovery/lan_beacons.h"

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sodium.h>

#include <vector>

#include "common/log.h"

namespace baken::discovery {
namespace asio = boost::asio;
using udp = asio::ip::udp;

namespace {

// Broadcast addresses of the IPv4 interfaces that are up, have one, and are not loopback.
std::vector<asio::ip::address_v4> broadcast_addresses() {
    std::vector<asio::ip::address_v4> out;
    ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0) return out;
    for (ifaddrs* ifa = list; ifa != nullptr; ifa = ifa->ifa_next) {
        if (!ifa->ifa_addr || ifa->ifa_addr->sa_family != AF_INET || !ifa->ifa_broadaddr) continue;
        if (!(ifa->ifa_flags & IFF_UP) || !(ifa->ifa_flags & IFF_BROADCAST) ||
            (ifa->ifa_flags & IFF_LOOPBACK)) {
            continue;
        }
        auto* sin = reinterpret_cast<sockaddr_in*>(ifa->ifa_broadaddr);
        out.emplace_back(ntohl(sin->sin_addr.s_addr));
    }
    ::freeifaddrs(list);
    return out;
}

}  // namespace

LanBeacons::LanBeacons(asio::io_context& io, const Identity& identity, std::string name,
                       std::uint16_t sync_port, std::chrono::seconds interval, Found found)
    : socket_(io),
      timer_(io),
      identity_(identity),
      beacon_(encode_beacon(identity, sync_port, name)),
      interval_(interval),
      found_(std::move(found)),
      jitter_(randombytes_random()) {}

Result<Done, std::string> LanBeacons::start(std::uint16_t port) {
    port_ = port;
    boost::system::error_code ec;
    socket_.open(udp::v4(), ec);
    if (!ec) socket_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) socket_.set_option(asio::socket_base::broadcast(true), ec);
    if (!ec) socket_.bind(udp::endpoint(asio::ip::address_v4::any(), port), ec);
    if (ec)
        return fail("LAN discovery cannot listen on UDP port " + std::to_string(port) + ": " +
                    ec.message());
    do_receive();
    send_beacons();
    return Done{};
}

void LanBeacons::stop() {
    stopped_ = true;
    boost::system::error_code ec;
    timer_.cancel();
    socket_.close(ec);
}

void LanBeacons::send_beacons() {
    for (const auto& address : broadcast_addresses()) {
        boost::system::error_code ec;
        socket_.send_to(asio::buffer(beacon_), udp::endpoint(address, port_), 0, ec);
        if (ec)
            log::debug("discovery",
                       "beacon to " + address.to_string() + " failed: " + ec.message());
    }
    schedule_next();
}

// ±20 % so that nodes started together (after a power cut) do not keep beaconing in step.
void LanBeacons::schedule_next() {
    std::uniform_real_distribution<double> spread(0.8, 1.2);
    auto wait = std::chrono::milliseconds(static_cast<std::int64_t>(
        std::chrono::duration<double, std::milli>(interval_).count() * spread(jitter_)));
    timer_.expires_after(wait);
    timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec && !stopped_) send_beacons();
    });
}

void LanBeacons::do_receive() {
    socket_.async_receive_from(
        asio::buffer(buffer_), sender_, [this](boost::system::error_code ec, std::size_t n) {
            if (stopped_ || ec == asio::error::operation_aborted) return;
            if (!ec) {
                auto beacon = decode_beacon(ByteView(buffer_.data(), n));
                if (!beacon) {
                    log::debug("discovery", "ignored a packet from " +
                                                sender_.address().to_string() + ": " +
                                                beacon.error());
                } else if (beacon->node_key != identity_.public_key()) {
                    found_(*beacon, sender_.address());
                }
            }
            do_receive();
        });
}

}  // namespace baken::discovery
