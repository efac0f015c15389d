// The live stream of picture changes (GET /api/v1/picture/events): Server-Sent Events fan-out
// with no sockets. The HTTP server subscribes one sink per open stream; the node publishes a
// change (coalesced, at most a few per second) and every sink gets the same event text.
//
// Bounded: at most kMaxStreams subscribers; a sink that cannot keep up is the server's to
// close (it holds a bounded queue), and the browser reconnects and re-reads the picture.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "baken/v1/picture.pb.h"

namespace baken {

class PictureEvents {
  public:
    static constexpr std::size_t kMaxStreams = 32;
    using Sink = std::function<void(const std::string& event_text)>;

    // Returns 0 when kMaxStreams are open already.
    std::uint64_t subscribe(Sink sink);
    void unsubscribe(std::uint64_t id);

    // Sends `change` (its sequence is set here) as an SSE event "change" to every subscriber.
    void publish(v1::PictureChange change);

    std::size_t streams() const { return sinks_.size(); }
    std::uint64_t sequence() const { return sequence_; }

    // The text of one event: "event: change\nid: N\ndata: {json}\n\n".
    static std::string event_text(const v1::PictureChange& change);

  private:
    std::map<std::uint64_t, Sink> sinks_;
    std::uint64_t next_id_ = 1;
    std::uint64_t sequence_ = 0;
};

}  // namespace baken
