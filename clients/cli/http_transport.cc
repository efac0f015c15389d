// See http_transport.h. Beast's synchronous calls take no timeout, so each step is started
// asynchronously on a private io_context and run to completion: the caller still sees one
// blocking call, and beast::tcp_stream's expiry bounds every step.
#include "http_transport.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace baken::cli {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

// Lists of a thousand messages with their envelopes are a few MiB; this bounds a broken peer.
constexpr std::uint64_t kMaxReplyBytes = 64ull * 1024 * 1024;
constexpr const char* kUserAgent = "baken/" BAKEN_VERSION;

// Runs the operation started on `io` to completion and returns its error.
template <typename Start>
beast::error_code run_step(net::io_context& io, Start start) {
    beast::error_code result = net::error::would_block;
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    io.restart();
    io.run();
    return result;
}

http::request<http::string_body> make_request(const HostPort& to, const HttpCall& call) {
    http::request<http::string_body> req{
        call.method == Method::post ? http::verb::post : http::verb::get, call.target, 11};
    req.set(http::field::host, to.host + ":" + to.port);
    req.set(http::field::user_agent, kUserAgent);
    req.set(http::field::accept, "application/json");
    req.set(http::field::authorization, "Bearer " + call.bearer_token);
    if (call.method == Method::post) {
        req.set(http::field::content_type, call.content_type);
        req.body() = call.body;
    }
    req.keep_alive(false);
    req.prepare_payload();
    return req;
}

TransportError error_at(TransportError::Stage stage, const beast::error_code& ec) {
    bool timeout = ec == beast::error::timeout;
    return {stage, timeout ? "no answer within the time limit" : ec.message()};
}

}  // namespace

Result<HostPort, std::string> split_host_port(std::string_view address) {
    const std::string form =
        "\"" + std::string(address) + "\" is not HOST:PORT, e.g. 127.0.0.1:7718 or [::1]:7718";
    std::size_t colon = address.rfind(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == address.size())
        return fail(form);
    std::string_view host = address.substr(0, colon);
    std::string_view port = address.substr(colon + 1);
    if (port.find_first_not_of("0123456789") != std::string_view::npos || port.size() > 5)
        return fail(form);
    if (host.front() == '[') {
        if (host.back() != ']' || host.size() < 3) return fail(form);
        host = host.substr(1, host.size() - 2);
    } else if (host.find(':') != std::string_view::npos) {
        return fail(form);  // a bare IPv6 address is ambiguous: its last group looks like a port
    }
    return HostPort{std::string(host), std::string(port)};
}

Result<HttpReply, TransportError> http_exchange(const HostPort& to, const HttpCall& call,
                                                std::chrono::milliseconds timeout) {
    using Stage = TransportError::Stage;
    net::io_context io;
    tcp::resolver resolver(io);
    beast::error_code ec;
    auto endpoints = resolver.resolve(to.host, to.port, ec);
    if (ec)
        return fail(
            TransportError{Stage::connect, "cannot resolve " + to.host + ": " + ec.message()});

    beast::tcp_stream stream(io);
    stream.expires_after(timeout);
    ec = run_step(io, [&](auto handler) { stream.async_connect(endpoints, handler); });
    if (ec) return fail(error_at(Stage::connect, ec));

    auto request = make_request(to, call);
    stream.expires_after(timeout);
    ec = run_step(io, [&](auto handler) { http::async_write(stream, request, handler); });
    if (ec) return fail(error_at(Stage::exchange, ec));

    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxReplyBytes);
    stream.expires_after(timeout);
    ec = run_step(io, [&](auto handler) { http::async_read(stream, buffer, parser, handler); });
    if (ec) return fail(error_at(Stage::exchange, ec));

    stream.socket().shutdown(tcp::socket::shutdown_both,
                             ec);  // the answer is in; errors don't matter
    auto response = parser.release();
    return HttpReply{response.result_int(), std::move(response.body())};
}

}  // namespace baken::cli
