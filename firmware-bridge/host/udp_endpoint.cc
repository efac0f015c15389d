// See udp_endpoint.h.
#include "host/udp_endpoint.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>
#include <charconv>
#include <cstring>

namespace baken::modem::host {
namespace {

sockaddr_in to_sockaddr(const Endpoint& e) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(e.address);
    addr.sin_port = htons(e.port);
    return addr;
}

}  // namespace

bool parse_endpoint(std::string_view text, Endpoint& out) {
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return false;
    std::string host(text.substr(0, colon));
    std::string_view port_text = text.substr(colon + 1);
    in_addr address{};
    if (::inet_pton(AF_INET, host.c_str(), &address) != 1) return false;
    unsigned port = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || port == 0 ||
        port > 65535)
        return false;
    out.address = ntohl(address.s_addr);
    out.port = static_cast<std::uint16_t>(port);
    return true;
}

std::string to_string(const Endpoint& e) {
    in_addr address{htonl(e.address)};
    char text[INET_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET, &address, text, sizeof text);
    return std::string(text) + ":" + std::to_string(e.port);
}

int open_udp_socket(const Endpoint& local, std::string& error) {
    int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = std::string("socket: ") + std::strerror(errno);
        return -1;
    }
    sockaddr_in addr = to_sockaddr(local);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        error = "bind " + to_string(local) + ": " + std::strerror(errno);
        ::close(fd);
        return -1;
    }
    return fd;
}

Endpoint local_endpoint(int fd) {
    sockaddr_in addr{};
    socklen_t length = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length);
    return Endpoint{ntohl(addr.sin_addr.s_addr), ntohs(addr.sin_port)};
}

bool send_datagram(int fd, const Endpoint& to, const std::uint8_t* data, std::size_t length) {
    sockaddr_in addr = to_sockaddr(to);
    return ::sendto(fd, data, length, 0, reinterpret_cast<sockaddr*>(&addr), sizeof addr) ==
           static_cast<ssize_t>(length);
}

ssize_t receive_datagram(int fd, std::uint8_t* buffer, std::size_t capacity, Endpoint& from) {
    sockaddr_in addr{};
    socklen_t length = sizeof addr;
    // MSG_TRUNC: the real length even when it did not fit.
    ssize_t got =
        ::recvfrom(fd, buffer, capacity, MSG_TRUNC, reinterpret_cast<sockaddr*>(&addr), &length);
    if (got < 0) return -1;
    from = Endpoint{ntohl(addr.sin_addr.s_addr), ntohs(addr.sin_port)};
    return static_cast<std::size_t>(got) > capacity ? static_cast<ssize_t>(capacity) + 1 : got;
}

}  // namespace baken::modem::host
