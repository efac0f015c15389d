// See pty_uart.h.
#include "host/pty_uart.h"

#include <fcntl.h>
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
    int slave = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (slave < 0 || !make_raw(slave)) {
        error = failure(("open " + path).c_str());
        if (slave >= 0) ::close(slave);
        ::close(master);
        return nullptr;
    }
    return std::unique_ptr<PtyUart>(new PtyUart(master, slave, std::move(path)));
}

PtyUart::~PtyUart() {
    ::close(slave_);
    ::close(master_);
}

std::size_t PtyUart::read(std::uint8_t* buffer, std::size_t capacity) {
    ssize_t got = ::read(master_, buffer, capacity);
    return got > 0 ? static_cast<std::size_t>(got) : 0;  // EAGAIN: nothing yet
}

std::size_t PtyUart::write(const std::uint8_t* data, std::size_t length) {
    ssize_t put = ::write(master_, data, length);
    std::size_t taken = put > 0 ? static_cast<std::size_t>(put) : 0;
    write_blocked_ = taken < length;
    return taken;
}

}  // namespace baken::modem::host
