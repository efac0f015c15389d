// See tcp_connection.h.
#include "simulation/tcp_connection.h"

#include <algorithm>
#include <utility>

namespace baken::sim {

TcpConnection::TcpConnection(NetContext& net, Link& link, int dialling_node, int accepting_node,
                             std::uint64_t id)
    : net_(net), link_(link), id_(id) {
    ends_[0].node = dialling_node;
    ends_[1].node = accepting_node;
}

void TcpConnection::write(int end, std::string_view bytes) {
    End& e = ends_[end];
    if (!e.alive || e.closing || bytes.empty()) return;
    if (e.unsent_from > 0 && 2 * e.unsent_from >= e.unsent.size()) {  // amortised: O(1) a byte
        e.unsent.erase(0, e.unsent_from);
        e.unsent_from = 0;
    }
    e.unsent.append(bytes);
    pump(end);
}

std::size_t TcpConnection::unacknowledged(int end) const {
    const End& e = ends_[end];
    return static_cast<std::size_t>(e.sent_seq - e.acked) + e.unsent.size() - e.unsent_from;
}

void TcpConnection::close(int end) {
    End& e = ends_[end];
    e.owner = nullptr;
    if (!e.alive || e.closing) return;
    e.closing = true;
    e.fin_pending = true;
    pump(end);
}

void TcpConnection::vanish(int end) {
    End& e = ends_[end];
    e.owner = nullptr;
    e.alive = false;
}

// Puts segments on the wire while the window has room; the FIN goes after the last byte.
void TcpConnection::pump(int end) {
    End& e = ends_[end];
    while (e.alive && e.sent_seq - e.acked < kWindowBytes) {
        auto segment = std::make_shared<Segment>();
        segment->seq = e.sent_seq;
        if (e.unsent_from < e.unsent.size()) {
            std::size_t n = std::min(kMss, e.unsent.size() - e.unsent_from);
            segment->data.assign(e.unsent, e.unsent_from, n);
            e.unsent_from += n;
            if (e.unsent_from == e.unsent.size()) {
                e.unsent.clear();
                e.unsent_from = 0;
            }
        } else if (e.fin_pending) {
            segment->fin = true;
            e.fin_pending = false;
        } else {
            break;
        }
        e.sent_seq += segment->length();
        e.next_seq = e.sent_seq;
        transmit(end, std::move(segment), 0);
    }
}

SimTime TcpConnection::rto(int attempt) const {
    SimTime base = std::max(kMinRto, 2 * link_.base_rtt());
    return std::min(base << std::min(attempt, 20), kMaxRto);
}

void TcpConnection::transmit(int end, SegmentPtr segment, int attempt) {
    End& e = ends_[end];
    if (!e.alive || segment->seq + segment->length() <= e.acked) return;
    SimTime now = net_.loop.now();
    Transit t = link_.send(e.node, segment->data.size(), now, net_.random);
    if (t.lost) {
        // A single loss on a working link: the segments behind it draw duplicate ACKs (or
        // SACKs) and TCP resends it after about one round trip (fast retransmit). Otherwise
        // it waits for the retransmission timer.
        bool fast = link_.up() && attempt == 0;
        return retransmit_at(end, std::move(segment), attempt,
                             now + (fast ? link_.base_rtt() + kMs : rto(attempt)));
    }
    int to = 1 - end;
    auto self = shared_from_this();
    net_.loop.at(t.arrival, [self, to, segment, attempt, corrupted = t.corrupted] {
        self->arrive(to, segment, attempt, corrupted);
    });
    if (t.duplicate_arrival) {
        net_.loop.at(*t.duplicate_arrival,
                     [self, to, segment, attempt] { self->arrive(to, segment, attempt, false); });
    }
}

void TcpConnection::retransmit_at(int end, SegmentPtr segment, int attempt, SimTime at) {
    End& e = ends_[end];
    if (!e.alive) return;
    auto self = shared_from_this();
    if (attempt >= kMaxRetransmissions) {
        net_.loop.at(at, [self, end] { self->reset(end, "connection timed out"); });
        return;
    }
    std::uint64_t seq = segment->seq;
    std::uint64_t id = ++e.next_wait;
    e.waiting[seq] = Waiting{std::move(segment), attempt, id};
    net_.loop.at(at, [self, end, seq, id] { self->retransmit_waiting(end, seq, id); });
}

void TcpConnection::retransmit_waiting(int end, std::uint64_t seq, std::uint64_t id) {
    End& e = ends_[end];
    auto it = e.waiting.find(seq);
    if (it == e.waiting.end() || it->second.id != id) return;  // already sent again
    Waiting w = std::move(it->second);
    e.waiting.erase(it);
    transmit(end, std::move(w.segment), w.attempt + 1);
}

// The peer acknowledged new data: the path works again, so everything waiting for a
// retransmission timer goes now instead of after its (possibly two-minute) backoff.
void TcpConnection::recover(int end) {
    End& e = ends_[end];
    std::map<std::uint64_t, Waiting> waiting = std::move(e.waiting);
    e.waiting.clear();
    for (auto& [seq, w] : waiting) transmit(end, std::move(w.segment), w.attempt + 1);
}

void TcpConnection::arrive(int to, SegmentPtr segment, int attempt, bool corrupted) {
    End& e = ends_[to];
    int from = 1 - to;
    if (!e.alive) {
        // A machine that is up has no socket for this: RST. One that is down says nothing,
        // and the sender keeps retransmitting.
        if (net_.running(e.node)) return send_reset(from, "connection reset by peer");
        SimTime now = net_.loop.now();
        return retransmit_at(from, std::move(segment), attempt, now + rto(attempt));
    }
    if (e.closing && !segment->data.empty() && segment->seq >= e.recv_next) {
        // Data for a socket its owner closed: Linux answers with RST and forgets the socket.
        e.alive = false;
        return send_reset(from, "connection reset by peer");
    }
    if (segment->seq >= e.recv_next && !e.out_of_order.count(segment->seq)) {
        if (corrupted) {
            auto damaged = std::make_shared<Segment>(*segment);
            damaged->data[net_.random.below(damaged->data.size())] ^= 0x20;
            segment = std::move(damaged);
            corruption_delivered_ = true;
            ++net_.corrupted_delivered;
        }
        e.out_of_order.emplace(segment->seq, std::move(segment));
    }
    deliver_ready(to);
    acknowledge(from, e.recv_next);
}

// Hands the owner every segment that is next in sequence. The owner may close, write or
// detach from inside its callback, so the state is read again after each one.
void TcpConnection::deliver_ready(int to) {
    auto self = shared_from_this();  // an owner callback must not destroy us mid-loop
    End& e = ends_[to];
    while (e.alive && !e.out_of_order.empty() && e.out_of_order.begin()->first == e.recv_next) {
        SegmentPtr segment = e.out_of_order.begin()->second;
        e.out_of_order.erase(e.out_of_order.begin());
        e.recv_next += segment->length();
        if (!segment->data.empty() && e.owner) e.owner->on_tcp_data(as_bytes(segment->data));
        if (segment->fin) {
            e.fin_received = true;
            if (e.owner) e.owner->on_tcp_fin();
        }
    }
}

void TcpConnection::acknowledge(int end, std::uint64_t upto) {
    auto self = shared_from_this();
    net_.loop.after(link_.control_delay(net_.random), [self, end, upto] {
        End& e = self->ends_[end];
        if (!e.alive || upto <= e.acked) return;
        e.acked = upto;
        // Our FIN acknowledged: nothing of ours is left in flight; the kernel lets go.
        if (e.closing && !e.fin_pending && e.acked == e.sent_seq &&
            e.unsent_from == e.unsent.size()) {
            e.alive = false;
            return;
        }
        self->recover(end);
        self->pump(end);
        if (e.owner) e.owner->on_tcp_writable();
    });
}

void TcpConnection::send_reset(int to, const std::string& reason) {
    auto self = shared_from_this();
    net_.loop.after(link_.control_delay(net_.random),
                    [self, to, reason] { self->reset(to, reason); });
}

void TcpConnection::reset(int end, const std::string& reason) {
    End& e = ends_[end];
    if (!e.alive) return;
    e.alive = false;
    TcpOwner* owner = std::exchange(e.owner, nullptr);
    if (owner) owner->on_tcp_reset(reason);
}

}  // namespace baken::sim
