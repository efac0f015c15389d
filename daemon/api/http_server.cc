// See http_server.h. The connection object follows the Asio examples: it owns its stream and
// keeps itself alive through shared_from_this() in each handler; do_read()/do_write() are the
// two async steps; the routes never see a socket.
#include "api/http_server.h"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <deque>
#include <set>

#include "common/log.h"

namespace baken {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

class HttpConnection;

// Owned jointly by the server and every pending handler, so no handler ever touches a
// destroyed server; `stopped` makes an accept that completes after stop() a no-op.
struct HttpServer::Shared {
    ApiRoutes& routes;
    PictureEvents* events;  // null: no live stream (and after stop())
    tcp::acceptor acceptor;
    bool stopped = false;
    std::set<std::shared_ptr<HttpConnection>> open;
};

class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
  public:
    HttpConnection(tcp::socket socket, std::shared_ptr<HttpServer::Shared> shared)
        : stream_(std::move(socket)),
          heartbeat_(stream_.get_executor()),
          shared_(std::move(shared)) {}

    void start() { do_read(); }
    // Closes the connection and gives back its live-stream subscription, if it has one (at
    // stop(): later handlers no longer reach the events).
    void close_stream() {
        if (stream_id_ != 0 && shared_->events) shared_->events->unsubscribe(stream_id_);
        stream_id_ = 0;
        close();
    }
    void close() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream_.close();
    }

  private:
    void do_read() {
        parser_.emplace();
        parser_->body_limit(HttpServer::kMaxBodyBytes);
        stream_.expires_after(HttpServer::kIoTimeout);
        http::async_read(
            stream_, buffer_, *parser_,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
    }

    void on_read(beast::error_code ec) {
        if (ec == http::error::body_limit) {
            HttpResponse res{http::status::payload_too_large, 11};
            res.set(http::field::content_type, "application/json");
            res.body() = R"({"error":"oversized","detail":"request body above 64 KiB"})"
                         "\n";
            res.keep_alive(false);
            res.prepare_payload();
            return do_write(std::move(res));
        }
        if (ec) return finish();  // closed, timed out, or not HTTP: nothing to answer
        HttpRequest& request = parser_->get();
        request.set(kPeerAddressHeader, peer_address());
        if (shared_->events && ApiRoutes::is_event_stream(request)) {
            if (auto refusal = shared_->routes.refuse_stream(request))
                return do_write(std::move(*refusal));
            return start_stream();
        }
        do_write(shared_->routes.handle(request));
    }

    // ---- Server-Sent Events: the connection stays open and only ever writes from here on.

    void start_stream() {
        std::weak_ptr<HttpConnection> weak = weak_from_this();
        stream_id_ = shared_->events->subscribe([weak](const std::string& text) {
            if (auto self = weak.lock()) self->enqueue(text);
        });
        if (stream_id_ == 0) {
            HttpResponse res{http::status::service_unavailable, 11};
            res.set(http::field::content_type, "application/json");
            res.set(http::field::retry_after, "30");
            res.body() = R"({"error":"too_many_streams","detail":"at most 32 live streams"})"
                         "\n";
            res.keep_alive(false);
            res.prepare_payload();
            return do_write(std::move(res));
        }
        // No Content-Length: the body is the event stream and ends when the connection does.
        enqueue(
            "HTTP/1.1 200 OK\r\nServer: bakend\r\nContent-Type: text/event-stream\r\n"
            "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"
            "Connection: close\r\n\r\nretry: 3000\n: connected\n\n");
        schedule_heartbeat();
    }

    void enqueue(const std::string& text) {
        if (finished_) return;
        if (queued_bytes_ + text.size() > HttpServer::kMaxStreamQueueBytes) {
            log::info("api", "live stream closed: the client does not keep up");
            return finish();
        }
        queued_bytes_ += text.size();
        queue_.push_back(text);
        if (!writing_) write_next();
    }

    void write_next() {
        writing_ = true;
        stream_.expires_after(HttpServer::kIoTimeout);
        asio::async_write(stream_, asio::buffer(queue_.front()),
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              self->queued_bytes_ -= self->queue_.front().size();
                              self->queue_.pop_front();
                              if (ec) return self->finish();
                              if (self->queue_.empty()) {
                                  self->writing_ = false;
                              } else {
                                  self->write_next();
                              }
                          });
    }

    // A comment line now and then: proxies keep the stream open and a vanished client is
    // noticed by the failing write.
    void schedule_heartbeat() {
        heartbeat_.expires_after(HttpServer::kStreamHeartbeat);
        heartbeat_.async_wait([weak = weak_from_this()](beast::error_code ec) {
            auto self = weak.lock();
            if (ec || !self || self->finished_) return;
            self->enqueue(": ping\n\n");
            self->schedule_heartbeat();
        });
    }

    void do_write(HttpResponse response) {
        response_ = std::move(response);
        stream_.expires_after(HttpServer::kIoTimeout);
        http::async_write(stream_, response_,
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec || !self->response_.keep_alive()) return self->finish();
                              self->do_read();
                          });
    }

    std::string peer_address() {
        beast::error_code ec;
        auto endpoint = stream_.socket().remote_endpoint(ec);
        return ec ? "" : endpoint.address().to_string();
    }

    void finish() {
        if (finished_) return;
        finished_ = true;
        if (stream_id_ != 0 && shared_->events) shared_->events->unsubscribe(stream_id_);
        heartbeat_.cancel();
        close();
        shared_->open.erase(shared_from_this());
    }

    beast::tcp_stream stream_;
    asio::steady_timer heartbeat_;
    std::uint64_t stream_id_ = 0;
    std::deque<std::string> queue_;
    std::size_t queued_bytes_ = 0;
    bool writing_ = false;
    bool finished_ = false;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    HttpResponse response_;
    std::shared_ptr<HttpServer::Shared> shared_;
};

namespace {

void accept_next(const std::shared_ptr<HttpServer::Shared>& shared) {
    shared->acceptor.async_accept([shared](beast::error_code ec, tcp::socket socket) {
        if (shared->stopped) return;
        if (!ec && shared->open.size() >= HttpServer::kMaxConnections) {
            log::warning("api", "connection refused: " +
                                    std::to_string(HttpServer::kMaxConnections) + " already open");
            socket.close(ec);
        } else if (!ec) {
            auto connection = std::make_shared<HttpConnection>(std::move(socket), shared);
            shared->open.insert(connection);
            connection->start();
        }
        accept_next(shared);
    });
}

}  // namespace

HttpServer::HttpServer(asio::io_context& io, ApiRoutes& routes, PictureEvents* events)
    : shared_(std::make_shared<Shared>(Shared{routes, events, tcp::acceptor(io), false, {}})) {}

HttpServer::~HttpServer() {
    stop();
}

Result<Done, std::string> HttpServer::listen(const std::string& address, std::uint16_t port) {
    beast::error_code ec;
    auto ip = asio::ip::make_address(address, ec);
    if (ec) return fail("API listen address '" + address + "' is not an IP address");
    tcp::endpoint endpoint{ip, port};
    auto step = [&](const char* what) -> std::optional<std::string> {
        if (!ec) return std::nullopt;
        return std::string("cannot ") + what + " API on " + address + ":" + std::to_string(port) +
               ": " + ec.message();
    };
    tcp::acceptor& acceptor = shared_->acceptor;
    acceptor.open(endpoint.protocol(), ec);
    if (auto e = step("open")) return fail(*e);
    acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    acceptor.bind(endpoint, ec);
    if (auto e = step("bind")) return fail(*e);
    acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (auto e = step("listen on")) return fail(*e);
    accept_next(shared_);
    return Done{};
}

std::string HttpServer::local_address() const {
    beast::error_code ec;
    auto ep = shared_->acceptor.local_endpoint(ec);
    if (ec) return "";
    std::string host = ep.address().to_string();
    if (ep.address().is_v6()) host = "[" + host + "]";
    return host + ":" + std::to_string(ep.port());
}

void HttpServer::stop() {
    shared_->stopped = true;
    beast::error_code ec;
    shared_->acceptor.close(ec);
    auto open = std::move(shared_->open);
    for (const auto& connection : open) connection->close_stream();
    shared_->events = nullptr;  // may go before handlers still queued for closed connections
}

}  // namespace baken
