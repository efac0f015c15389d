// A byte pipe to a KISS modem (a TNC on a serial port, or a software TNC's KISS TCP port).
//
// Only bytes move here: KISS framing, AX.25 and the narrow-link protocol live in the sans-IO
// codec and link modules. What this adds is what a radio volunteer's kit needs from the host:
// the pipe is kept open through unplugged cables, restarted TNCs and devices that appear late,
// and it never buffers without bound, because a modem that stopped reading must not grow the
// daemon's memory, and frames that waited minutes are worth less than fresh ones anyway.
//
// Everything runs on one io_context, single-threaded, like the rest of the daemon.
#pragma once

// Boost 1.74's Asio needs <utility> first under g++ 12 in C++20 (docs: shared/toolchain.md).
#include <utility>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "common/bytes.h"

namespace baken::radio {

class ModemConnection {
  public:
    virtual ~ModemConnection() = default;

    using BytesHandler = std::function<void(ByteView)>;
    // up: the pipe is open. why: for the log and the status page, e.g. "open /dev/ttyUSB0: No
    // such file or directory", "the TNC closed the connection", "connected".
    // Called when the pipe goes up, when it goes down, and while down whenever the reason
    // changes; not for every failed attempt with the same reason, so a caller may log each call.
    using StateHandler = std::function<void(bool up, const std::string& why)>;

    // Opens the connection and keeps it open: after a failure (open error, read or write error,
    // end of file, device unplugged) it reopens after a delay of 1 s doubling to 30 s; the delay
    // starts again from 1 s once a connection has stayed up for 30 s. Handlers are called from
    // the io_context, never from within start(), send() or stop().
    // REQUIRES: called once.
    virtual void start(BytesHandler on_bytes, StateHandler on_state) = 0;

    // Queues bytes to write; pass whole KISS frames. Bounded: a frame that would take the bytes
    // waiting past 64 KiB, or any frame while the pipe is down or stopped, is dropped whole and
    // counted in dropped_bytes(). Bytes still waiting when the pipe fails are counted too.
    virtual void send(std::string bytes) = 0;

    // Closes the pipe and stops reopening. No handler is called after it returns. Final: the
    // connection cannot be started again. Safe to call from within a handler.
    virtual void stop() = 0;

    virtual bool is_up() const = 0;
    // For logs and the status page: "serial /dev/ttyUSB0 at 9600 baud",
    // "KISS over TCP 127.0.0.1:8001".
    virtual std::string describe() const = 0;
    virtual std::uint64_t dropped_bytes() const = 0;
};

// How long to wait before reopening: `first`, doubling after each failure up to `longest`.
// A connection that stayed up for `longest` was healthy: the next wait is `first` again.
// Tests shorten these; the daemon uses the defaults.
struct ReopenDelays {
    std::chrono::milliseconds first{1000};
    std::chrono::milliseconds longest{30'000};
};

// A TNC on a serial port (USB or a Raspberry Pi's UART): `baud` is the host<->modem speed,
// set with 8 data bits, no parity, one stop bit, no flow control, raw (no echo, no line
// editing, no character translation). An unsupported baud rate is an open failure, reported
// through the StateHandler like any other.
std::unique_ptr<ModemConnection> make_serial_modem(boost::asio::io_context& io,
                                                   std::filesystem::path device, unsigned baud,
                                                   ReopenDelays delays = {});

// A client of a software TNC's KISS TCP port (Dire Wolf listens on 8001). `address` must be a
// numeric IPv4 or IPv6 address (no resolver: a blackout may have taken DNS with it); anything
// else fails every open with a reason saying so. TCP_NODELAY is set, because a KISS frame is
// ready to go as soon as it is written and the TNC keys the transmitter on it.
std::unique_ptr<ModemConnection> make_kiss_tcp_modem(boost::asio::io_context& io,
                                                     std::string address, std::uint16_t port,
                                                     ReopenDelays delays = {});

}  // namespace baken::radio
