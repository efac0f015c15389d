// PtyUart: bytes pass unchanged both ways between the modem and a client on the slave side,
// and a client that closes the port does not hang up the modem.
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

// The same from the client side.
std::vector<std::uint8_t> read_client(int fd, std::size_t want) {
    std::vector<std::uint8_t> got;
    auto deadline = std::chrono::steady_clock::now() + 2s;
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

}  // namespace
}  // namespace baken::modem::host
