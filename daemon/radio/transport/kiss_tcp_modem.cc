// See kiss_tcp_modem.h.
#include "radio/transport/kiss_tcp_modem.h"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <memory>
#include <utility>

namespace baken::radio {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

KissTcpModem::KissTcpModem(asio::io_context& io, std::string address, std::uint16_t port,
                           ReopenDelays delays)
    : ReopeningConnection(io, delays),
      address_(std::move(address)),
      port_(port),
      socket_(io),
      connect_timer_(io) {
    boost::system::error_code ec;
    const auto ip = asio::ip::make_address(address_, ec);
    if (!ec) endpoint_ = tcp::endpoint(ip, port_);
}

std::string KissTcpModem::target() const {
    const bool v6 = address_.find(':') != std::string::npos;
    return (v6 ? "[" + address_ + "]" : address_) + ":" + std::to_string(port_);
}

std::string KissTcpModem::describe() const {
    return "KISS over TCP " + target();
}

void KissTcpModem::open_stream(OpenDone done) {
    if (!endpoint_) {
        std::string failure = "\"" + address_ + "\" is not a numeric IP address";
        asio::post(io(), [done = std::move(done), failure] { done(failure); });
        return;
    }
    // The connect and its timeout race; whichever ends first decides.
    struct Race {
        bool connect_ended = false;
        bool timed_out = false;
    };
    auto race = std::make_shared<Race>();
    connect_timer_.expires_after(kConnectTimeout);
    connect_timer_.async_wait(guarded([this, race](const boost::system::error_code& ec) {
        if (ec || race->connect_ended) return;
        race->timed_out = true;
        boost::system::error_code ignored;
        socket_.close(ignored);  // ends the connect with operation_aborted
    }));
    socket_.async_connect(
        *endpoint_, guarded([this, done = std::move(done), race](boost::system::error_code ec) {
            race->connect_ended = true;
            connect_timer_.cancel();
            if (race->timed_out)
                return done("connect " + target() + ": no answer in " +
                            std::to_string(kConnectTimeout.count()) + " s");
            if (!ec) socket_.set_option(tcp::no_delay(true), ec);
            if (!ec) socket_.set_option(asio::socket_base::keep_alive(true), ec);
            if (ec) return done("connect " + target() + ": " + ec.message());
            done({});
        }));
}

void KissTcpModem::read_some(asio::mutable_buffer into, IoDone done) {
    socket_.async_read_some(into, std::move(done));
}

void KissTcpModem::write_all(asio::const_buffer bytes, IoDone done) {
    asio::async_write(socket_, bytes, std::move(done));
}

void KissTcpModem::close_stream() {
    boost::system::error_code ignored;
    connect_timer_.cancel();
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
}

std::unique_ptr<ModemConnection> make_kiss_tcp_modem(asio::io_context& io, std::string address,
                                                     std::uint16_t port, ReopenDelays delays) {
    return std::make_unique<KissTcpModem>(io, std::move(address), port, delays);
}

}  // namespace baken::radio
