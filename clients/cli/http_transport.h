// One HTTP/1.1 request to the daemon and its answer, over a fresh TCP connection.
//
// Boost.Beast stays inside http_transport.cc, so the rest of the CLI compiles without Asio.
// The call blocks until the answer arrives; every step (connect, send, receive) must finish
// within the timeout, because a daemon that accepts but never answers must not hang a
// script at a support point.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "common/result.h"

namespace baken::cli {

struct HostPort {
    std::string host;  // without brackets for IPv6
    std::string port;
};

// "127.0.0.1:7718", "localhost:7718", "[::1]:7718". Error: a sentence with the expected form.
Result<HostPort, std::string> split_host_port(std::string_view address);

enum class Method { get, post };

struct HttpCall {
    Method method = Method::get;
    std::string target;  // "/api/v1/messages?limit=5"
    std::string bearer_token;
    std::string body;                               // sent only with POST
    std::string content_type = "application/json";  // of the body
};

struct HttpReply {
    unsigned status = 0;
    std::string body;
};

struct TransportError {
    enum class Stage {
        connect,   // nothing reached the daemon: not running, wrong address, refused
        exchange,  // connected, then the request or the answer failed or timed out
    };
    Stage stage;
    std::string text;  // the system's words, e.g. "Connection refused"
};

// Errors: see TransportError::Stage. After an exchange error of a POST the daemon may or may
// not have acted on it; the caller must say so.
Result<HttpReply, TransportError> http_exchange(const HostPort& to, const HttpCall& call,
                                                std::chrono::milliseconds timeout);

}  // namespace baken::cli
