// A client of a software TNC's KISS TCP port, such as Dire Wolf's (port 8001) or a soundmodem
// on the same machine: the TNC does the modulation, this only moves KISS bytes. Reconnects
// when the TNC restarts or closes the connection.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <optional>

#include "radio/transport/reopening_connection.h"

namespace baken::radio {

class KissTcpModem final : public ReopeningConnection {
  public:
    // A connect that has not completed in this long fails (a TNC on a host that went away
    // would otherwise hold the attempt for minutes of SYN retries).
    static constexpr std::chrono::seconds kConnectTimeout{10};

    KissTcpModem(boost::asio::io_context& io, std::string address, std::uint16_t port,
                 ReopenDelays delays);
    std::string describe() const override;

  private:
    void open_stream(OpenDone done) override;
    void read_some(boost::asio::mutable_buffer into, IoDone done) override;
    void write_all(boost::asio::const_buffer bytes, IoDone done) override;
    void close_stream() override;
    std::string up_text() const override { return "connected"; }
    std::string closed_text() const override { return "the TNC closed the connection"; }
    std::string target() const;  // "ADDR:PORT", IPv6 in brackets

    const std::string address_;
    const std::uint16_t port_;
    std::optional<boost::asio::ip::tcp::endpoint> endpoint_;  // nullopt: address not numeric
    boost::asio::ip::tcp::socket socket_;
    boost::asio::steady_timer connect_timer_;
};

}  // namespace baken::radio
