// See node.h.
#include "bakend/node.h"

#include <fcntl.h>
#include <sys/file.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <boost/asio/post.hpp>
#include <csignal>
#include <cstring>

#include "api/api_token.h"
#include "common/atomic_file.h"
#include "common/log.h"
#include "message/envelope_codec.h"
#include "message/limits.h"
#include "picture/picture_loader.h"

namespace baken {
namespace fs = std::filesystem;

namespace {

constexpr std::chrono::milliseconds kExpirySweepInterval{60 * 1000};
constexpr std::uint16_t kDefaultSyncPort = 7717;
// Messages the picture reads from the store per turn of the event loop: a few milliseconds on a
// laptop (tests/bench/startup_bench), so a node loading a large store still answers its peers
// and the API between slices. Small also for memory: records in id order lie all over data.mdb,
// and each page fault maps the pages around it too (64 KiB), until the slice lets them go.
constexpr std::size_t kPictureSlice = 1000;

// One bakend per data directory: two would corrupt nothing (LMDB locks) but would fight over
// api.address and the node's identity on the mesh.
Result<int, std::string> lock_data_dir(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return fail("cannot create data directory " + dir.string() + ": " + ec.message());
    fs::path path = dir / "bakend.lock";
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return fail("cannot open " + path.string() + ": " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        return fail("another bakend is already using " + dir.string());
    }
    return fd;
}

}  // namespace

Result<std::unique_ptr<Node>, std::string> Node::start(const Config& config) {
    auto lock = lock_data_dir(config.data_dir);
    if (!lock) return fail(lock.error());
    auto identity = Identity::load_or_create(config.data_dir);
    if (!identity) {
        ::close(*lock);
        return fail(identity.error());
    }
    std::unique_ptr<Node> node(new Node(config, std::move(identity).value(), *lock));
    if (auto opened = node->open(config); !opened) return fail(opened.error());
    return node;
}

Node::Node(const Config& config, Identity identity, int lock_fd)
    : config_(config), identity_(std::move(identity)), lock_fd_(lock_fd) {}

Node::~Node() {
    server_.reset();
    routes_.reset();
    if (store_) store_->on_removed(nullptr);
    beacons_.reset();
    sync_.reset();
    validation_.reset();
    credentials_.reset();
    store_.reset();
    ::close(lock_fd_);
}

void Node::open_credentials(const Config& config) {
    std::vector<PublicKey> roots;
    for (const std::string& hex : config.trust_roots_hex) {
        auto bytes = from_hex(hex);  // the config checked: 64 hex characters
        PublicKey key{};
        if (bytes && bytes->size() == key.size())
            std::copy(bytes->begin(), bytes->end(), key.begin());
        roots.push_back(key);
    }
    credentials_ = std::make_unique<trust::CredentialBook>(std::move(roots));
    credentials_->load(*store_);
    if (!credentials_->enforcing()) {
        log::warning("trust",
                     "no region root configured ([trust] roots): every signed message "
                     "is accepted, whoever wrote it");
        return;
    }
    log::info("trust", std::to_string(config.trust_roots_hex.size()) + " region root(s), " +
                           std::to_string(credentials_->credential_count()) +
                           " credential(s) known");
}

Result<Done, std::string> Node::open(const Config& config) {
    auto token = load_or_create_api_token(config.data_dir);
    if (!token) return fail(token.error());
    auto store = Store::open({config.data_dir / "store", config.storage_quota_bytes});
    if (!store) return fail(store.error());
    store_ = std::move(store).value();
    open_credentials(config);
    validation_ = std::make_unique<ValidationPath>(*store_, clock_, credentials_.get());
    validation_->withdraw_revoked();
    auto radios =
        radio::RadioService::create(io_, config.radios, identity_, *store_, *validation_, clock_);
    if (!radios) return fail(radios.error());
    radios_ = std::move(radios).value();
    open_picture();
    if (config.sync_enabled) {
        if (auto started = start_sync(config); !started) return fail(started.error());
    }
    web_ = std::make_unique<web::WebUi>(
        web::web_options(config), identity_, config.node_name, clock_, credentials_.get(),
        [this](std::int64_t now, const picture::PictureFilter& f) -> std::optional<v1::Picture> {
            if (picture_progress_.loading) return std::nullopt;
            return picture_.view(now, f);
        });
    sticks_ = std::make_unique<bundle::StickService>(io_, *store_, *validation_, identity_, clock_,
                                                     config.node_name, config.stick_watch);
    routes_ = std::make_unique<ApiRoutes>(ApiContext{
        *store_, *validation_, identity_, clock_, config.node_name, config.default_ttl_seconds,
        clock_.now_ms(), *token, &peers_, credentials_.get(), &picture_, web_.get(), sticks_.get(),
        radios_.get(), config.sync_enabled, std::chrono::steady_clock::now(), &picture_progress_});
    server_ = std::make_unique<HttpServer>(io_, *routes_, &picture_events_);
    if (auto listening = server_->listen(config.api_address, config.api_port); !listening) {
        return fail(listening.error());
    }
    // Signals are caught before api.address announces the node, so a SIGTERM sent by whoever
    // waited for that file always means a clean stop.
    signals_.add(SIGINT);
    signals_.add(SIGTERM);
    signals_.async_wait([this](boost::system::error_code ec, int signal) {
        if (ec) return;
        log::info("bakend", std::string("received ") + (signal == SIGTERM ? "SIGTERM" : "SIGINT") +
                                ", stopping");
        stop();
    });
    if (auto written = write_api_address(config.data_dir, server_->local_address()); !written) {
        return fail(written.error());
    }
    sticks_->start_watching();
    radios_->start();
    return Done{};
}

// The picture starts from everything held and then follows the store: every message stored
// from any entry point is added (and pushed to the open sync sessions), every message removed
// (expired, evicted, superseded, withdrawn) leaves it. A store of up to kPictureSlice messages
// is read before the node says it is ready; a larger one a slice at a time after, between the
// other work of the event loop (the API says "loading" until then).
void Node::open_picture() {
    picture_load_started_ = std::chrono::steady_clock::now();
    picture_loader_ = std::make_unique<picture::PictureLoader>(picture_, *store_);
    if (picture_loader_->step(kPictureSlice))
        picture_loaded();
    else
        picture_progress_ = picture_loader_->progress();
    validation_->on_stored([this](const DecodedMessage& m) {
        if (sync_) sync_->on_stored(m.id);
        radios_->stored(m);
        picture_changed(picture_.add(m), &m.id);
        // Our own credential arrived: say who we are now, not at the next 12-hour check (after
        // this callback: the validation path is still busy with the batch).
        const PublicKey& me = identity_.public_key();
        if (m.message.body().has_credential() &&
            m.message.body().credential().subject() ==
                std::string_view(reinterpret_cast<const char*>(me.data()), me.size()))
            boost::asio::post(io_, [this] { announce_node(); });
    });
    store_->on_removed([this](std::span<const MessageId> ids) {
        unsigned parts = 0;
        for (const MessageId& id : ids) parts |= picture_.remove(id);
        radios_->removed(ids);
        picture_changed(parts, nullptr);
    });
}

void Node::load_picture_slice() {
    if (!picture_loader_) return;
    const std::size_t before = picture_loader_->progress().read;
    if (picture_loader_->step(kPictureSlice)) {
        picture_loaded();
        picture_changed(picture::kAllParts, nullptr);  // pages showing "loading" fetch it now
        return;
    }
    picture_progress_ = picture_loader_->progress();
    if (picture_progress_.read > before) {
        boost::asio::post(io_, [this] { load_picture_slice(); });
        return;
    }
    // The store could not be read just now (logged): no busy loop, try again shortly.
    picture_load_timer_.expires_after(std::chrono::milliseconds(500));
    picture_load_timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) load_picture_slice();
    });
}

void Node::picture_loaded() {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - picture_load_started_)
                  .count();
    // No digest here: computing it renders the whole picture, which at 100,000 messages took
    // a third of the start and doubled its peak memory (tests/bench/startup_bench). The API
    // and `baken cop` show it.
    log::info("picture", std::to_string(picture_loader_->report().loaded) +
                             " messages in the picture in " + std::to_string(ms) + " ms");
    picture_progress_ = picture::LoadProgress{};
    picture_loader_.reset();
}

// Changes are coalesced for kPictureEventDelay: a sync that brings ten thousand messages
// sends a handful of events, not ten thousand.
void Node::picture_changed(unsigned parts, const MessageId* by) {
    if (parts == 0) return;
    if (picture_pending_parts_ == 0) {
        picture_timer_.expires_after(std::chrono::milliseconds(250));
        picture_timer_.async_wait([this](boost::system::error_code ec) {
            if (!ec) publish_picture_change();
        });
    }
    picture_pending_parts_ |= parts;
    picture_pending_message_ = by ? to_hex(*by) : "";
}

void Node::publish_picture_change() {
    v1::PictureChange change;
    for (const std::string& part : picture::part_names(picture_pending_parts_))
        change.add_parts(part);
    change.set_message_id(picture_pending_message_);
    picture_pending_parts_ = 0;
    if (picture_events_.streams() > 0) picture_events_.publish(std::move(change));
}

Result<Done, std::string> Node::start_sync(const Config& config) {
    sync_ = std::make_unique<sync::SyncService>(io_, identity_, *store_, *validation_, clock_,
                                                peers_, config.node_name, config.sync_max_sessions);
    if (auto listening = sync_->listen(config.sync_address, config.sync_port); !listening) {
        return fail(listening.error());
    }
    for (const PeerAddress& peer : config.sync_peers) sync_->add_peer(peer);
    if (config.discovery_enabled) start_discovery(config, sync_->local_port());
    auto written =
        write_file_atomically(config.data_dir / "sync.address",
                              as_bytes(sync_->local_address() + "\n"), 0644, IfExists::replace);
    if (!written) return fail(written.error().text);
    return Done{};
}

void Node::start_discovery(const Config& config, std::uint16_t sync_port) {
    boost::system::error_code ec;
    auto address = boost::asio::ip::make_address(config.sync_address, ec);
    if (ec || address.is_loopback()) {
        log::info("discovery", "off: peer sync listens on loopback only");
        return;
    }
    beacons_ = std::make_unique<discovery::LanBeacons>(
        io_, identity_, config.node_name, sync_port,
        std::chrono::seconds(config.discovery_interval_s),
        [this](const discovery::Beacon& beacon, const boost::asio::ip::address& from) {
            sync_->on_discovered(beacon.node_key, from.to_string(), beacon.sync_port);
        });
    // Beacons go to the well-known sync port, whatever port this node's sync listener got.
    if (auto started = beacons_->start(kDefaultSyncPort); !started) {
        log::warning("discovery", started.error() + "; continuing without LAN discovery");
        beacons_.reset();
    }
}

void Node::schedule_expiry_sweep(std::chrono::milliseconds delay) {
    sweep_timer_.expires_after(delay);
    sweep_timer_.async_wait([this](boost::system::error_code ec) {
        if (ec) return;
        constexpr std::size_t kPerSweep = 1000;
        auto removed = store_->remove_expired(clock_.now_ms(), kPerSweep);
        if (!removed) {
            log::error("store", "expiry sweep failed: " + removed.error());
        } else if (*removed > 0) {
            log::info("store", "removed " + std::to_string(*removed) + " expired messages");
        }
        // More left: come back soon, but let the API run in between.
        bool more = removed && *removed == kPerSweep;
        schedule_expiry_sweep(more ? std::chrono::milliseconds(50) : kExpirySweepInterval);
    });
}

// Every node says who it is (a node info with its name), so mesh health and every fact's
// source show "Gemeentehuis Utrecht" instead of a fingerprint. Posted at start when the name
// changed or the last one has less than a day to live, replacing the previous one; then
// checked again every 12 hours. A node without a credential for it is refused (logged).
void Node::announce_node() {
    constexpr std::int64_t kDayMs = 24 * 3600 * 1000;
    const std::int64_t now = clock_.now_ms();
    StoreQuery query;
    query.kind = Kind::kNodeInfo;
    query.author = identity_.public_key();
    query.now_ms = now;
    query.limit = 1;
    std::optional<v1::Message> last;
    MessageId last_id{};
    for (const StoredMessage& stored : store_->list(query)) {
        auto decoded = decode_envelope(as_bytes(stored.envelope_bytes));
        if (!decoded) continue;
        last = decoded->message;
        last_id = stored.id;
    }
    if (last && last->body().node_info().name() == config_.node_name &&
        last->expires_ms() - now > kDayMs)
        return;
    v1::Message m;
    m.set_format_version(limits::kFormatVersion);
    m.set_precedence(v1::ROUTINE);
    m.set_created_ms(now);
    m.set_expires_ms(now + std::max<std::int64_t>(config_.default_ttl_seconds * 1000, 2 * kDayMs));
    m.mutable_body()->mutable_node_info()->set_name(config_.node_name);
    if (last) m.set_supersedes(last_id.data(), last_id.size());
    DecodedMessage signed_info = sign_message(identity_, std::move(m));
    auto verdict = validation_->submit(as_bytes(signed_info.envelope_bytes));
    if (!verdict) {
        log::info("bakend", "node info not posted: " + describe(verdict.error()));
    } else if (!verdict->duplicate) {
        log::info("bakend", "posted node info \"" + config_.node_name + "\"");
    }
}

void Node::schedule_node_announcement(std::chrono::milliseconds delay) {
    announce_timer_.expires_after(delay);
    announce_timer_.async_wait([this](boost::system::error_code ec) {
        if (ec) return;
        announce_node();
        schedule_node_announcement(std::chrono::hours(12));
    });
}

void Node::run() {
    schedule_expiry_sweep(kExpirySweepInterval);
    schedule_node_announcement(std::chrono::milliseconds(0));
    StoreStats stats = store_->stats();
    log::info("bakend",
              "ready: node " + identity_.fingerprint() + " (" + config_.node_name + "), " +
                  std::to_string(stats.message_count) + " messages, API on http://" +
                  server_->local_address() +
                  (sync_ ? ", peer sync on " + sync_->local_address() : ", peer sync off"));
    sd_notify(0, "READY=1");
    if (picture_loader_) boost::asio::post(io_, [this] { load_picture_slice(); });
    io_.run();
    log::info("bakend", "stopped");
}

void Node::stop() {
    sd_notify(0, "STOPPING=1");
    server_->stop();
    if (beacons_) beacons_->stop();
    if (sync_) sync_->stop();
    if (sticks_) sticks_->stop();
    if (radios_) radios_->stop();
    signals_.cancel();
    sweep_timer_.cancel();
    announce_timer_.cancel();
    picture_load_timer_.cancel();
    io_.stop();
}

}  // namespace baken
