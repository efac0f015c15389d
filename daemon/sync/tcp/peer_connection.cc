// See peer_connection.h.
#include "sync/tcp/peer_connection.h"

#include <boost/asio/write.hpp>

namespace baken::sync {
namespace asio = boost::asio;

namespace {
// Written per async_write: enough to keep a LAN busy, small enough to bound memory per peer.
constexpr std::size_t kWriteChunkBytes = 256 * 1024;
}  // namespace

PeerConnection::PeerConnection(asio::ip::tcp::socket socket, std::unique_ptr<SyncSession> session,
                               const Clock& clock, Observer observer, std::string remote)
    : socket_(std::move(socket)),
      timer_(socket_.get_executor()),
      session_(std::move(session)),
      clock_(clock),
      observer_(std::move(observer)),
      remote_(std::move(remote)) {}

void PeerConnection::start() {
    boost::system::error_code ignored;
    socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
    socket_.set_option(asio::socket_base::keep_alive(true), ignored);
    do_read();
    after_event();
}

void PeerConnection::do_read() {
    socket_.async_read_some(asio::buffer(read_buffer_), [self = shared_from_this()](
                                                            boost::system::error_code ec,
                                                            std::size_t n) {
        if (self->finished_) return;
        if (ec) {
            self->session_->close(ec == asio::error::eof ? "peer closed the connection"
                                                         : "connection error: " + ec.message());
        } else {
            self->session_->on_bytes(ByteView(self->read_buffer_.data(), n), self->clock_.now_ms());
            if (!self->session_->closed()) self->do_read();
        }
        self->after_event();
    });
}

void PeerConnection::push(const MessageId& id) {
    if (finished_) return;
    session_->on_local_message(id);
    after_event();
}

void PeerConnection::close(const std::string& reason) {
    if (finished_) return;
    session_->close(reason);
    after_event();
}

// After anything happened: announce the handshake, write what the session produced, re-arm
// the timer, or wind down if the session closed.
void PeerConnection::after_event() {
    if (finished_) return;
    if (!announced_ && session_->established()) {
        announced_ = true;
        if (observer_.on_established) observer_.on_established(*this);
    }
    if (session_->closed() && !write_in_flight_) return finish();
    do_write();
    arm_timer();
    if (observer_.on_progress) observer_.on_progress(*this);
}

void PeerConnection::do_write() {
    if (write_in_flight_) return;
    writing_ = session_->take_output(kWriteChunkBytes, clock_.now_ms());
    if (writing_.empty()) return;
    write_in_flight_ = true;
    asio::async_write(socket_, asio::buffer(writing_),
                      [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                          self->write_in_flight_ = false;
                          if (self->finished_) return;
                          if (ec) self->session_->close("connection error: " + ec.message());
                          self->after_event();
                      });
}

void PeerConnection::arm_timer() {
    std::int64_t wait = session_->next_deadline_ms() - clock_.now_ms();
    timer_.expires_after(std::chrono::milliseconds(std::max<std::int64_t>(wait, 0)));
    timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
        if (ec || self->finished_) return;  // re-armed or stopped
        self->session_->on_timer(self->clock_.now_ms());
        self->after_event();
    });
}

void PeerConnection::finish() {
    finished_ = true;
    boost::system::error_code ignored;
    timer_.cancel();
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    if (observer_.on_closed) observer_.on_closed(*this);
}

}  // namespace baken::sync
