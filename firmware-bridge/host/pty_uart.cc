// See pty_uart.h.
#include "host/pty_uart.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/inotify.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace baken::modem::host {
namespace {

// Raw: KISS is binary, so no echo, no line editing, no CR/LF translation and no signal
// characters (0x03 must not become SIGINT).
bool make_raw(int fd) {
    termios t{};
    if (::tcgetattr(fd, &t) != 0) return false;
    ::cfmakeraw(&t);
    return ::tcsetattr(fd, TCSANOW, &t) == 0;
}

std::string failure(const char* what) {
    return std::string(what) + ": " + std::strerror(errno);
}

}  // namespace

std::unique_ptr<PtyUart> PtyUart::open(std::string& error) {
    int master = ::posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (master < 0) {
        error = failure("posix_openpt");
        return nullptr;
    }
    const char* name = nullptr;
    if (::grantpt(master) != 0 || ::unlockpt(master) != 0 ||
        (name = ::ptsname(master)) == nullptr) {
        error = failure("grantpt/unlockpt/ptsname");
        ::close(master);
        return nullptr;
    }
    std::string path = name;
    // The slave's settings outlive its descriptors while the master is open, so raw mode is
    // set once here for every client.
    int slave = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (slave < 0 || !make_raw(slave)) {
        error = failure(("open " + path).c_str());
        if (slave >= 0) ::close(slave);
        ::close(master);
        return nullptr;
    }
    int opens = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (opens >= 0 && ::inotify_add_watch(opens, path.c_str(), IN_OPEN) < 0) {
        ::close(opens);
        opens = -1;
    }
    if (opens >= 0) {
        // Closed, so the master hangs up until a client opens the slave (pty_uart.h).
        ::close(slave);
        slave = -1;
    }
    auto uart = std::unique_ptr<PtyUart>(new PtyUart(master, opens, slave, std::move(path)));
    uart->refresh();
    return uart;
}

PtyUart::~PtyUart() {
    if (opens_ >= 0) ::close(opens_);
    if (slave_ >= 0) ::close(slave_);
    ::close(master_);
}

bool PtyUart::master_hung_up() const {
    pollfd p{master_, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0 && (p.revents & POLLHUP) != 0;
}

void PtyUart::discard_open_events() const {
    // The events only wake the caller's poll(); the master says who is there.
    alignas(inotify_event) char events[4096];
    while (::read(opens_, events, sizeof events) > 0) {
    }
}

void PtyUart::flush_unread() {
    int slave = ::open(slave_path_.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (slave < 0) return;
    ::tcflush(slave, TCIFLUSH);
    ::close(slave);
}

void PtyUart::refresh() {
    if (opens_ < 0) {
        has_client_ = true;  // without inotify: every write goes to the pty
        return;
    }
    discard_open_events();  // before looking, so an open after the look still wakes poll()
    const bool had_client = has_client_;
    has_client_ = !master_hung_up();
    if (had_client && !has_client_) {
        // The last client left: what it did not read is not for the next one. Our own open
        // and close of the slave for it are not a client; one who opened meanwhile is.
        flush_unread();
        discard_open_events();
        has_client_ = !master_hung_up();
    }
}

int PtyUart::fd() {
    refresh();
    return has_client_ ? master_ : opens_;
}

std::size_t PtyUart::read(std::uint8_t* buffer, std::size_t capacity) {
    refresh();
    if (!has_client_) return 0;  // the master would fail with EIO
    ssize_t got = ::read(master_, buffer, capacity);
    return got > 0 ? static_cast<std::size_t>(got) : 0;  // EAGAIN: nothing yet
}

std::size_t PtyUart::write(const std::uint8_t* data, std::size_t length) {
    refresh();
    if (!has_client_) {
        write_blocked_ = false;
        return length;  // nobody on the line: lost, as on a serial line with nothing attached
    }
    ssize_t put = ::write(master_, data, length);
    std::size_t taken = put > 0 ? static_cast<std::size_t>(put) : 0;
    write_blocked_ = taken < length;
    return taken;
}

}  // namespace baken::modem::host
