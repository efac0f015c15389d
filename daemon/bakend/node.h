// A running node: the parts of bakend wired together on one Asio event loop.
//
// Start-up order: lock the data directory, identity, API token, store, validation path,
// peer sync (listener and configured peers), HTTP API; then api.address (and sync.address)
// are written and the node reports ready. run() returns after
// SIGTERM/SIGINT (or stop()), once every connection is closed; the store is then closed
// cleanly, although nothing acknowledged depends on that (see store.h).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>

#include "api/http_server.h"
#include "api/picture_events.h"
#include "api/routes.h"
#include "bundle/stick_service.h"
#include "common/clock.h"
#include "config/config.h"
#include "crypto/identity.h"
#include "discovery/lan_beacons.h"
#include "picture/picture_engine.h"
#include "picture/picture_loader.h"
#include "radio/service/radio_service.h"
#include "store/store.h"
#include "sync/peer_table.h"
#include "sync/tcp/sync_service.h"
#include "validation/validation_path.h"
#include "web/web_ui.h"

namespace baken {

class Node {
  public:
    // Errors name what failed and how to fix it ("another bakend is using /var/lib/baken").
    static Result<std::unique_ptr<Node>, std::string> start(const Config& config);
    ~Node();

    // Runs the event loop until a signal or stop().
    void run();
    void stop();

    std::string api_address() const { return server_->local_address(); }

  private:
    Node(const Config& config, Identity identity, int lock_fd);
    Result<Done, std::string> open(const Config& config);
    void open_credentials(const Config& config);
    Result<Done, std::string> start_sync(const Config& config);
    void start_discovery(const Config& config, std::uint16_t sync_port);
    void schedule_expiry_sweep(std::chrono::milliseconds delay);
    void open_picture();
    void load_picture_slice();
    void picture_loaded();
    void announce_node();
    void schedule_node_announcement(std::chrono::milliseconds delay);
    void picture_changed(unsigned parts, const MessageId* by);
    void publish_picture_change();

    Config config_;
    Identity identity_;
    int lock_fd_;
    SystemClock clock_;
    boost::asio::io_context io_{1};
    boost::asio::signal_set signals_{io_};
    boost::asio::steady_timer sweep_timer_{io_};
    boost::asio::steady_timer announce_timer_{io_};
    std::unique_ptr<Store> store_;
    std::unique_ptr<trust::CredentialBook> credentials_;
    std::unique_ptr<ValidationPath> validation_;
    // Reads the bodies it shows from the store (picture_state.h says why).
    picture::PictureEngine picture_{
        [this](const MessageId& id) { return picture::read_body(*store_, id); }};
    // Set while the picture is read from the store after the node is ready (picture_loader.h).
    std::unique_ptr<picture::PictureLoader> picture_loader_;
    picture::LoadProgress picture_progress_;
    std::chrono::steady_clock::time_point picture_load_started_;
    boost::asio::steady_timer picture_load_timer_{io_};  // when a slice could not read
    PictureEvents picture_events_;  // outlives server_: streams unsubscribe on close
    boost::asio::steady_timer picture_timer_{io_};
    unsigned picture_pending_parts_ = 0;
    std::string picture_pending_message_;
    sync::PeerTable peers_;
    std::unique_ptr<sync::SyncService> sync_;
    std::unique_ptr<discovery::LanBeacons> beacons_;
    std::unique_ptr<web::WebUi> web_;  // pages and sign-in; the routes point at it
    std::unique_ptr<bundle::StickService> sticks_;
    std::unique_ptr<radio::RadioService> radios_;  // the [[radio]] interfaces; may hold none
    std::unique_ptr<ApiRoutes> routes_;
    std::unique_ptr<HttpServer> server_;
};

}  // namespace baken
