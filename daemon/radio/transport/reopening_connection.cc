// See reopening_connection.h.
#include "radio/transport/reopening_connection.h"

#include <algorithm>
#include <boost/asio/error.hpp>
#include <utility>

#include "common/log.h"

namespace baken::radio {
namespace asio = boost::asio;

namespace {
std::string seconds_text(std::chrono::milliseconds delay) {
    if (delay.count() % 1000 == 0) return std::to_string(delay.count() / 1000) + " s";
    return std::to_string(delay.count()) + " ms";
}
}  // namespace

ReopeningConnection::ReopeningConnection(asio::io_context& io, ReopenDelays delays)
    : io_(io), delays_(delays), reopen_timer_(io), next_delay_(delays.first) {}

void ReopeningConnection::start(BytesHandler on_bytes, StateHandler on_state) {
    if (started_ || stopped_) return;
    started_ = true;
    on_bytes_ = std::move(on_bytes);
    on_state_ = std::move(on_state);
    open();
}

void ReopeningConnection::open() {
    log::debug("radio", "opening " + describe());
    open_stream(guarded([this, generation = generation_](const std::string& failure) {
        on_open_result(generation, failure);
    }));
}

void ReopeningConnection::on_open_result(std::uint64_t generation, const std::string& failure) {
    if (stopped_ || generation != generation_) return;
    if (!failure.empty()) {
        close_stream();
        ++generation_;
        log::debug("radio", describe() + ": " + failure);
        reopen_later();
        if (failure != last_down_reason_) report(false, failure);
        return;
    }
    up_ = true;
    up_since_ = std::chrono::steady_clock::now();
    last_down_reason_.clear();
    log::debug("radio", describe() + " is up");
    do_read();
    report(true, up_text());
}

void ReopeningConnection::do_read() {
    read_some(asio::buffer(read_buffer_),
              guarded([this, generation = generation_](const boost::system::error_code& ec,
                                                       std::size_t n) {
                  if (stopped_ || generation != generation_) return;
                  if (ec) {
                      went_down(ec == asio::error::eof ? closed_text() : "read: " + ec.message());
                      return;
                  }
                  if (on_bytes_) on_bytes_(ByteView(read_buffer_.data(), n));
                  // The handler may have stopped the connection.
                  if (!stopped_ && generation == generation_) do_read();
              }));
}

void ReopeningConnection::send(std::string bytes) {
    if (bytes.empty()) return;
    const bool fits = bytes.size() <= kMaxQueuedBytes - queued_bytes_;
    if (stopped_ || !up_ || !fits) {
        dropped_bytes_ += bytes.size();
        if (!dropping_) {
            dropping_ = true;
            log::debug("radio", describe() + ": dropping frames (" +
                                    (up_ ? "more than 64 KiB waiting" : std::string("down")) + ")");
        }
        return;
    }
    dropping_ = false;
    queued_bytes_ += bytes.size();
    waiting_ += bytes;
    do_write();
}

void ReopeningConnection::do_write() {
    if (!writing_.empty() || waiting_.empty()) return;
    writing_.swap(waiting_);
    write_all(
        asio::buffer(writing_),
        guarded([this, generation = generation_](const boost::system::error_code& ec, std::size_t) {
            if (stopped_ || generation != generation_) return;
            if (ec) return went_down("write: " + ec.message());
            // Invariant: queued_bytes_ == writing_.size() + waiting_.size().
            queued_bytes_ -= writing_.size();
            writing_.clear();
            do_write();
        }));
}

void ReopeningConnection::went_down(const std::string& why) {
    close_stream();
    ++generation_;
    up_ = false;
    dropped_bytes_ += queued_bytes_;
    queued_bytes_ = 0;
    writing_.clear();
    waiting_.clear();
    // A connection that lasted was healthy: this failure starts the backoff afresh.
    if (std::chrono::steady_clock::now() - up_since_ >= delays_.longest)
        next_delay_ = delays_.first;
    log::debug("radio", describe() + " went down: " + why);
    reopen_later();
    report(false, why);
}

void ReopeningConnection::reopen_later() {
    const auto delay = next_delay_;
    next_delay_ = std::min(next_delay_ * 2, delays_.longest);
    log::debug("radio", "reopening " + describe() + " in " + seconds_text(delay));
    reopen_timer_.expires_after(delay);
    reopen_timer_.async_wait(guarded([this](const boost::system::error_code& ec) {
        if (!ec && !stopped_) open();
    }));
}

void ReopeningConnection::report(bool up, const std::string& why) {
    if (!up) last_down_reason_ = why;
    if (on_state_) on_state_(up, why);
}

void ReopeningConnection::stop() {
    if (stopped_) return;
    stopped_ = true;
    up_ = false;
    ++generation_;
    reopen_timer_.cancel();
    close_stream();
    dropped_bytes_ += queued_bytes_;
    queued_bytes_ = 0;
    writing_.clear();
    waiting_.clear();
}

}  // namespace baken::radio
