// The HTTP listener: accepts connections on the event loop and hands each parsed request to
// ApiRoutes. It owns sockets and timeouts, nothing else.
//
// Bounds: at most kMaxConnections open at once (further connections are closed at once),
// request bodies up to kMaxBodyBytes (413 beyond), and every read or write must finish within
// kIoTimeout (the connection is closed otherwise), so a slow or stuck client costs a bounded
// amount of memory and one socket. A live stream (GET /api/v1/picture/events) keeps its
// connection and queues at most kMaxStreamQueueBytes of events; a client that falls further
// behind is closed (its browser reconnects and re-reads the picture).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "api/picture_events.h"
#include "api/routes.h"
#include "common/result.h"

namespace baken {

class HttpServer {
  public:
    static constexpr std::size_t kMaxConnections = 64;
    static constexpr std::size_t kMaxBodyBytes = 64 * 1024;
    static constexpr std::chrono::seconds kIoTimeout{30};
    static constexpr std::size_t kMaxStreamQueueBytes = 256 * 1024;
    static constexpr std::chrono::seconds kStreamHeartbeat{15};

    // `events` may be null (no live stream); it must outlive the server's stop().
    HttpServer(boost::asio::io_context& io, ApiRoutes& routes, PictureEvents* events = nullptr);
    ~HttpServer();

    // Binds and starts accepting. Errors: address invalid, in use, or not permitted.
    Result<Done, std::string> listen(const std::string& address, std::uint16_t port);
    // The address actually bound ("127.0.0.1:7718"), valid after listen().
    std::string local_address() const;
    // Stops accepting and closes every open connection.
    void stop();

    struct Shared;  // state shared with connections; defined in http_server.cc

  private:
    std::shared_ptr<Shared> shared_;
};

}  // namespace baken
