// See sync_service.h.
#include "sync/tcp/sync_service.h"

#include <sodium.h>

#include <algorithm>

#include "common/log.h"

namespace baken::sync {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {
constexpr std::int64_t kFirstRedialMs = 1000;
constexpr std::int64_t kMaxRedialMs = 60'000;
// A session that lasted this long was healthy: the next redial starts from the shortest delay.
constexpr std::int64_t kHealthySessionMs = 30'000;

std::string endpoint_text(const tcp::endpoint& ep) {
    std::string host = ep.address().to_string();
    if (ep.address().is_v6()) host = "[" + host + "]";
    return host + ":" + std::to_string(ep.port());
}
}  // namespace

struct SyncService::Dialer {
    PeerAddress peer;
    tcp::endpoint endpoint;
    std::optional<PublicKey> expected;
    std::optional<PublicKey> learned;  // the key the peer proved in a session from this dialer
    asio::steady_timer timer;
    std::int64_t delay_ms = kFirstRedialMs;
    std::int64_t session_started_ms = 0;
    bool connected = false;
    bool transient = false;  // from discovery: dial once, never redial
    bool waiting = false;    // for the established session with known_key() to end
    Dialer(asio::io_context& io, PeerAddress p) : peer(std::move(p)), timer(io) {}
    std::optional<PublicKey> known_key() const { return expected ? expected : learned; }
};

SyncService::SyncService(asio::io_context& io, const Identity& identity, Store& store,
                         ValidationPath& validation, const Clock& clock, PeerTable& peers,
                         std::string node_name, std::size_t max_sessions)
    : io_(io),
      acceptor_(io),
      identity_(identity),
      store_(store),
      validation_(validation),
      clock_(clock),
      peers_(peers),
      node_name_(std::move(node_name)),
      max_sessions_(max_sessions),
      jitter_(randombytes_random()) {}

SyncService::~SyncService() {
    stop();
}

std::array<std::uint8_t, 32> SyncService::random_seed() {
    std::array<std::uint8_t, 32> seed;
    randombytes_buf(seed.data(), seed.size());
    return seed;
}

Result<Done, std::string> SyncService::listen(const std::string& address, std::uint16_t port) {
    boost::system::error_code ec;
    auto ip = asio::ip::make_address(address, ec);
    if (ec) return fail("sync listen address '" + address + "' is not an IP address");
    tcp::endpoint endpoint{ip, port};
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
        return fail("cannot listen for peers on " + address + ":" + std::to_string(port) + ": " +
                    ec.message());
    accept_next();
    return Done{};
}

std::string SyncService::local_address() const {
    boost::system::error_code ec;
    auto ep = acceptor_.local_endpoint(ec);
    return ec ? "" : endpoint_text(ep);
}

std::uint16_t SyncService::local_port() const {
    boost::system::error_code ec;
    auto ep = acceptor_.local_endpoint(ec);
    return ec ? 0 : ep.port();
}

void SyncService::accept_next() {
    acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
        if (stopped_ || ec == asio::error::operation_aborted) return;
        if (!ec) {
            if (connections_.size() >= max_sessions_) {
                log::warning("sync", "refused a peer connection: " + std::to_string(max_sessions_) +
                                         " sessions already open");
                socket.close(ec);
            } else {
                start_session(std::move(socket), Role::responder, std::nullopt, nullptr);
            }
        }
        accept_next();
    });
}

void SyncService::add_peer(const PeerAddress& peer) {
    auto dialer = std::make_shared<Dialer>(io_, peer);
    boost::system::error_code ec;
    dialer->endpoint = tcp::endpoint(asio::ip::make_address(peer.address, ec), peer.port);
    if (ec) {
        log::error("sync", "peer address " + peer.address + " is not an IP address");
        return;
    }
    if (!peer.key_hex.empty()) {
        auto bytes = from_hex(peer.key_hex);
        PublicKey key{};
        std::copy(bytes->begin(), bytes->end(), key.begin());
        dialer->expected = key;
    }
    dialers_.push_back(dialer);
    dial(dialer);
}

bool SyncService::has_session_with(const PublicKey& key) const {
    return std::any_of(connections_.begin(), connections_.end(), [&](const auto& connection) {
        const SyncSession& session = connection->session();
        return session.established() && !session.closed() && session.peer_key() == key;
    });
}

void SyncService::dial(const std::shared_ptr<Dialer>& dialer) {
    if (stopped_) return;
    // A session with this peer exists already (it dialled us, or we reached it another way):
    // a second one would only be closed as a duplicate. Wait for that one to end.
    if (auto key = dialer->known_key(); key && has_session_with(*key)) {
        if (dialer->transient) return redial_later(dialer);  // drops it
        dialer->waiting = true;
        log::debug("sync", "not dialling " + endpoint_text(dialer->endpoint) + ": a session with " +
                               fingerprint(*key) + " is open");
        return;
    }
    auto socket = std::make_shared<tcp::socket>(io_);
    socket->async_connect(dialer->endpoint, [this, dialer, socket](boost::system::error_code ec) {
        if (stopped_) return;
        if (ec) {
            log::debug("sync",
                       "cannot reach " + endpoint_text(dialer->endpoint) + ": " + ec.message());
            return redial_later(dialer);
        }
        if (connections_.size() >= max_sessions_) return redial_later(dialer);
        if (auto key = dialer->known_key(); key && has_session_with(*key)) {
            socket->close(ec);
            return dial(dialer);  // waits
        }
        dialer->connected = true;
        dialer->session_started_ms = clock_.now_ms();
        start_session(std::move(*socket), Role::initiator, dialer->expected, dialer);
    });
}

void SyncService::redial_later(const std::shared_ptr<Dialer>& dialer) {
    if (stopped_) return;
    if (dialer->transient) {
        if (dialer->expected) discovered_dialing_.erase(*dialer->expected);
        std::erase(dialers_, dialer);
        return;
    }
    std::uniform_real_distribution<double> spread(0.75, 1.25);
    auto wait =
        std::chrono::milliseconds(static_cast<std::int64_t>(dialer->delay_ms * spread(jitter_)));
    dialer->delay_ms = std::min(dialer->delay_ms * 2, kMaxRedialMs);
    dialer->timer.expires_after(wait);
    dialer->timer.async_wait([this, dialer](boost::system::error_code ec) {
        if (!ec) dial(dialer);
    });
}

void SyncService::start_session(tcp::socket socket, Role role, std::optional<PublicKey> expected,
                                std::shared_ptr<Dialer> dialer) {
    boost::system::error_code ec;
    std::string remote = endpoint_text(socket.remote_endpoint(ec));
    SessionParams params{identity_, role, expected, random_seed(), node_name_, clock_.now_ms()};
    auto session = std::make_unique<SyncSession>(params, store_, validation_);
    PeerConnection::Observer observer{
        [this, dialer](PeerConnection& c) { on_established(c, dialer); },
        [this, dialer](PeerConnection& c) { on_closed(c, dialer); },
        [this](PeerConnection& c) { on_progress(c); },
    };
    auto connection = std::make_shared<PeerConnection>(std::move(socket), std::move(session),
                                                       clock_, std::move(observer), remote);
    connections_.insert(connection);
    connection->start();
}

void SyncService::on_established(PeerConnection& connection,
                                 const std::shared_ptr<Dialer>& dialer) {
    PublicKey key = *connection.session().peer_key();
    if (dialer) dialer->learned = key;
    // One session per peer: keep the one initiated by the node with the smaller key. Closing
    // may erase from connections_, so decide first and close after the loop.
    PeerConnection* to_close = nullptr;
    for (const auto& other : connections_) {
        if (other.get() == &connection || !other->session().established()) continue;
        if (other->session().peer_key() != key || other->session().closed()) continue;
        bool mine_initiated = connection.session().role() == Role::initiator;
        bool keep_new = (identity_.public_key() < key) == mine_initiated;
        to_close = keep_new ? other.get() : &connection;
        break;
    }
    if (to_close) {
        ++duplicate_closes_;
        to_close->close("duplicate session with the same peer");
    }
    if (to_close == &connection) return;
    PeerRecord& record = peers_.touch(key, clock_.now_ms());
    record.connected = true;
    record.transport = "lan";
    record.address = connection.remote();
    record.name = connection.session().peer_name();
    log::info("sync",
              "session with " + fingerprint(key) + " (" + connection.remote() + ") established");
}

void SyncService::on_progress(PeerConnection& connection) {
    auto key = connection.session().peer_key();
    const SyncProtocol* protocol = connection.session().protocol();
    if (!key || !protocol || connection.session().closed()) return;
    PeerRecord& record = peers_.touch(*key, clock_.now_ms());
    record.name = protocol->peer_name();
    record.backlog = protocol->backlog();
    record.messages_sent = protocol->stats().messages_sent;
    record.messages_received = protocol->stats().messages_received;
}

void SyncService::on_closed(PeerConnection& connection, const std::shared_ptr<Dialer>& dialer) {
    // A connection closed from within on_established reports its end twice: count it once.
    auto self = connection.shared_from_this();
    if (!connections_.count(self)) return;
    const std::string& reason = connection.session().close_reason();
    auto key = connection.session().peer_key();
    std::string who = key ? fingerprint(*key) : connection.remote();
    log::info("sync", "session with " + who + " ended: " + reason);
    if (key) peers_.disconnected(*key, reason);
    if (dialer) {
        if (clock_.now_ms() - dialer->session_started_ms >= kHealthySessionMs)
            dialer->delay_ms = kFirstRedialMs;
        dialer->connected = false;
        redial_later(dialer);
    }
    connections_.erase(self);
    if (key && !has_session_with(*key)) wake_dialers_waiting_for(*key);
}

void SyncService::wake_dialers_waiting_for(const PublicKey& key) {
    for (const auto& dialer : dialers_) {
        if (!dialer->waiting || dialer->known_key() != key) continue;
        dialer->waiting = false;
        redial_later(dialer);
    }
}

void SyncService::on_discovered(const PublicKey& key, const std::string& address,
                                std::uint16_t port) {
    if (stopped_ || key == identity_.public_key() || !(identity_.public_key() < key)) return;
    if (discovered_dialing_.count(key)) return;
    for (const auto& connection : connections_) {
        if (connection->session().peer_key() == key) return;
    }
    for (const auto& dialer : dialers_) {
        if (dialer->known_key() == key) return;  // configured: it redials by itself
    }
    PeerAddress peer{address, port, to_hex(key)};
    auto dialer = std::make_shared<Dialer>(io_, peer);
    boost::system::error_code ec;
    dialer->endpoint = tcp::endpoint(asio::ip::make_address(address, ec), port);
    if (ec) return;
    dialer->expected = key;
    dialer->transient = true;
    discovered_dialing_.insert(key);
    dialers_.push_back(dialer);
    log::info("sync", "found " + fingerprint(key) + " on the LAN at " + address + ":" +
                          std::to_string(port));
    dial(dialer);
}

void SyncService::on_stored(const MessageId& id) {
    auto open = connections_;  // a push may end a session, which erases it from the set
    for (const auto& connection : open) connection->push(id);
}

void SyncService::stop() {
    if (stopped_) return;
    stopped_ = true;
    boost::system::error_code ec;
    acceptor_.close(ec);
    for (auto& dialer : dialers_) dialer->timer.cancel();
    auto open = connections_;
    for (const auto& connection : open) connection->close("node is shutting down");
}

}  // namespace baken::sync
