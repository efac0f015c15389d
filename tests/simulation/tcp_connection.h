// One simulated TCP connection between two nodes over a Link: an ordered, reliable byte
// stream built from segments that the link may lose, duplicate, reorder or corrupt.
//
// Each end segments what is written (MSS bytes), sends within a fixed window, and
// retransmits a lost segment: after about a round trip on a working link (fast retransmit:
// the segments behind it were acknowledged selectively), else after an exponentially
// backed-off RTO (Linux: at least 200 ms, doubling, at most 120 s, giving up after 15
// retransmissions) — and as soon as a new ACK shows that the path works again, everything
// waiting goes out (loss recovery). The receiver reassembles: in order, duplicates dropped.
// So a session above sees exactly what a socket would show it, and the faults below cost
// the time they cost in life. There is no congestion control: the window does not shrink
// on loss, so throughput on a lossy link is somewhat better than a real TCP's.
//
// Ends are 0 (the dialling node) and 1 (the accepting node). What an end reports goes to its
// TcpOwner: data in order, the peer's FIN, or a reset (by peer, or timed out). An end that
// vanishes (its machine crashed) says nothing to anyone: its peer finds out as a real one
// would — a RST when it sends to the rebooted machine, TCP giving up, or the session's own
// idle timeout. An end that closed answers data that still arrives with a RST, as Linux does.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "simulation/event_loop.h"
#include "simulation/link.h"
#include "simulation/sim_random.h"

namespace baken::sim {

// What a connection end reports to the node-side object that owns it.
class TcpOwner {
  public:
    virtual void on_tcp_data(ByteView data) = 0;  // the next bytes, in order, exactly once
    virtual void on_tcp_fin() = 0;                // the peer closed: nothing more will come
    virtual void on_tcp_reset(const std::string& reason) = 0;
    virtual void on_tcp_writable() = 0;  // acknowledged bytes left the window

  protected:
    ~TcpOwner() = default;
};

// What the connections of one network share: the loop, a random stream, and a way to ask
// whether a node's machine is up (a machine that is up answers stray segments with RST).
struct NetContext {
    EventLoop& loop;
    SimRandom random;
    std::function<bool(int node)> running;
    std::uint64_t corrupted_delivered = 0;  // packets that reached a session damaged
};

class TcpConnection : public std::enable_shared_from_this<TcpConnection> {
  public:
    static constexpr std::size_t kMss = 1460;
    static constexpr SimTime kMinRto = 200 * kMs;
    static constexpr SimTime kMaxRto = 120 * kSecond;
    static constexpr int kMaxRetransmissions = 15;  // Linux tcp_retries2

    TcpConnection(NetContext& net, Link& link, int dialling_node, int accepting_node,
                  std::uint64_t id);

    // REQUIRES: the owner outlives its attachment (it detaches before it goes away).
    void attach(int end, TcpOwner* owner) { ends_[end].owner = owner; }
    void detach(int end) { ends_[end].owner = nullptr; }
    // Queues bytes on an open end and sends what the window allows (the send buffer itself is
    // unbounded: callers look at in_flight() before they produce more).
    void write(int end, std::string_view bytes);
    // Bytes sent and not yet acknowledged, plus bytes queued behind the window.
    std::size_t unacknowledged(int end) const;
    // Sends a FIN after everything written; the end stays to retransmit, but reports nothing.
    void close(int end);
    // The end's machine went down: no FIN, no RST, no retransmission, no report.
    void vanish(int end);

    bool open(int end) const { return ends_[end].alive && !ends_[end].closing; }
    bool corruption_delivered() const { return corruption_delivered_; }
    int node(int end) const { return ends_[end].node; }
    std::uint64_t id() const { return id_; }

    static constexpr std::size_t kWindowBytes = 256 * 1024;

  private:
    struct Segment {
        std::uint64_t seq = 0;
        std::string data;
        bool fin = false;
        std::uint64_t length() const { return data.size() + (fin ? 1 : 0); }
    };
    using SegmentPtr = std::shared_ptr<const Segment>;
    struct Waiting {
        SegmentPtr segment;
        int attempt = 0;       // transmissions so far, minus one
        std::uint64_t id = 0;  // which timer may retransmit it
    };
    struct End {
        int node = 0;
        TcpOwner* owner = nullptr;
        bool alive = true;           // the kernel still holds this end
        bool closing = false;        // our FIN is queued or sent
        std::uint64_t next_seq = 0;  // next byte to segment
        std::uint64_t sent_seq = 0;  // next byte to put on the wire (window)
        std::uint64_t acked = 0;
        std::string unsent;           // written, not yet segmented (waiting for the window)...
        std::size_t unsent_from = 0;  // ...from this offset on (segmenting does not copy)
        bool fin_pending = false;
        std::uint64_t recv_next = 0;
        std::map<std::uint64_t, SegmentPtr> out_of_order;
        bool fin_received = false;
        // Lost segments waiting for their retransmission, by sequence number. An ACK that
        // makes progress ends the wait for all of them (TCP's loss recovery after an RTO).
        std::map<std::uint64_t, Waiting> waiting;
        std::uint64_t next_wait = 0;
    };

    void pump(int end);
    void transmit(int end, SegmentPtr segment, int attempt);
    void arrive(int to, SegmentPtr segment, int attempt, bool corrupted);
    void deliver_ready(int to);
    void acknowledge(int end, std::uint64_t upto);
    void send_reset(int to, const std::string& reason);
    void reset(int end, const std::string& reason);
    void retransmit_at(int end, SegmentPtr segment, int attempt, SimTime at);
    void retransmit_waiting(int end, std::uint64_t seq, std::uint64_t id);
    void recover(int end);
    SimTime rto(int attempt) const;

    NetContext& net_;
    Link& link_;
    std::uint64_t id_;
    std::array<End, 2> ends_;
    bool corruption_delivered_ = false;
};

}  // namespace baken::sim
