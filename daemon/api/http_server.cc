// See http_server.h. The connection object follows the Asio examples: it owns its stream and
// keeps itself alive through shared_from_this() in each handler; do_read()/do_write() are the
// two async steps; the routes never see a socket.
#include "api/http_server.h"

#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
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
    tcp::acceptor acceptor;
    bool stopped = false;
    std::set<std::shared_ptr<HttpConnection>> open;
};

class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
  public:
    HttpConnection(tcp::socket socket, std::shared_ptr<HttpServer::Shared> shared)
        : stream_(std::move(socket)), shared_(std::move(shared)) {}

    void start() { do_read(); }
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
        do_write(shared_->routes.handle(parser_->get()));
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

    void finish() {
        close();
        shared_->open.erase(shared_from_this());
    }

    beast::tcp_stream stream_;
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

HttpServer::HttpServer(asio::io_context& io, ApiRoutes& routes)
    : shared_(std::make_shared<Shared>(Shared{routes, tcp::acceptor(io), false, {}})) {}

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
    for (const auto& connection : open) connection->close();
}

}  // namespace baken
