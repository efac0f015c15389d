// The HTTP API's request handling, with no sockets: a request in, a response out.
// docs/api.md is the contract; http_server.h moves the bytes.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

#include "api/http_reply.h"
#include "api/node_health.h"
#include "baken/v1/api.pb.h"
#include "common/clock.h"
#include "crypto/identity.h"
#include "store/store.h"
#include "sync/peer_table.h"
#include "trust/credential_book.h"
#include "validation/validation_path.h"

namespace baken {

namespace picture {
class PictureEngine;
struct LoadProgress;
}  // namespace picture
namespace web {
class WebUi;
}
namespace bundle {
class StickService;
}
namespace radio {
class RadioService;
}

// What the API acts on; owned by the node, outlives the routes.
struct ApiContext {
    Store& store;
    ValidationPath& validation;
    const Identity& identity;
    const Clock& clock;
    std::string node_name;
    std::int64_t default_ttl_seconds;
    std::int64_t started_ms;  // wall clock: when an empty CAP feed was last "updated"
    std::string api_token;
    const sync::PeerTable* peers = nullptr;              // null when sync is off
    const trust::CredentialBook* credentials = nullptr;  // whom restricted text is sealed to
    picture::PictureEngine* picture = nullptr;           // the common operational picture
    web::WebUi* web = nullptr;  // pages and browser sign-in; null: API with bearer token only
    bundle::StickService* sticks = nullptr;  // USB-stick visits; null: none
    radio::RadioService* radios = nullptr;   // radio interfaces; null: none
    bool sync_enabled = false;               // [sync] enabled: a node without peers is then cut off
    // For the uptime: the monotonic clock, since the wall clock of a node without network may
    // be set by hand (or by a peer's time) while it runs.
    std::chrono::steady_clock::time_point started_at = std::chrono::steady_clock::now();
    // While the picture is still read from the store after start, its routes answer 503
    // (picture_loader.h); null: always whole.
    const picture::LoadProgress* picture_load = nullptr;

    std::int64_t uptime_ms() const {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - started_at)
            .count();
    }
};

class ApiRoutes {
  public:
    explicit ApiRoutes(ApiContext context) : ctx_(std::move(context)) {}
    HttpResponse handle(const HttpRequest& request);

    // The live stream is served by the HTTP server itself (it keeps the connection); these
    // say whether a request asks for it and, if it may not have it, the answer instead.
    static bool is_event_stream(const HttpRequest& request);
    std::optional<HttpResponse> refuse_stream(const HttpRequest& request);

  private:
    std::optional<HttpResponse> refuse_access(const HttpRequest& request);
    HttpResponse route(const HttpRequest& request);
    HttpResponse status(const HttpRequest& request);
    HttpResponse peers(const HttpRequest& request);
    HttpResponse post_draft(const HttpRequest& request);
    HttpResponse post_envelope(const HttpRequest& request);
    void live_as_long_as_its_need(v1::Message& message) const;
    std::optional<std::string> seal_restricted(const std::string& text, v1::Message& message) const;
    void open_restricted(v1::MessageView& view) const;
    HttpResponse list(const HttpRequest& request, const std::map<std::string, std::string>& query);
    HttpResponse get_one(const HttpRequest& request, std::string_view id_text, bool raw);
    Result<StoredMessage, HttpResponse> find_message(const HttpRequest& request,
                                                     std::string_view id_text) const;

    using Query = std::map<std::string, std::string>;
    // Why the picture cannot be shown now (no engine, or still loading), as the answer.
    std::optional<HttpResponse> picture_unavailable(const HttpRequest& request);
    // The picture and its parts (api/picture_routes.cc).
    HttpResponse picture_part(const HttpRequest& request, std::string_view part,
                              const Query& query);
    // GeoJSON and CSV exports (api/export_routes.cc).
    HttpResponse export_data(const HttpRequest& request, std::string_view format,
                             const Query& query);
    // CAP 1.2: announcements out as alerts, official alerts in (api/cap_routes.cc).
    HttpResponse cap_export(const HttpRequest& request, std::string_view rest);
    HttpResponse cap_import(const HttpRequest& request, const Query& query);
    // Bundles out, envelopes in by the batch, stick visits (api/bundle_routes.cc).
    HttpResponse bundle_export(const HttpRequest& request, const Query& query);
    HttpResponse post_envelope_batch(const HttpRequest& request);
    HttpResponse stick(const HttpRequest& request);
    HttpResponse links(const HttpRequest& request);
    // The Prometheus metrics and the health checks behind them (api/metrics_routes.cc).
    HttpResponse metrics(const HttpRequest& request);
    HealthInput health_input(const StoreStats& stats, const std::vector<sync::PeerRecord>& peers,
                             const v1::RadioLinkList& links) const;

    ApiContext ctx_;
};

}  // namespace baken
