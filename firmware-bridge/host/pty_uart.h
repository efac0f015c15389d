// The modem's Uart on the host: a pseudo-terminal in raw mode, whose slave side a KISS client
// (bakend) opens as if it were the modem's USB serial port.
//
// A real serial line with nothing attached loses what is sent on it; a pty would keep it (some
// 14 KB) for whoever opens the port next, so a bakend starting late would read frames heard
// minutes ago. So the modem writes only while a client has the slave open, and discards what
// it is given otherwise (write() takes it all, as the line would). Linux tells the master
// exactly that: it reports POLLHUP (and read() fails with EIO) while no one has the slave
// open. The modem therefore keeps no slave descriptor of its own, and while nobody is there
// it must not poll the master (POLLHUP would wake it at once, forever): fd() then gives an
// inotify descriptor that becomes readable when someone opens the slave. When the last client
// closes, what it left unread is flushed (through a slave descriptor opened for just that), so
// a client reads only what was written after its open() returned; the one exception is a
// client that opens the port after another closed it with no call of the modem's in between,
// which may read what the other left. A client that closes the port does not stop the modem:
// the next one simply opens the same path again. Without inotify the modem keeps a slave
// descriptor open instead (the master never hangs up) and every write goes to the pty.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/uart.h"

namespace baken::modem::host {

class PtyUart final : public Uart {
  public:
    // A new pseudo-terminal; nullptr and `error` set when the system has none to give.
    static std::unique_ptr<PtyUart> open(std::string& error);
    ~PtyUart();
    PtyUart(const PtyUart&) = delete;
    PtyUart& operator=(const PtyUart&) = delete;

    std::size_t read(std::uint8_t* buffer, std::size_t capacity) override;
    std::size_t write(const std::uint8_t* data, std::size_t length) override;

    // The path a client opens, e.g. /dev/pts/7.
    const std::string& slave_path() const { return slave_path_; }
    // What the caller's poll() watches, for POLLIN (and POLLOUT when write_blocked()): the
    // master while a client has the port open, otherwise a descriptor that becomes readable
    // when one opens it. Ask again before every poll(): it changes as clients come and go.
    int fd();
    // The last write() could not take everything: poll() fd() for POLLOUT too.
    bool write_blocked() const { return write_blocked_; }

  private:
    PtyUart(int master, int opens, int slave, std::string path)
        : master_(master), opens_(opens), slave_(slave), slave_path_(std::move(path)) {}

    // Whether a client has the slave open now; flushes what the last one left unread.
    void refresh();
    bool master_hung_up() const;
    void discard_open_events() const;
    void flush_unread();

    int master_;
    int opens_;  // inotify watching the slave for IN_OPEN, or -1 (then slave_ stays open)
    int slave_;  // -1, except without inotify: then kept open so the master never hangs up
    std::string slave_path_;
    bool has_client_ = false;
    bool write_blocked_ = false;
};

}  // namespace baken::modem::host
