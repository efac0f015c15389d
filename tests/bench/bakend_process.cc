// How startup_bench observes the bakend it started (bakend_process.h): /proc for memory, a
// thread for the log pipe, a plain HTTP/1.1 client for the API and the notify socket for READY.
#include "bakend_process.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string_view>

namespace baken::bench {

namespace {

using Clock = std::chrono::steady_clock;

long status_field(const std::string& status, std::string_view name) {
    auto at = status.find(std::string("\n") + std::string(name) + ":");
    if (at == std::string::npos) return -1;
    return std::strtol(status.c_str() + at + name.size() + 2, nullptr, 10);
}

}  // namespace

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

Memory memory_of(pid_t pid) {
    Memory m;
    std::ostringstream text;
    text << "\n" << std::ifstream("/proc/" + std::to_string(pid) + "/status").rdbuf();
    const std::string status = text.str();
    m.rss_kib = status_field(status, "VmRSS");
    m.hwm_kib = status_field(status, "VmHWM");
    m.anon_kib = status_field(status, "RssAnon");
    m.file_kib = status_field(status, "RssFile");
    m.shmem_kib = status_field(status, "RssShmem");
    std::ifstream smaps("/proc/" + std::to_string(pid) + "/smaps");
    std::string line;
    bool in_store = false;
    m.store_kib = 0;
    while (std::getline(smaps, line)) {
        if (!line.empty() && std::isxdigit(static_cast<unsigned char>(line[0])) &&
            line.find('-') < line.find(' ')) {
            in_store = line.ends_with("/data.mdb");  // a mapping's header line
        } else if (in_store && line.starts_with("Rss:")) {
            m.store_kib += std::strtol(line.c_str() + 4, nullptr, 10);
        }
    }
    return m;
}

LogReader::LogReader(int fd, Clock::time_point start)
    : thread_([this, fd, start] { read_all(fd, start); }) {}

LogReader::~LogReader() {
    if (thread_.joinable()) thread_.join();
}

std::vector<LogLine> LogReader::finish() {
    thread_.join();
    return lines_;
}

std::string LogReader::so_far() {
    std::lock_guard lock(mutex_);
    std::string out;
    for (const LogLine& l : lines_) out += "    " + l.text + "\n";
    return out;
}

void LogReader::read_all(int fd, Clock::time_point start) {
    std::string pending;
    char buf[4096];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        const double at = ms_since(start);
        pending.append(buf, static_cast<std::size_t>(n));
        for (auto nl = pending.find('\n'); nl != std::string::npos; nl = pending.find('\n')) {
            std::lock_guard lock(mutex_);
            lines_.push_back({at, pending.substr(0, nl)});
            pending.erase(0, nl + 1);
        }
    }
    ::close(fd);
}

std::optional<HttpReply> http_get(const std::string& address, const std::string& target,
                                  const std::string& token, std::string& error) {
    auto colon = address.rfind(':');
    if (colon == std::string::npos) {
        error = "bad api.address \"" + address + "\"";
        return std::nullopt;
    }
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(static_cast<std::uint16_t>(std::atoi(address.c_str() + colon + 1)));
    if (inet_pton(AF_INET, address.substr(0, colon).c_str(), &to.sin_addr) != 1 ||
        (ntohl(to.sin_addr.s_addr) >> 24) != 127) {
        error = "not a loopback address: \"" + address + "\"";
        return std::nullopt;
    }
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
        error = "cannot connect to " + address + ": " + std::strerror(errno);
        if (fd >= 0) ::close(fd);
        return std::nullopt;
    }
    const std::string request = "GET " + target + " HTTP/1.1\r\nHost: " + address +
                                "\r\nAuthorization: Bearer " + token +
                                "\r\nConnection: close\r\n\r\n";
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
        static_cast<ssize_t>(request.size())) {
        error = std::string("cannot send the request: ") + std::strerror(errno);
        ::close(fd);
        return std::nullopt;
    }
    std::string reply;
    const auto deadline = Clock::now() + kRequestLimit;
    std::optional<std::size_t> expected;  // header + Content-Length, once the header is in
    char buf[65536];
    while (!expected || reply.size() < *expected) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        pollfd p{fd, POLLIN, 0};
        if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
            error = "no complete answer to GET " + target + " within the limit";
            ::close(fd);
            return std::nullopt;
        }
        ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;  // closed: the answer is what came
        reply.append(buf, static_cast<std::size_t>(n));
        if (auto end = reply.find("\r\n\r\n"); !expected && end != std::string::npos) {
            std::string header = reply.substr(0, end);
            std::transform(header.begin(), header.end(), header.begin(),
                           [](unsigned char c) { return std::tolower(c); });
            if (auto cl = header.find("\ncontent-length:"); cl != std::string::npos)
                expected = end + 4 + std::strtoull(header.c_str() + cl + 16, nullptr, 10);
        }
    }
    ::close(fd);
    HttpReply out;
    if (reply.starts_with("HTTP/1.1 ")) out.status = std::atoi(reply.c_str() + 9);
    auto end = reply.find("\r\n\r\n");
    out.body_bytes = end == std::string::npos ? 0 : reply.size() - end - 4;
    if (out.status != 200)
        error = "GET " + target + " answered \"" + reply.substr(0, reply.find('\r')) + "\"";
    return out;
}

std::optional<HttpReply> http_get_ok(const std::string& address, const std::string& target,
                                     const std::string& token, std::string& error) {
    auto reply = http_get(address, target, token, error);
    if (!reply || reply->status != 200) return std::nullopt;
    return reply;
}

bool wait_picture_whole(const std::string& address, const std::string& token, std::string& error) {
    const auto deadline = Clock::now() + kReadyLimit;
    while (Clock::now() < deadline) {
        auto reply = http_get(address, "/api/v1/picture/nodes", token, error);
        if (!reply) return false;
        if (reply->status == 200) return true;
        if (reply->status != 503) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    error = "the picture was not whole within " + std::to_string(kReadyLimit.count()) + " s";
    return false;
}

std::string first_line_of(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    return line;
}

bool wait_ready(int notify, pid_t pid, std::string& error) {
    const auto deadline = Clock::now() + kReadyLimit;
    while (Clock::now() < deadline) {
        pollfd p{notify, POLLIN, 0};
        if (::poll(&p, 1, 20) > 0) {
            char buf[4096];
            ssize_t n = ::recv(notify, buf, sizeof buf - 1, 0);
            if (n > 0 && std::string_view(buf, static_cast<std::size_t>(n)).find("READY=1") !=
                             std::string_view::npos)
                return true;
            continue;
        }
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) {
            error = "bakend exited before READY=1 (status " + std::to_string(status) + ")";
            return false;
        }
    }
    error = "no READY=1 within " + std::to_string(kReadyLimit.count()) + " s";
    return false;
}

int stop(pid_t pid) {
    ::kill(pid, SIGTERM);
    const auto deadline = Clock::now() + kStopLimit;
    int status = 0;
    while (::waitpid(pid, &status, WNOHANG) == 0) {
        if (Clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            return -1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace baken::bench
