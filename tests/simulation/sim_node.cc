// See sim_node.h.
#include "simulation/sim_node.h"

#include <algorithm>
#include <cctype>

#include "picture/picture_loader.h"

namespace baken::sim {

namespace {

// The daemon's constants (sync_service.cc, bakend/node.cc).
constexpr std::int64_t kFirstRedialMs = 1000;
constexpr std::int64_t kMaxRedialMs = 60'000;
constexpr std::int64_t kHealthySessionMs = 30'000;
constexpr SimTime kExpirySweepInterval = 60 * kSecond;
constexpr SimTime kExpirySweepAgain = 50 * kMs;
constexpr std::size_t kExpirySweepBatch = 1000;

// Close reasons without their numbers, so the histogram has a few rows, not thousands.
std::string reason_class(const std::string& reason) {
    std::string out;
    for (char c : reason.substr(0, 72)) {
        bool digit = std::isdigit(static_cast<unsigned char>(c)) != 0;
        if (digit && !out.empty() && out.back() == '#') continue;
        out.push_back(digit ? '#' : c);
    }
    return out.empty() ? "(none)" : out;
}

// How a session between two honest nodes may end on a network that loses, delays and resets
// but does not corrupt. Anything else is a protocol error between peers that follow the
// protocol: a bug.
bool expected_between_honest_peers(const std::string& reason) {
    static const char* const kExpected[] = {
        "peer closed the connection",  // the other side ended it (any of the reasons here)
        "connection error: ",          // reset by peer, timed out
        "duplicate session with the same peer",
        "peer silent for too long",  // a half-open connection after a partition or crash
        "handshake timeout",
        "timeout: ",  // a handshake message that arrived after the handshake deadline
    };
    return std::any_of(std::begin(kExpected), std::end(kExpected),
                       [&](const char* prefix) { return reason.rfind(prefix, 0) == 0; });
}

}  // namespace

SimNode::SimNode(NodeEnvironment& env, NodeSetup setup, const Identity& identity, SimRandom random)
    : env_(env), setup_(std::move(setup)), identity_(identity), random_(random) {}

SimNode::~SimNode() {
    sessions_.clear();  // each vanishes from its connection
    graveyard_.clear();
}

void SimNode::add_dial(int peer, std::optional<PublicKey> pin) {
    dialers_.push_back(Dialer{peer, pin, kFirstRedialMs, 0, false, 0, std::nullopt, false});
}

Result<Done, std::string> SimNode::start() {
    auto opened = Store::open({setup_.dir, setup_.quota_bytes});
    if (!opened) return fail(setup_.name + ": " + opened.error());
    store_ = std::move(opened).value();
    credentials_ = std::make_unique<trust::CredentialBook>(setup_.trusted_roots);
    credentials_->load(*store_);
    validation_ = std::make_unique<ValidationPath>(*store_, env_.clock, credentials_.get());
    validation_->withdraw_revoked();
    if (setup_.keep_picture) {
        // As bakend: rebuilt from the store at every start, then following it, and reading the
        // bodies its views show from the store.
        picture_ = std::make_unique<picture::PictureEngine>(
            [this](const MessageId& id) { return picture::read_body(*store_, id); });
        picture::load_picture(*picture_, *store_);
        store_->on_removed([this](std::span<const MessageId> ids) {
            for (const MessageId& id : ids) picture_->remove(id);
        });
    }
    validation_->on_stored([this](const DecodedMessage& m) {
        env_.stored(setup_.index, m.id);
        if (picture_) picture_->add(m);
        on_stored(m.id);
    });
    for (std::size_t i = 0; i < dialers_.size(); ++i) {
        dialers_[i].delay_ms = kFirstRedialMs;
        dialers_[i].connected = false;
        dialers_[i].learned.reset();  // the daemon keeps it in memory only
        dialers_[i].waiting = false;
        dial(i);
    }
    std::uint64_t life = incarnation_;
    env_.loop.after(kExpirySweepInterval, [this, life] {
        if (life == incarnation_) sweep_expired();
    });
    trace("started with " + std::to_string(store_->stats().message_count) + " messages");
    return Done{};
}

void SimNode::crash() {
    if (!running()) return;
    trace("crashed");
    save_refusals();
    ++stats_.crashes;
    ++incarnation_;
    for (auto& [serial, session] : sessions_) {
        add_counters(*session, stats_);
        ++stats_.close_reasons["(node crashed)"];
        session->vanish();
    }
    sessions_.clear();
    graveyard_.clear();
    validation_.reset();
    credentials_.reset();
    picture_.reset();
    store_.reset();
}

bool SimNode::has_session_with(const PublicKey& key) const {
    return std::any_of(sessions_.begin(), sessions_.end(), [&](const auto& entry) {
        const sync::SyncSession& session = entry.second->session();
        return session.established() && !session.closed() && session.peer_key() == key;
    });
}

// SyncService::dial: a dialer that knows its peer's key does not dial while a session with
// that key is established; it waits for that session to end.
void SimNode::dial(std::size_t index) {
    if (!running()) return;
    if (auto key = dialers_[index].known_key(); key && has_session_with(*key)) {
        dialers_[index].waiting = true;
        trace("not dialling node " + std::to_string(dialers_[index].peer) +
              ": a session with it is open");
        return;
    }
    std::uint64_t life = incarnation_;
    env_.network.connect(
        setup_.index, dialers_[index].peer,
        [this, index, life](std::shared_ptr<TcpConnection> connection, const std::string& error) {
            if (life != incarnation_) {
                if (connection) connection->vanish(0);
                return;
            }
            if (!connection) {
                trace("dial node " + std::to_string(dialers_[index].peer) + ": " + error);
                return redial_later(index);
            }
            if (sessions_.size() >= setup_.max_sessions) {
                connection->close(0);
                return redial_later(index);
            }
            if (auto key = dialers_[index].known_key(); key && has_session_with(*key)) {
                connection->close(0);
                return dial(index);  // waits
            }
            Dialer& d = dialers_[index];
            d.connected = true;
            d.session_started_ms = env_.clock.now_ms();
            start_session(std::move(connection), 0, d.pin, index);
        });
}

// One pending re-dial per dialer, as the daemon's single steady_timer per dialer gives.
void SimNode::redial_later(std::size_t index) {
    if (!running()) return;
    Dialer& d = dialers_[index];
    double spread = 0.75 + 0.5 * random_.unit();
    auto wait_ms = static_cast<std::int64_t>(static_cast<double>(d.delay_ms) * spread);
    d.delay_ms = std::min(d.delay_ms * 2, kMaxRedialMs);
    std::uint64_t timer = ++d.timer;
    std::uint64_t life = incarnation_;
    env_.loop.after(wait_ms * kMs, [this, index, timer, life] {
        if (life == incarnation_ && dialers_[index].timer == timer) dial(index);
    });
}

void SimNode::accept(std::shared_ptr<TcpConnection> connection) {
    if (!running()) return connection->vanish(1);
    if (sessions_.size() >= setup_.max_sessions) return connection->close(1);
    start_session(std::move(connection), 1, std::nullopt, std::nullopt);
}

void SimNode::start_session(std::shared_ptr<TcpConnection> connection, int end,
                            std::optional<PublicKey> pin, std::optional<std::size_t> dialer) {
    sync::SessionParams params{
        identity_,   end == 0 ? sync::Role::initiator : sync::Role::responder,
        pin,         random_.bytes<32>(),
        setup_.name, env_.clock.now_ms()};
    auto session = std::make_unique<sync::SyncSession>(params, *store_, *validation_);
    std::uint64_t serial = next_serial_++;
    std::optional<int> dialer_index;
    if (dialer) dialer_index = static_cast<int>(*dialer);
    auto peer = std::make_unique<PeerSession>(*this, serial, std::move(connection), end,
                                              std::move(session), dialer_index);
    ++stats_.sessions_started;
    trace("session " + std::to_string(serial) + " with node " + std::to_string(peer->peer_node()) +
          (end == 0 ? " dialled" : " accepted"));
    PeerSession* started = peer.get();
    sessions_.emplace(serial, std::move(peer));
    started->start();
}

PeerSession* SimNode::find_session(std::uint64_t serial) {
    auto it = sessions_.find(serial);
    return it == sessions_.end() ? nullptr : it->second.get();
}

// SyncService::on_established: one session per peer key; both ends keep the session that
// the node with the smaller key initiated.
void SimNode::on_session_established(PeerSession& session) {
    ++stats_.sessions_established;
    trace("session " + std::to_string(session.serial()) + " established");
    PublicKey key = *session.session().peer_key();
    if (session.dialer()) dialers_[static_cast<std::size_t>(*session.dialer())].learned = key;
    PeerSession* to_close = nullptr;
    for (auto& [serial, other] : sessions_) {
        if (other.get() == &session || !other->session().established()) continue;
        if (other->session().peer_key() != key || other->session().closed()) continue;
        bool mine_initiated = session.session().role() == sync::Role::initiator;
        bool keep_new = (identity_.public_key() < key) == mine_initiated;
        to_close = keep_new ? other.get() : &session;
        break;
    }
    if (to_close) to_close->close("duplicate session with the same peer");
}

void SimNode::on_session_finished(PeerSession& session) {
    const std::string& reason = session.session().close_reason();
    trace("session " + std::to_string(session.serial()) + " ended after " +
          std::to_string(session.session().counters().bytes_in) + " bytes in, " +
          std::to_string(session.session().counters().bytes_out) + " out: " + reason);
    add_counters(session, stats_);
    ++stats_.close_reasons[reason_class(reason)];
    check_close_reason(session, reason);
    std::optional<int> dialer = session.dialer();
    std::optional<PublicKey> key = session.session().peer_key();
    auto it = sessions_.find(session.serial());
    if (it != sessions_.end()) {
        bury(std::move(it->second));
        sessions_.erase(it);
    }
    if (dialer) {
        Dialer& d = dialers_[static_cast<std::size_t>(*dialer)];
        if (env_.clock.now_ms() - d.session_started_ms >= kHealthySessionMs)
            d.delay_ms = kFirstRedialMs;
        d.connected = false;
        redial_later(static_cast<std::size_t>(*dialer));
    }
    if (key && !has_session_with(*key)) wake_dialers_waiting_for(*key);
}

void SimNode::wake_dialers_waiting_for(const PublicKey& key) {
    for (std::size_t i = 0; i < dialers_.size(); ++i) {
        if (!dialers_[i].waiting || dialers_[i].known_key() != key) continue;
        dialers_[i].waiting = false;
        redial_later(i);
    }
}

void SimNode::check_close_reason(const PeerSession& session, const std::string& reason) {
    if (env_.is_malicious(setup_.index) || env_.is_malicious(session.peer_node())) return;
    if (session.saw_corruption()) return;  // the AEAD or the framer caught it: as designed
    if (expected_between_honest_peers(reason)) return;
    report_violation("session with node " + std::to_string(session.peer_node()) +
                     " ended with a protocol error: " + reason);
}

// A finished session may still be on the call stack (it reported from its own callback):
// free it at the next event instead of now.
void SimNode::bury(std::unique_ptr<PeerSession> session) {
    if (graveyard_.empty()) {
        env_.loop.after(0, [this] { graveyard_.clear(); });
    }
    graveyard_.push_back(std::move(session));
}

void SimNode::on_stored(const MessageId& id) {
    // A push may end a session (which leaves sessions_): walk a copy, in serial order.
    std::vector<PeerSession*> open;
    open.reserve(sessions_.size());
    for (auto& [serial, session] : sessions_) open.push_back(session.get());
    for (PeerSession* session : open) session->push(id);
}

std::vector<Verdict> SimNode::post(std::span<const ByteView> envelopes) {
    return validation_->submit_batch(envelopes, Origin::local);
}

void SimNode::plant(const DecodedMessage& message) {
    std::int64_t now = env_.clock.now_ms();
    auto outcome = store_->put(message, now, now);
    if (outcome.status != PutStatus::stored) return;
    if (picture_) picture_->add(message);
    on_stored(message.id);
}

void SimNode::sweep_expired() {
    if (!running()) return;
    auto removed = store_->remove_expired(env_.clock.now_ms(), kExpirySweepBatch);
    if (!removed) report_violation("expiry sweep failed: " + removed.error());
    if (removed) stats_.expired_removed += *removed;
    bool more = removed && *removed == kExpirySweepBatch;
    std::uint64_t life = incarnation_;
    env_.loop.after(more ? kExpirySweepAgain : kExpirySweepInterval, [this, life] {
        if (life == incarnation_) sweep_expired();
    });
}

void SimNode::add_counters(const PeerSession& session, NodeStats& stats) const {
    const auto& c = session.session().counters();
    stats.session_bytes_out += c.bytes_out;
    stats.session_bytes_in += c.bytes_in;
    const sync::SyncProtocol* protocol = session.session().protocol();
    if (!protocol) return;
    const sync::SyncStats& s = protocol->stats();
    stats.messages_sent += s.messages_sent;
    stats.messages_received += s.messages_received;
    stats.duplicates_received += s.duplicates_received;
    stats.rejected_received += s.rejected_received;
    stats.symbols_sent += s.symbols_sent;
    stats.symbols_received += s.symbols_received;
    stats.reconciliations += s.reconciliation_rounds;
}

void SimNode::save_refusals() {
    for (int code = 0; code < kRejectCodeCount; ++code) {
        stats_.refused[code] += validation_->rejected(static_cast<RejectCode>(code));
    }
}

NodeStats SimNode::stats_with_open_sessions() const {
    NodeStats total = stats_;
    for (const auto& [serial, session] : sessions_) add_counters(*session, total);
    if (validation_) {
        for (int code = 0; code < kRejectCodeCount; ++code) {
            total.refused[code] += validation_->rejected(static_cast<RejectCode>(code));
        }
    }
    return total;
}

}  // namespace baken::sim
