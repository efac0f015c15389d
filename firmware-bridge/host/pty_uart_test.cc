// PtyUart: bytes pass unchanged both ways between the modem and a client on the slave side,
// a client that closes the port does not hang up the modem, and a client reads only what was
// written while it had the port open.
#include "host/pty_uart.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <thread>
#include <vector>

namespace baken::modem::host {
namespace {

using namespace std::chrono_literals;

std::vector<std::uint8_t> every_byte_value() {
    std::vector<std::uint8_t> bytes(256);
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i);
    return bytes;
}

// Reads from the modem side until `want` bytes came or 2 s passed.
std::vector<std::uint8_t> read_uart(PtyUart& uart, std::size_t want) {
    std::vector<std::uint8_t> got;
    auto deadline = std::chrono::steady_clock::now() + 2s;
    while (got.size() < want && std::chrono::steady_clock::now() < deadline) {
        std::uint8_t buffer[64];
        std::size_t n = uart.read(buffer, sizeof buffer);
        got.insert(got.end(), buffer, buffer + n);
        if (n == 0) {
            pollfd p{uart.fd(), POLLIN, 0};
            ::poll(&p, 1, 20);
        }
    }
    return got;
}

// The same from the client side, waiting up to `wait`.
std::vector<std::uint8_t> read_client(int fd, std::size_t want,
                                      std::chrono::milliseconds wait = 2s) {
    std::vector<std::uint8_t> got;
    auto deadline = std::chrono::steady_clock::now() + wait;
    while (got.size() < want && std::chrono::steady_clock::now() < deadline) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 20) <= 0) continue;
        std::uint8_t buffer[64];
        ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) got.insert(got.end(), buffer, buffer + n);
    }
    return got;
}

int open_client(const PtyUart& uart) {
    return ::open(uart.slave_path().c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK);
}

TEST(PtyUart, EveryByteValuePassesUnchangedBothWays) {
    std::string error;
    auto uart = PtyUart::open(error);
    ASSERT_TRUE(uart) << error;
    int client = open_client(*uart);
    ASSERT_GE(client, 0);
    auto bytes = every_byte_value();  // includes 0x03 (^C), CR, LF and the KISS specials

    ASSERT_EQ(::write(client, bytes.data(), bytes.size()), 256);
    EXPECT_EQ(read_uart(*uart, 256), bytes);

    EXPECT_EQ(uart->write(bytes.data(), bytes.size()), 256u);
    EXPECT_FALSE(uart->write_blocked());
    EXPECT_EQ(read_client(client, 256), bytes);
    ::close(client);
}

TEST(PtyUart, AClientThatClosesThePortDoesNotHangUpTheModem) {
    std::string error;
    auto uart = PtyUart::open(error);
    ASSERT_TRUE(uart) << error;
    int first = open_client(*uart);
    ASSERT_GE(first, 0);
    ::close(first);

    pollfd p{uart->fd(), POLLIN, 0};
    EXPECT_EQ(::poll(&p, 1, 50), 0) << "revents " << p.revents << ": a hangup would spin";
    std::uint8_t buffer[8];
    EXPECT_EQ(uart->read(buffer, sizeof buffer), 0u);

    int second = open_client(*uart);
    ASSERT_GE(second, 0);
    std::uint8_t hello[] = {0xC0, 0x00, 'h', 'i', 0xC0};
    ASSERT_EQ(::write(second, hello, sizeof hello), 5);
    EXPECT_EQ(read_uart(*uart, 5), std::vector<std::uint8_t>(hello, hello + 5));
    EXPECT_EQ(uart->write(hello, sizeof hello), 5u);
    EXPECT_EQ(read_client(second, 5), std::vector<std::uint8_t>(hello, hello + 5));
    ::close(second);
}

TEST(PtyUart, WhatIsWrittenWhileNoClientHasThePortIsDropped) {
    std::string error;
    auto uart = PtyUart::open(error);
    ASSERT_TRUE(uart) << error;
    // More than the pty would hold: taken whole, never blocked.
    const auto old = every_byte_value();
    for (int i = 0; i < 200; ++i) {
        ASSERT_EQ(uart->write(old.data(), old.size()), old.size()) << i;
        ASSERT_FALSE(uart->write_blocked()) << i;
    }
    int client = open_client(*uart);
    ASSERT_GE(client, 0);
    const std::uint8_t fresh[] = {0xC0, 0x00, 'n', 'e', 'w', 0xC0};
    EXPECT_EQ(uart->write(fresh, sizeof fresh), sizeof fresh);
    // Anything older would come first.
    EXPECT_EQ(read_client(client, sizeof fresh), std::vector<std::uint8_t>(fresh, fresh + 6));
    EXPECT_TRUE(read_client(client, 1, 100ms).empty());
    ::close(client);
}

TEST(PtyUart, WhatAClientLeftUnreadIsNotReadByTheNext) {
    std::string error;
    auto uart = PtyUart::open(error);
    ASSERT_TRUE(uart) << error;
    int first = open_client(*uart);
    ASSERT_GE(first, 0);
    const auto unread = every_byte_value();
    ASSERT_EQ(uart->write(unread.data(), unread.size()), unread.size());
    ::close(first);
    std::uint8_t buffer[8];
    EXPECT_EQ(uart->read(buffer, sizeof buffer), 0u);  // the modem's next step notices

    int second = open_client(*uart);
    ASSERT_GE(second, 0);
    const std::uint8_t fresh[] = {0xC0, 0x00, 'n', 'e', 'w', 0xC0};
    EXPECT_EQ(uart->write(fresh, sizeof fresh), sizeof fresh);
    EXPECT_EQ(read_client(second, sizeof fresh), std::vector<std::uint8_t>(fresh, fresh + 6));
    EXPECT_TRUE(read_client(second, 1, 100ms).empty());
    ::close(second);
}

TEST(PtyUart, WhileOneOfTwoClientsStaysFramesStillReachIt) {
    std::string error;
    auto uart = PtyUart::open(error);
    ASSERT_TRUE(uart) << error;
    int first = open_client(*uart);
    int second = open_client(*uart);
    ASSERT_GE(first, 0);
    ASSERT_GE(second, 0);
    ::close(first);
    const std::uint8_t frame[] = {0xC0, 0x00, 'h', 'i', 0xC0};
    EXPECT_EQ(uart->write(frame, sizeof frame), sizeof frame);
    EXPECT_EQ(read_client(second, sizeof frame), std::vector<std::uint8_t>(frame, frame + 5));
    ::close(second);
}

TEST(PtyUart, WhileNobodyHasThePortFdWakesPollOnlyWhenAClientOpensIt) {
    std::string error;
    auto uart = PtyUart::open(error);
    ASSERT_TRUE(uart) << error;
    const int waiting = uart->fd();
    pollfd p{waiting, POLLIN, 0};
    EXPECT_EQ(::poll(&p, 1, 50), 0) << "revents " << p.revents << ": would spin";
    int client = open_client(*uart);
    ASSERT_GE(client, 0);
    p = {waiting, POLLIN, 0};
    EXPECT_EQ(::poll(&p, 1, 1000), 1);
    // From now on the caller polls the master, which the client's bytes wake.
    const int master = uart->fd();
    EXPECT_NE(master, waiting);
    const std::uint8_t hello[] = {0xC0, 0x00, 'h', 'i', 0xC0};
    ASSERT_EQ(::write(client, hello, sizeof hello), 5);
    p = {master, POLLIN, 0};
    EXPECT_EQ(::poll(&p, 1, 1000), 1);
    EXPECT_EQ(read_uart(*uart, 5), std::vector<std::uint8_t>(hello, hello + 5));
    ::close(client);
    EXPECT_EQ(uart->fd(), waiting);
}

}  // namespace
}  // namespace baken::modem::host
