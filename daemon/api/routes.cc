// See routes.h and docs/api.md. Every message posted here goes through ValidationPath.
#include "api/routes.h"

#include <google/protobuf/util/json_util.h>

#include <charconv>

#include "api/api_token.h"
#include "api/draft_signing.h"
#include "api/http_reply.h"
#include "api/message_view.h"
#include "api/query_string.h"
#include "baken/v1/api.pb.h"
#include "common/log.h"
#include "common/version.h"
#include "message/envelope_codec.h"
#include "message/kind.h"
#include "message/limits.h"
#include "radio/service/radio_service.h"
#include "trust/sealed_content.h"
#include "web/web_ui.h"

namespace baken {
namespace http = boost::beast::http;

namespace {

std::optional<std::int64_t> parse_int(const std::string& text) {
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

}  // namespace

HttpResponse ApiRoutes::handle(const HttpRequest& req) {
    // Pages, assets and sign-in live outside /api/ and have their own access rules (web_ui.h).
    if (!std_view(req.target()).starts_with("/api/")) {
        if (ctx_.web) return ctx_.web->serve(req);
        return error(req, http::status::not_found, "not_found", "this node serves no web UI");
    }
    if (auto refusal = refuse_access(req)) return std::move(*refusal);
    return route(req);
}

// A browser with a signed-in session (web_ui.h), or a program with the bearer token.
std::optional<HttpResponse> ApiRoutes::refuse_access(const HttpRequest& req) {
    const auto access = ctx_.web ? ctx_.web->api_access(req) : web::ApiAccess::none;
    if (access == web::ApiAccess::allowed ||
        authorization_matches(std_view(req[http::field::authorization]), ctx_.api_token))
        return std::nullopt;
    if (access == web::ApiAccess::csrf_missing)
        return error(req, http::status::forbidden, "csrf_required",
                     "send the session's csrf_token (GET /ui/session) in the X-CSRF-Token header");
    return error(req, http::status::unauthorized, "unauthorized",
                 "send 'Authorization: Bearer <token>' with the token from the data directory's "
                 "api.token file, or sign in on the web UI");
}

bool ApiRoutes::is_event_stream(const HttpRequest& req) {
    std::string_view target = std_view(req.target());
    target = target.substr(0, target.find('?'));
    return req.method() == http::verb::get && target == "/api/v1/picture/events";
}

std::optional<HttpResponse> ApiRoutes::refuse_stream(const HttpRequest& req) {
    if (auto refusal = refuse_access(req)) return refusal;
    if (!ctx_.picture)
        return error(req, http::status::not_found, "not_found", "this node keeps no picture");
    return std::nullopt;
}

HttpResponse ApiRoutes::route(const HttpRequest& req) {
    auto target = parse_target(std_view(req.target()));
    if (!target)
        return error(req, http::status::bad_request, "bad_request",
                     "broken percent-encoding in URL");
    const std::string& path = target->path;
    const bool get = req.method() == http::verb::get;
    const bool post = req.method() == http::verb::post;
    constexpr std::string_view kMessages = "/api/v1/messages";

    if (path == "/api/v1/status" && get) return status(req);
    if (path == "/api/v1/peers" && get) return peers(req);
    if (path == kMessages && post) return post_draft(req);
    if (path == kMessages && get) return list(req, target->query);
    if (path == "/api/v1/envelopes" && post) return post_envelope(req);
    if (path == "/api/v1/envelopes/batch" && post) return post_envelope_batch(req);
    if (path == "/api/v1/bundle" && get) return bundle_export(req, target->query);
    if (path == "/api/v1/stick" && (get || post)) return stick(req);
    if (path == "/api/v1/links" && get) return links(req);
    if (path == "/api/v1/metrics" && get) return metrics(req);
    constexpr std::string_view kPicture = "/api/v1/picture";
    if (get && (path == kPicture || path.starts_with(std::string(kPicture) + "/")))
        return picture_part(req, std::string_view(path).substr(kPicture.size()), target->query);
    constexpr std::string_view kCap = "/api/v1/export/cap";
    if (get && (path == kCap || path.starts_with(std::string(kCap) + "/")))
        return cap_export(req, std::string_view(path).substr(kCap.size()));
    constexpr std::string_view kExport = "/api/v1/export/";
    if (get && path.starts_with(kExport))
        return export_data(req, std::string_view(path).substr(kExport.size()), target->query);
    if (path == "/api/v1/import/cap" && post) return cap_import(req, target->query);
    if (get && path.starts_with(std::string(kMessages) + "/")) {
        std::string_view rest = std::string_view(path).substr(kMessages.size() + 1);
        constexpr std::string_view kRaw = "/envelope";
        bool raw = rest.ends_with(kRaw);
        if (raw) rest.remove_suffix(kRaw.size());
        return get_one(req, rest, raw);
    }
    return error(req, http::status::not_found, "not_found",
                 std::string(std_view(req.method_string())) + " " + path +
                     " is not part of the API (see docs/api.md)");
}

HttpResponse ApiRoutes::status(const HttpRequest& req) {
    StoreStats stats = ctx_.store.stats();
    v1::NodeStatus s;
    s.set_version(std::string(kBakenVersion));
    s.set_name(ctx_.node_name);
    s.set_public_key(to_hex(ctx_.identity.public_key()));
    s.set_fingerprint(ctx_.identity.fingerprint());
    s.set_uptime_s(ctx_.uptime_ms() / 1000);
    s.set_message_count(stats.message_count);
    s.set_stored_bytes(stats.used_bytes);
    s.set_quota_bytes(stats.quota_bytes);
    s.set_evicted(stats.evicted_total);
    for (auto& [kind, n] : stats.by_kind)
        (*s.mutable_messages_by_kind())[std::string(kind_name(kind))] = n;
    for (int c = 0; c < kRejectCodeCount; ++c) {
        auto code = static_cast<RejectCode>(c);
        if (auto n = ctx_.validation.rejected(code))
            (*s.mutable_rejections_by_reason())[std::string(reject_code_name(code))] = n;
    }
    const auto peers = ctx_.peers ? ctx_.peers->snapshot() : std::vector<sync::PeerRecord>{};
    const auto links = ctx_.radios ? ctx_.radios->status() : v1::RadioLinkList{};
    Health health = assess_health(health_input(stats, peers, links));
    s.set_health(health.state());
    for (auto& problem : health.problems) s.add_problems(std::move(problem));
    return json(req, http::status::ok, s);
}

HttpResponse ApiRoutes::peers(const HttpRequest& req) {
    v1::PeerList list;
    if (ctx_.peers) {
        for (const sync::PeerRecord& p : ctx_.peers->snapshot()) {
            v1::PeerView* view = list.add_peers();
            view->set_public_key(to_hex(p.key));
            view->set_fingerprint(fingerprint(p.key));
            view->set_name(p.name);
            view->set_transport(p.transport);
            view->set_address(p.address);
            view->set_last_seen_ms(p.last_seen_ms);
            view->set_connected(p.connected);
            view->set_backlog(p.backlog);
            view->set_messages_sent(p.messages_sent);
            view->set_messages_received(p.messages_received);
            view->set_last_error(p.last_error);
        }
    }
    return json(req, http::status::ok, list);
}

HttpResponse ApiRoutes::post_draft(const HttpRequest& req) {
    v1::Draft draft;
    auto parsed = google::protobuf::util::JsonStringToMessage(req.body(), &draft);
    if (!parsed.ok()) {
        return error(req, http::status::bad_request, "bad_json", std::string(parsed.message()));
    }
    const bool default_lifetime = draft.ttl_seconds() == 0;
    auto message = message_from_draft(draft, ctx_.clock.now_ms(), ctx_.default_ttl_seconds);
    if (!message) return error(req, http::status::bad_request, "bad_json", message.error());
    if (default_lifetime) live_as_long_as_its_need(*message);
    if (!draft.restricted_text().empty()) {
        if (auto problem = seal_restricted(draft.restricted_text(), *message)) {
            return error(req, http::status::unprocessable_entity, "invalid_field", *problem);
        }
    }
    DecodedMessage signed_message = sign_message(ctx_.identity, std::move(*message));
    // Signed here, but validated like any message from anywhere: one path.
    return verdict_response(req, ctx_.validation.submit(as_bytes(signed_message.envelope_bytes)),
                            "post");
}

// A need update lives as long as the need it updates (when the poster chose no lifetime): an
// acknowledgement that expired before its need would make the need look open again.
void ApiRoutes::live_as_long_as_its_need(v1::Message& message) const {
    if (!message.body().has_need_update()) return;
    const std::string& need = message.body().need_update().need();
    if (need.size() != kMessageIdSize) return;
    MessageId id{};
    std::copy(need.begin(), need.end(), id.begin());
    auto stored = ctx_.store.get(id);
    if (!stored) return;
    auto decoded = decode_envelope(as_bytes(stored->envelope_bytes));
    if (decoded && decoded->message.expires_ms() > message.created_ms())
        message.set_expires_ms(decoded->message.expires_ms());
}

// Shows the sealed part in clear when this node is one it was sealed to.
void ApiRoutes::open_restricted(v1::MessageView& view) const {
    const v1::Body& body = view.message().body();
    const v1::Sealed* sealed =
        body.has_sitrep() && body.sitrep().has_restricted() ? &body.sitrep().restricted()
        : body.has_need() && body.need().has_restricted()   ? &body.need().restricted()
                                                            : nullptr;
    if (!sealed) return;
    PublicKey author{};
    const std::string& a = view.message().author();
    if (a.size() != author.size()) return;
    std::copy(a.begin(), a.end(), author.begin());
    if (auto text = trust::open_sealed(*sealed, ctx_.identity, author)) {
        view.set_restricted_text(std::move(*text));
    }
}

// Seals the restricted text into the sitrep or need; the clear text goes no further.
std::optional<std::string> ApiRoutes::seal_restricted(const std::string& text,
                                                      v1::Message& message) const {
    v1::Body& body = *message.mutable_body();
    if (!body.has_sitrep() && !body.has_need()) {
        return "restricted_text: only a sitrep or a need carries restricted content";
    }
    const std::string& municipality =
        body.has_sitrep() ? body.sitrep().municipality() : body.need().municipality();
    std::vector<PublicKey> to;
    if (ctx_.credentials) {
        to = ctx_.credentials->sealing_recipients(municipality, limits::kMaxSealedRecipients);
    }
    auto sealed = trust::seal(text, to, ctx_.identity.public_key());
    if (!sealed) {
        return "restricted_text: cannot be sealed: " + sealed.error() +
               " (the region's and the municipality's staff credentials must have reached "
               "this node)";
    }
    message.set_author(ctx_.identity.public_key().data(), ctx_.identity.public_key().size());
    *(body.has_sitrep() ? body.mutable_sitrep()->mutable_restricted()
                        : body.mutable_need()->mutable_restricted()) = std::move(*sealed);
    return std::nullopt;
}

HttpResponse ApiRoutes::post_envelope(const HttpRequest& req) {
    return verdict_response(req, ctx_.validation.submit(as_bytes(req.body())), "envelope");
}

HttpResponse ApiRoutes::list(const HttpRequest& req,
                             const std::map<std::string, std::string>& query) {
    StoreQuery q;
    q.now_ms = ctx_.clock.now_ms();
    for (const auto& [key, value] : query) {
        if (key == "kind") {
            q.kind = kind_from_name(value);
            if (!q.kind)
                return error(req, http::status::bad_request, "bad_request",
                             "unknown kind '" + value + "'");
        } else if (key == "author") {
            auto bytes = from_hex(value);
            if (!bytes || bytes->size() != kPublicKeySize) {
                return error(req, http::status::bad_request, "bad_request",
                             "author must be a 64-hex public key");
            }
            PublicKey author;
            std::copy(bytes->begin(), bytes->end(), author.begin());
            q.author = author;
        } else if (key == "since_ms") {
            auto since = parse_int(value);
            if (!since)
                return error(req, http::status::bad_request, "bad_request",
                             "since_ms must be an integer");
            q.created_since_ms = *since;
        } else if (key == "limit") {
            auto limit = parse_int(value);
            if (!limit || *limit < 1 || *limit > 1000) {
                return error(req, http::status::bad_request, "bad_request",
                             "limit must be 1..1000");
            }
            q.limit = static_cast<std::size_t>(*limit);
        } else if (key == "include_expired") {
            if (value != "true" && value != "false") {
                return error(req, http::status::bad_request, "bad_request",
                             "include_expired must be true or false");
            }
            q.include_expired = value == "true";
        } else {
            return error(req, http::status::bad_request, "bad_request",
                         "unknown query parameter '" + key + "'");
        }
    }
    std::size_t wanted = q.limit;
    q.limit = wanted + 1;  // one more tells whether the answer was cut off
    auto stored = ctx_.store.list(q);
    v1::MessageList out;
    out.set_truncated(stored.size() > wanted);
    if (stored.size() > wanted) stored.pop_back();
    for (const auto& s : stored) {
        auto view = message_view(s, EnvelopeInView::omit);
        if (!view) {
            log::error("store", "stored message " + to_hex(s.id) + " is damaged (" +
                                    describe(view.error()) + "); not shown");
            continue;
        }
        *out.add_messages() = std::move(view).value();
    }
    return json(req, http::status::ok, out);
}

// A message by its full id or a unique prefix of at least 8 hex characters; the answer to
// give instead (400, 404, 409) when there is no one such message.
Result<StoredMessage, HttpResponse> ApiRoutes::find_message(const HttpRequest& req,
                                                            std::string_view id_text) const {
    std::string hex(id_text);
    for (char& c : hex) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (hex.size() < 8 || hex.size() > 64 ||
        hex.find_first_not_of("0123456789abcdef") != std::string::npos) {
        return fail(error(req, http::status::bad_request, "bad_request",
                          "a message id is 64 hex characters (or a unique prefix of at least 8)"));
    }
    auto prefix = from_hex(std::string_view(hex).substr(0, hex.size() & ~std::size_t{1}));
    std::vector<MessageId> matches;
    for (const MessageId& id : ctx_.store.ids_starting_with(*prefix, 64)) {
        if (to_hex(id).starts_with(hex)) matches.push_back(id);
    }
    if (matches.size() > 1) {
        return fail(error(req, http::status::conflict, "ambiguous_id",
                          hex + " matches " + std::to_string(matches.size()) +
                              " messages; give more characters"));
    }
    auto stored = matches.empty() ? std::nullopt : ctx_.store.get(matches.front());
    if (!stored) return fail(error(req, http::status::not_found, "not_found", "no message " + hex));
    return std::move(*stored);
}

HttpResponse ApiRoutes::get_one(const HttpRequest& req, std::string_view id_text, bool raw) {
    auto stored = find_message(req, id_text);
    if (!stored) return stored.error();
    if (raw)
        return respond(req, http::status::ok, stored->envelope_bytes, "application/octet-stream");
    auto view = message_view(*stored, EnvelopeInView::include);
    if (!view) {
        log::error("store", "stored message " + to_hex(stored->id) + " is damaged (" +
                                describe(view.error()) + ")");
        return error(req, http::status::internal_server_error, "storage_error",
                     "stored message is damaged on disk: " + describe(view.error()));
    }
    open_restricted(*view);
    return json(req, http::status::ok, *view);
}

}  // namespace baken
