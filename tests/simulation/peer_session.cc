// See peer_session.h.
#include "simulation/peer_session.h"

#include "simulation/sim_node.h"

namespace baken::sim {

PeerSession::PeerSession(SimNode& node, std::uint64_t serial,
                         std::shared_ptr<TcpConnection> connection, int end,
                         std::unique_ptr<sync::SyncSession> session, std::optional<int> dialer)
    : node_(node),
      serial_(serial),
      connection_(std::move(connection)),
      end_(end),
      session_(std::move(session)),
      dialer_(dialer),
      started_ms_(node.clock().now_ms()) {
    connection_->attach(end_, this);
}

PeerSession::~PeerSession() {
    if (!finished_) connection_->vanish(end_);
}

void PeerSession::start() {
    after_event();
}

void PeerSession::push(const MessageId& id) {
    if (finished_) return;
    session_->on_local_message(id);
    after_event();
}

void PeerSession::close(const std::string& reason) {
    if (finished_) return;
    session_->close(reason);
    after_event();
}

void PeerSession::vanish() {
    finished_ = true;
    connection_->vanish(end_);
}

void PeerSession::on_tcp_data(ByteView data) {
    if (finished_) return;
    session_->on_bytes(data, node_.clock().now_ms());
    after_event();
}

// The daemon's wording for an orderly end of the stream and for a socket error.
void PeerSession::on_tcp_fin() {
    close("peer closed the connection");
}
void PeerSession::on_tcp_reset(const std::string& reason) {
    close("connection error: " + reason);
}
void PeerSession::on_tcp_writable() {
    after_event();
}

void PeerSession::after_event() {
    if (finished_) return;
    if (!announced_ && session_->established()) {
        announced_ = true;
        node_.on_session_established(*this);
        // The duplicate rule may have closed this very session. (PeerConnection does not look
        // again here, so it finishes twice and its owner hears on_closed twice.)
        if (finished_) return;
    }
    if (session_->closed()) return finish();
    write_output();
    if (session_->closed()) return finish();
    arm_timer();
}

// PeerConnection writes up to 256 KiB whenever its previous write has gone into the kernel;
// here the kernel is the TCP end, and "gone in" means "within the window".
void PeerSession::write_output() {
    constexpr std::size_t kWindow = TcpConnection::kWindowBytes;
    while (connection_->unacknowledged(end_) < kWindow && !session_->closed()) {
        std::size_t room = kWindow - connection_->unacknowledged(end_);
        std::string out = session_->take_output(room, node_.clock().now_ms());
        if (out.empty()) break;
        connection_->write(end_, out);
    }
}

// One pending timer event at most: re-armed only when the deadline moved earlier; an event
// that fires before the (later) current deadline just re-arms.
void PeerSession::arm_timer() {
    SimTime deadline = node_.clock().at_ms(session_->next_deadline_ms());
    if (timer_at_ >= 0 && timer_at_ <= deadline) return;
    schedule_timer(std::max(deadline, node_.loop().now()));
}

void PeerSession::schedule_timer(SimTime at) {
    timer_at_ = at;
    std::uint64_t generation = ++timer_generation_;
    SimNode* node = &node_;
    std::uint64_t serial = serial_;
    node_.loop().at(at, [node, serial, generation] {
        if (PeerSession* self = node->find_session(serial)) self->on_timer_event(generation);
    });
}

void PeerSession::on_timer_event(std::uint64_t generation) {
    if (finished_ || generation != timer_generation_) return;
    timer_at_ = -1;
    SimTime now = node_.loop().now();
    if (node_.clock().at_ms(session_->next_deadline_ms()) > now) return arm_timer();
    session_->on_timer(node_.clock().now_ms());
    after_event();
    if (finished_) return;
    // A deadline that on_timer() neither honours nor moves would spin the daemon's timer
    // (PeerConnection re-arms with a zero wait): report it once, and look again in a second.
    if (node_.clock().at_ms(session_->next_deadline_ms()) <= now) {
        if (!spin_reported_) {
            node_.report_violation(
                "session timer spins: on_timer() leaves next_deadline_ms() in the past");
            spin_reported_ = true;
        }
        schedule_timer(now + kSecond);
    }
}

void PeerSession::finish() {
    finished_ = true;
    connection_->close(end_);
    node_.on_session_finished(*this);
}

}  // namespace baken::sim
