// What every modem pipe shares: keeping a byte stream open with backoff, the read loop, and
// the bounded write queue. A serial port and a TCP socket differ only in how they open and
// close, which subclasses supply (serial_modem.h, kiss_tcp_modem.h).
//
// Lifetime: a ModemConnection is owned by a unique_ptr, so Asio handlers cannot keep it alive
// with shared_from_this(). Instead every handler is wrapped by guarded(), which holds a weak
// reference to a token the object owns: a handler that runs after the object is gone (pending
// operations complete with operation_aborted once the stream is destroyed) does nothing.
// Handlers of a stream that has since been closed and reopened are recognised by a
// generation number and ignored too.
#pragma once

#include <array>
#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "radio/transport/modem_connection.h"

namespace baken::radio {

class ReopeningConnection : public ModemConnection {
  public:
    // At most this many bytes wait to be written (see ModemConnection::send).
    static constexpr std::size_t kMaxQueuedBytes = 64 * 1024;

    void start(BytesHandler on_bytes, StateHandler on_state) final;
    void send(std::string bytes) final;
    void stop() final;
    bool is_up() const final { return up_; }
    std::uint64_t dropped_bytes() const final { return dropped_bytes_; }

    // Bytes accepted by send() and not yet written (for tests and the status page).
    std::size_t queued_bytes() const { return queued_bytes_; }

  protected:
    ReopeningConnection(boost::asio::io_context& io, ReopenDelays delays);

    // An empty failure means the stream is open.
    using OpenDone = std::function<void(const std::string& failure)>;
    using IoDone = std::function<void(const boost::system::error_code&, std::size_t)>;

    // Opens the stream. Calls done once, from the io_context (never from within open_stream).
    virtual void open_stream(OpenDone done) = 0;
    // Starts one read of at most into.size() bytes; done gets what arrived (or the error).
    virtual void read_some(boost::asio::mutable_buffer into, IoDone done) = 0;
    // Writes all of `bytes` (the buffer stays valid until done runs) or fails.
    virtual void write_all(boost::asio::const_buffer bytes, IoDone done) = 0;
    // Closes the stream; pending operations end with operation_aborted, which is ignored.
    virtual void close_stream() = 0;
    // The `why` for StateHandler when the stream comes up, and when the other end closes it.
    virtual std::string up_text() const = 0;
    virtual std::string closed_text() const = 0;

    // Wraps an Asio handler so it does nothing once this object is destroyed.
    template <typename Handler>
    auto guarded(Handler handler) const {
        return [alive = std::weak_ptr<const bool>(alive_),
                handler = std::move(handler)](auto&&... args) mutable {
            if (!alive.expired()) handler(std::forward<decltype(args)>(args)...);
        };
    }

    boost::asio::io_context& io() { return io_; }

  private:
    void open();
    void on_open_result(std::uint64_t generation, const std::string& failure);
    void do_read();
    void do_write();
    void went_down(const std::string& why);
    void reopen_later();
    void report(bool up, const std::string& why);

    boost::asio::io_context& io_;
    const ReopenDelays delays_;
    boost::asio::steady_timer reopen_timer_;
    std::shared_ptr<const bool> alive_ = std::make_shared<const bool>(true);
    BytesHandler on_bytes_;
    StateHandler on_state_;

    bool started_ = false;
    bool stopped_ = false;
    bool up_ = false;
    // Incremented whenever the stream is closed: handlers of an older stream are stale.
    std::uint64_t generation_ = 0;
    std::chrono::milliseconds next_delay_;
    std::chrono::steady_clock::time_point up_since_{};
    std::string last_down_reason_;  // the last `why` reported while down

    std::array<std::uint8_t, 4096> read_buffer_{};
    std::string writing_;           // in flight in write_all
    std::string waiting_;           // whole frames queued behind it
    std::size_t queued_bytes_ = 0;  // writing_ + waiting_
    std::uint64_t dropped_bytes_ = 0;
    bool dropping_ = false;  // logged the current run of drops already
};

}  // namespace baken::radio
