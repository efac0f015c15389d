// GET /api/v1/metrics: the node's figures in the Prometheus text format (docs/api.md lists
// every metric), for a monitoring server at the municipality or the safety region. Behind the
// same access rule as the rest of the API (bearer token), because peer names travel in labels.
#include "api/node_health.h"
#include "api/prometheus_text.h"
#include "api/routes.h"
#include "common/version.h"
#include "crypto/keys.h"
#include "message/kind.h"
#include "message/reject.h"
#include "radio/service/radio_service.h"

namespace baken {
namespace {

double seconds(std::int64_t ms) {
    return static_cast<double>(ms) / 1000.0;
}

void node_metrics(PrometheusText& out, const ApiContext& ctx, const Health& health) {
    out.family("baken_info", "gauge", "Always 1; the labels say which node and version.");
    out.sample("baken_info", std::uint64_t{1},
               {{"version", std::string(kBakenVersion)}, {"name", ctx.node_name}});
    out.family("baken_uptime_seconds", "gauge", "Seconds since bakend started.");
    out.sample("baken_uptime_seconds", seconds(ctx.uptime_ms()));
    out.single("baken_healthy", "gauge",
               "1 when baken status says ok, 0 when degraded (see baken status for why).",
               health.ok ? 1 : 0);
    out.single("baken_health_problems", "gauge", "How many problems baken status lists.",
               health.problems.size());
}

void store_metrics(PrometheusText& out, const StoreStats& stats) {
    out.family("baken_messages_stored", "gauge", "Messages held in the store, by kind.");
    for (const auto& [kind, n] : stats.by_kind)
        out.sample("baken_messages_stored", n, {{"kind", std::string(kind_name(kind))}});
    out.single("baken_storage_used_bytes", "gauge", "Bytes the store counts against its quota.",
               stats.used_bytes);
    out.single("baken_storage_quota_bytes", "gauge", "The store's quota ([storage] quota_mb).",
               stats.quota_bytes);
    out.single("baken_messages_evicted_total", "counter",
               "Messages dropped to make room for more urgent ones.", stats.evicted_total);
}

void rejection_metrics(PrometheusText& out, const ValidationPath& validation) {
    out.family("baken_messages_rejected_total", "counter",
               "Messages refused by the validation path, by reason (every reason listed).");
    for (int c = 0; c < kRejectCodeCount; ++c) {
        auto code = static_cast<RejectCode>(c);
        out.sample("baken_messages_rejected_total", validation.rejected(code),
                   {{"reason", std::string(reject_code_name(code))}});
    }
}

void peer_metrics(PrometheusText& out, const std::vector<sync::PeerRecord>& peers) {
    std::uint64_t connected = 0;
    for (const auto& p : peers) connected += p.connected ? 1 : 0;
    out.single("baken_peers_known", "gauge", "Peers this node has met since it started.",
               peers.size());
    out.single("baken_peers_connected", "gauge", "Peers with an open sync session now.", connected);
    struct PeerFamily {
        const char* name;
        const char* type;
        const char* help;
        std::uint64_t (*value)(const sync::PeerRecord&);
    };
    static constexpr PeerFamily kFamilies[] = {
        {"baken_peer_connected", "gauge", "1 while a sync session with the peer is open.",
         [](const sync::PeerRecord& p) -> std::uint64_t { return p.connected ? 1 : 0; }},
        {"baken_peer_backlog_messages", "gauge", "Messages queued for the peer.",
         [](const sync::PeerRecord& p) { return p.backlog; }},
        {"baken_peer_messages_sent_total", "counter", "Messages sent to the peer.",
         [](const sync::PeerRecord& p) { return p.messages_sent; }},
        {"baken_peer_messages_received_total", "counter", "Messages received from the peer.",
         [](const sync::PeerRecord& p) { return p.messages_received; }},
    };
    // The name a peer announces is in one info series only: a rename must not start new
    // series in every family.
    out.family("baken_peer_info", "gauge", "Always 1; the name the peer announces.");
    for (const auto& p : peers)
        out.sample("baken_peer_info", std::uint64_t{1},
                   {{"peer", fingerprint(p.key)}, {"name", p.name}});
    for (const auto& family : kFamilies) {
        out.family(family.name, family.type, family.help);
        for (const auto& p : peers)
            out.sample(family.name, family.value(p), {{"peer", fingerprint(p.key)}});
    }
}

void radio_metrics(PrometheusText& out, const v1::RadioLinkList& links) {
    struct RadioFamily {
        const char* name;
        const char* type;
        const char* help;
        double (*value)(const v1::RadioLinkView&);
    };
    static constexpr RadioFamily kFamilies[] = {
        {"baken_radio_up", "gauge", "1 while the interface's modem is open.",
         [](const v1::RadioLinkView& l) { return l.up() ? 1.0 : 0.0; }},
        {"baken_radio_frames_sent_total", "counter", "Frames handed to the modem.",
         [](const v1::RadioLinkView& l) { return static_cast<double>(l.frames_sent()); }},
        {"baken_radio_frames_received_total", "counter", "Frames heard from the modem.",
         [](const v1::RadioLinkView& l) { return static_cast<double>(l.frames_received()); }},
        {"baken_radio_bytes_sent_total", "counter", "Bytes handed to the modem.",
         [](const v1::RadioLinkView& l) { return static_cast<double>(l.bytes_sent()); }},
        {"baken_radio_bytes_received_total", "counter", "Bytes heard from the modem.",
         [](const v1::RadioLinkView& l) { return static_cast<double>(l.bytes_received()); }},
        {"baken_radio_messages_sent_total", "counter", "Whole messages sent on the link.",
         [](const v1::RadioLinkView& l) { return static_cast<double>(l.messages_sent()); }},
        {"baken_radio_messages_received_total", "counter", "Whole messages received.",
         [](const v1::RadioLinkView& l) { return static_cast<double>(l.messages_received()); }},
        {"baken_radio_retries_total", "counter", "Fragments sent again after loss.",
         [](const v1::RadioLinkView& l) { return static_cast<double>(l.retries()); }},
        {"baken_radio_budget_waits_total", "counter", "Times a frame waited for airtime.",
         [](const v1::RadioLinkView& l) { return static_cast<double>(l.budget_waits()); }},
        {"baken_radio_airtime_seconds_total", "counter", "Airtime spent since start.",
         [](const v1::RadioLinkView& l) { return seconds(l.airtime_total_ms()); }},
        {"baken_radio_airtime_window_used_seconds", "gauge",
         "Airtime spent in the current sliding window.",
         [](const v1::RadioLinkView& l) { return seconds(l.airtime_used_ms()); }},
        {"baken_radio_airtime_window_budget_seconds", "gauge",
         "Airtime the duty cycle allows per window.",
         [](const v1::RadioLinkView& l) { return seconds(l.airtime_budget_ms()); }},
        {"baken_radio_stations_heard", "gauge", "Other stations heard on the link.",
         [](const v1::RadioLinkView& l) { return static_cast<double>(l.neighbours_size()); }},
    };
    for (const auto& family : kFamilies) {
        out.family(family.name, family.type, family.help);
        for (const auto& link : links.links())
            out.sample(family.name, family.value(link), {{"interface", link.name()}});
    }
}

}  // namespace

HttpResponse ApiRoutes::metrics(const HttpRequest& req) {
    PrometheusText out;
    const std::vector<sync::PeerRecord> peers =
        ctx_.peers ? ctx_.peers->snapshot() : std::vector<sync::PeerRecord>{};
    const v1::RadioLinkList links = ctx_.radios ? ctx_.radios->status() : v1::RadioLinkList{};
    const StoreStats stats = ctx_.store.stats();
    node_metrics(out, ctx_, assess_health(health_input(stats, peers, links)));
    store_metrics(out, stats);
    rejection_metrics(out, ctx_.validation);
    peer_metrics(out, peers);
    radio_metrics(out, links);
    return respond(req, boost::beast::http::status::ok, out.text(),
                   "text/plain; version=0.0.4; charset=utf-8");
}

HealthInput ApiRoutes::health_input(const StoreStats& stats,
                                    const std::vector<sync::PeerRecord>& peers,
                                    const v1::RadioLinkList& links) const {
    HealthInput in;
    in.now_ms = ctx_.clock.now_ms();
    in.stored_bytes = stats.used_bytes;
    in.quota_bytes = stats.quota_bytes;
    in.sync_enabled = ctx_.sync_enabled;
    for (const auto& p : peers) {
        if (p.connected) ++in.peers_connected;
        if (p.last_seen_ms > in.last_peer_seen_ms) in.last_peer_seen_ms = p.last_seen_ms;
    }
    for (const auto& link : links.links())
        in.radios.push_back({link.name(), link.up(), link.modem_state()});
    return in;
}

}  // namespace baken
