// Tests of the KISS-over-TCP pipe against a tiny TNC stand-in on 127.0.0.1 (port 0: the OS
// picks one): bytes both ways, reconnecting after the TNC closes, and the backoff.
#include "radio/transport/kiss_tcp_modem.h"

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <vector>

#include "radio/transport/run_until.h"

namespace baken::radio {
namespace {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
using testing::run_for;
using testing::run_until;
using Clock = std::chrono::steady_clock;

// Accepts connections, records what arrives and when each connection came.
class TncStandIn {
  public:
    explicit TncStandIn(asio::io_context& io)
        : acceptor_(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
        accept();
    }
    std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

    // true: every connection is closed as soon as it is accepted.
    bool hang_up_at_once = false;
    std::string received;
    std::vector<Clock::time_point> accepted_at;

    void send(const std::string& bytes) { asio::write(*clients_.back(), asio::buffer(bytes)); }
    void close_clients() {
        boost::system::error_code ignored;
        for (auto& client : clients_) client->close(ignored);
        clients_.clear();
    }

  private:
    void accept() {
        acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
            if (ec) return;
            accepted_at.push_back(Clock::now());
            if (hang_up_at_once) {
                socket.close(ec);
            } else {
                clients_.push_back(std::make_shared<tcp::socket>(std::move(socket)));
                read(clients_.back());
            }
            accept();
        });
    }
    void read(std::shared_ptr<tcp::socket> client) {
        client->async_read_some(asio::buffer(buffer_),
                                [this, client](boost::system::error_code ec, std::size_t n) {
                                    if (ec) return;
                                    received.append(buffer_.data(), n);
                                    read(client);
                                });
    }

    tcp::acceptor acceptor_;
    std::vector<std::shared_ptr<tcp::socket>> clients_;
    std::array<char, 4096> buffer_{};
};

// A loopback port nobody listens on: bound once, then closed.
std::uint16_t closed_port(asio::io_context& io) {
    tcp::acceptor probe(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    return probe.local_endpoint().port();
}

class KissTcpModemTest : public ::testing::Test {
  protected:
    void start(const std::string& address, std::uint16_t port,
               ReopenDelays delays = {50ms, 200ms}) {
        modem_ = make_kiss_tcp_modem(io_, address, port, delays);
        modem_->start([this](ByteView bytes) { received_.append(as_chars(bytes)); },
                      [this](bool up, const std::string& why) {
                          ups_ += up ? 1 : 0;
                          whys_.push_back(why);
                      });
    }
    bool wait_up() {
        return run_until(io_, [this] { return modem_->is_up(); });
    }

    asio::io_context io_;
    std::unique_ptr<ModemConnection> modem_;
    std::string received_;
    int ups_ = 0;
    std::vector<std::string> whys_;
};

TEST_F(KissTcpModemTest, DescribesItselfWithAddressAndPort) {
    start("127.0.0.1", 8001);
    EXPECT_EQ(modem_->describe(), "KISS over TCP 127.0.0.1:8001");
    modem_ = make_kiss_tcp_modem(io_, "::1", 8001);
    EXPECT_EQ(modem_->describe(), "KISS over TCP [::1]:8001");
}

TEST_F(KissTcpModemTest, CarriesBytesBothWaysInOrder) {
    TncStandIn tnc(io_);
    start("127.0.0.1", tnc.port());
    ASSERT_TRUE(wait_up());
    EXPECT_EQ(whys_.back(), "connected");

    std::string sent;
    for (int i = 0; i < 30; ++i) {
        std::string frame = "\xc0" + std::string(200, static_cast<char>('a' + i % 26)) + "\xc0";
        sent += frame;
        modem_->send(frame);
    }
    ASSERT_TRUE(run_until(io_, [&] { return tnc.received.size() >= sent.size(); }));
    EXPECT_EQ(tnc.received, sent);

    const std::string reply("\xc0\x00reply\xc0", 8);
    tnc.send(reply);
    ASSERT_TRUE(run_until(io_, [&] { return received_.size() >= reply.size(); }));
    EXPECT_EQ(received_, reply);
}

TEST_F(KissTcpModemTest, ReconnectsAfterTheTncClosesTheConnection) {
    TncStandIn tnc(io_);
    start("127.0.0.1", tnc.port());
    ASSERT_TRUE(wait_up());
    tnc.close_clients();
    ASSERT_TRUE(run_until(io_, [this] { return !modem_->is_up(); }));
    EXPECT_EQ(whys_.back(), "the TNC closed the connection");

    ASSERT_TRUE(wait_up());
    EXPECT_EQ(tnc.accepted_at.size(), 2u);
    modem_->send("again");
    ASSERT_TRUE(run_until(io_, [&] { return tnc.received == "again"; }));
}

TEST_F(KissTcpModemTest, FirstReconnectWaitsOneSecondByDefault) {
    TncStandIn tnc(io_);
    start("127.0.0.1", tnc.port(), ReopenDelays{});
    ASSERT_TRUE(wait_up());
    tnc.close_clients();
    const auto closed = Clock::now();
    ASSERT_TRUE(run_until(
        io_, [&] { return tnc.accepted_at.size() == 2; }, 5s));
    EXPECT_GE(tnc.accepted_at[1] - closed, 1s);
    EXPECT_LT(tnc.accepted_at[1] - closed, 3s);
}

TEST_F(KissTcpModemTest, BacksOffWhileTheTncKeepsHangingUp) {
    TncStandIn tnc(io_);
    tnc.hang_up_at_once = true;
    // The longest wait is also how long a connection must last to count as healthy (which
    // starts the backoff afresh): long enough that a stalled test process is not mistaken
    // for one.
    start("127.0.0.1", tnc.port(), ReopenDelays{100ms, 800ms});
    ASSERT_TRUE(run_until(
        io_, [&] { return tnc.accepted_at.size() == 6; }, 10s));
    const std::chrono::milliseconds expected[] = {100ms, 200ms, 400ms, 800ms, 800ms};
    for (std::size_t i = 0; i < 5; ++i) {
        const auto waited = tnc.accepted_at[i + 1] - tnc.accepted_at[i];
        EXPECT_GE(waited, expected[i]) << "wait " << i;
        EXPECT_LT(waited, expected[i] + 500ms) << "wait " << i;
    }
}

TEST_F(KissTcpModemTest, ReportsARefusedConnectionAndSendsNothingWhileDown) {
    const std::uint16_t port = closed_port(io_);
    start("127.0.0.1", port);
    ASSERT_TRUE(run_until(io_, [this] { return !whys_.empty(); }));
    EXPECT_FALSE(modem_->is_up());
    EXPECT_EQ(whys_[0], "connect 127.0.0.1:" + std::to_string(port) + ": Connection refused");
    modem_->send("lost");
    EXPECT_EQ(modem_->dropped_bytes(), 4u);
    run_for(io_, 300ms);
    EXPECT_EQ(whys_.size(), 1u);  // the same failure again is not reported again
}

TEST_F(KissTcpModemTest, AHostNameIsRefused) {
    start("localhost", 8001);
    ASSERT_TRUE(run_until(io_, [this] { return !whys_.empty(); }));
    EXPECT_EQ(whys_[0], "\"localhost\" is not a numeric IP address");
}

TEST_F(KissTcpModemTest, StopEndsTheConnectionAndCallsNothingMore) {
    TncStandIn tnc(io_);
    start("127.0.0.1", tnc.port());
    ASSERT_TRUE(wait_up());
    const std::size_t calls = whys_.size();
    tnc.send("late bytes");
    modem_->stop();
    run_for(io_, 100ms);
    EXPECT_FALSE(modem_->is_up());
    EXPECT_EQ(whys_.size(), calls);
    EXPECT_TRUE(received_.empty());
    EXPECT_EQ(tnc.accepted_at.size(), 1u);  // and does not reconnect
}

TEST_F(KissTcpModemTest, DestroyingWhileConnectingIsSafe) {
    TncStandIn tnc(io_);
    start("127.0.0.1", tnc.port());
    modem_.reset();
    run_for(io_, 50ms);
    EXPECT_TRUE(whys_.empty());
}

}  // namespace
}  // namespace baken::radio
