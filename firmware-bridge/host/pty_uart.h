// The modem's Uart on the host: a pseudo-terminal in raw mode, whose slave side a KISS client
// (bakend) opens as if it were the modem's USB serial port. The modem keeps a slave
// descriptor open itself, so a client that closes the port (bakend restarting, or reopening
// after an error) does not hang up the master: the modem carries on and the next client
// simply opens the same path again.
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
    // The master, for the caller's poll().
    int fd() const { return master_; }
    // The last write() could not take everything: poll() the master for POLLOUT too.
    bool write_blocked() const { return write_blocked_; }

  private:
    PtyUart(int master, int slave, std::string path)
        : master_(master), slave_(slave), slave_path_(std::move(path)) {}

    int master_;
    int slave_;  // never read: only there so the master never sees a hangup
    std::string slave_path_;
    bool write_blocked_ = false;
};

}  // namespace baken::modem::host
