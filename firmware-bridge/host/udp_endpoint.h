// UDP on IPv4 for the simulated channel and its modems: an address as a value, a
// non-blocking socket bound to one, and datagrams to and from it. Plain POSIX, so the channel
// and the modem need no event library.
#pragma once

#include <sys/types.h>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace baken::modem::host {

struct Endpoint {
    std::uint32_t address = 0x7F000001;  // host byte order; 127.0.0.1
    std::uint16_t port = 0;
    auto operator<=>(const Endpoint&) const = default;
};

// "127.0.0.1:5000" (a numeric IPv4 address and a port 1..65535), or false.
bool parse_endpoint(std::string_view text, Endpoint& out);
std::string to_string(const Endpoint& endpoint);

// A non-blocking UDP socket bound to `local` (port 0: any free port); -1 and `error` set on
// failure. The caller owns the descriptor.
int open_udp_socket(const Endpoint& local, std::string& error);
// The address a socket is bound to (its port, when it was bound to port 0).
Endpoint local_endpoint(int fd);
// Sends one datagram; false if the kernel refused it (the channel treats a modem that went
// away like one out of range, so callers may ignore it).
bool send_datagram(int fd, const Endpoint& to, const std::uint8_t* data, std::size_t length);
// Receives one datagram into buffer; its length (a datagram longer than capacity reports
// capacity + 1, so callers can refuse it), or -1 when none is waiting.
ssize_t receive_datagram(int fd, std::uint8_t* buffer, std::size_t capacity, Endpoint& from);

}  // namespace baken::modem::host
