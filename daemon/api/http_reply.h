// Building HTTP responses the way every API route answers: JSON through protobuf's JSON
// mapping, errors as ApiError with a stable code and a sentence for a person.
#pragma once

#include <google/protobuf/message.h>
#include <boost/beast/http.hpp>
#include <string>
#include <string_view>

namespace baken {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

// The client's IP address, set on every request by the HTTP server from the socket (any value a
// client sent under this name is replaced): what per-client limits are keyed by.
inline constexpr const char* kPeerAddressHeader = "X-Baken-Peer-Address";

// Boost 1.74's Beast speaks boost::string_view.
inline std::string_view std_view(boost::beast::string_view s) {
    return {s.data(), s.size()};
}

// A response with `body`, never cached (the picture changes under the client's feet).
HttpResponse respond(const HttpRequest& req, boost::beast::http::status status, std::string body,
                     std::string_view content_type = "application/json");

// `msg` in protobuf's JSON mapping with the .proto field names (docs/api.md).
HttpResponse json(const HttpRequest& req, boost::beast::http::status status,
                  const google::protobuf::Message& msg);

// An ApiError: `code` is stable for programs, `detail` says what to do.
HttpResponse error(const HttpRequest& req, boost::beast::http::status status, std::string_view code,
                   std::string detail);

}  // namespace baken
