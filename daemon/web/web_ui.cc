// See web_ui.h and docs/web-ui.md.
#include "web/web_ui.h"

#include <arpa/inet.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include "api/query_string.h"
#include "common/bytes.h"
#include "common/log.h"
#include "trust/authorisation.h"
#include "web/embedded_assets.h"
#include "web/host_check.h"
#include "web/notice_board.h"
#include "web/passphrase.h"

namespace baken::web {
namespace http = boost::beast::http;

namespace {

constexpr std::int64_t kHourMs = 3600LL * 1000;
// A browser left open on the overview is idle between live updates; 4 hours of nothing ends
// the session (the absolute limit is [web] session_hours).
constexpr std::int64_t kIdleMs = 4 * kHourMs;

bool is_loopback(const std::string& address) {
    unsigned char v4[4];
    if (inet_pton(AF_INET, address.c_str(), v4) == 1) return v4[0] == 127;
    unsigned char v6[16];
    if (inet_pton(AF_INET6, address.c_str(), v6) == 1) {
        static constexpr unsigned char kLoopback[16] = {0, 0, 0, 0, 0, 0, 0, 0,
                                                        0, 0, 0, 0, 0, 0, 0, 1};
        return std::equal(std::begin(v6), std::end(v6), std::begin(kLoopback));
    }
    return false;
}

// The value of cookie `name` in a Cookie header ("a=1; baken_session=ab12..."), or "".
std::string_view cookie_value(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        const auto end = header.find(';');
        std::string_view pair = header.substr(0, end);
        header = end == std::string_view::npos ? std::string_view{} : header.substr(end + 1);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        if (pair.size() > name.size() && pair.starts_with(name) && pair[name.size()] == '=') {
            return pair.substr(name.size() + 1);
        }
    }
    return {};
}

void add_security_headers(HttpResponse& res) {
    res.set("Content-Security-Policy", std::string(kContentSecurityPolicy));
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
    res.set("X-Frame-Options", "DENY");
}

HttpResponse html_page(const HttpRequest& req, http::status status, std::string body) {
    return respond(req, status, std::move(body), "text/html; charset=utf-8");
}

HttpResponse no_content(const HttpRequest& req) {
    HttpResponse res = respond(req, http::status::no_content, "", "text/plain");
    res.erase(http::field::content_type);
    return res;
}

// A cross-site POST carries the attacker's Origin; a same-origin one carries ours (the Host).
// https:// is accepted too: a TLS-terminating proxy in front of the node passes the Host on.
bool same_origin(const HttpRequest& req) {
    const std::string_view origin = std_view(req[http::field::origin]);
    if (origin.empty()) return true;  // not a browser, or an old one: SameSite still holds
    const std::string_view host = std_view(req[http::field::host]);
    return origin == "http://" + std::string(host) || origin == "https://" + std::string(host);
}

// Whether a request comes from this node's own pages (or is typed in, or not from a browser):
// Sec-Fetch-Site "same-origin" or "none"; without that header (an old browser, curl), an
// Origin, if any, that names the Host. A cross-site <img> or fetch gets "cross-site" or
// "same-site" (another port on this machine is same-site).
bool own_page_request(const HttpRequest& req) {
    const auto site = req.find("Sec-Fetch-Site");
    if (site != req.end()) {
        const std::string_view value = std_view(site->value());
        return value == "same-origin" || value == "none";
    }
    return same_origin(req);
}

bool safe_method(const HttpRequest& req) {
    return req.method() == http::verb::get || req.method() == http::verb::head;
}

}  // namespace

WebUiOptions web_options(const Config& config) {
    return WebUiOptions{config.web_passphrase_hash, config.web_public_notice_board,
                        config.web_session_hours, config.web_host_names, config.api_address};
}

std::optional<std::string> exposure_problem(const WebUiOptions& options) {
    if (!options.passphrase_hash.empty() || is_loopback(options.listen_address)) {
        return std::nullopt;
    }
    return "the web UI and API would listen on " + options.listen_address +
           ", beyond this machine, without a passphrase: run `bakend --hash-passphrase` and put "
           "the line it prints into the [web] section of the config (docs/web-ui.md), or listen "
           "on 127.0.0.1";
}

WebUi::WebUi(WebUiOptions options, const Identity& identity, std::string node_name,
             const Clock& clock, const trust::CredentialBook* credentials, PictureSource picture)
    : options_(std::move(options)),
      identity_(identity),
      node_name_(std::move(node_name)),
      clock_(clock),
      credentials_(credentials),
      picture_(std::move(picture)),
      sessions_(SessionTable::Limits{256, std::min(kIdleMs, options_.session_hours * kHourMs),
                                     options_.session_hours * kHourMs}) {}

const Session* WebUi::session_of(const HttpRequest& req) const {
    const std::string_view value = cookie_value(std_view(req[http::field::cookie]), kSessionCookie);
    if (value.empty()) return nullptr;
    return sessions_.find(value, clock_.now_ms());
}

ApiAccess WebUi::api_access(const HttpRequest& req) const {
    if (!host_allowed(std_view(req[http::field::host]), options_.host_names)) {
        return ApiAccess::none;
    }
    const Session* session = session_of(req);
    if (session == nullptr) return ApiAccess::none;
    if (safe_method(req)) return ApiAccess::allowed;
    return tokens_equal(
               std_view(req[boost::beast::string_view(kCsrfHeader.data(), kCsrfHeader.size())]),
               session->csrf_token)
               ? ApiAccess::allowed
               : ApiAccess::csrf_missing;
}

HttpResponse WebUi::serve(const HttpRequest& req) {
    HttpResponse res;
    auto target = parse_target(std_view(req.target()));
    if (!target) {
        res =
            error(req, http::status::bad_request, "bad_request", "broken percent-encoding in URL");
    } else if (!host_allowed(std_view(req[http::field::host]), options_.host_names)) {
        log::info("web", "refused a request for host '" +
                             std::string(std_view(req[http::field::host]).substr(0, 80)) + "'");
        res = error(req, http::status::forbidden, "bad_host",
                    "this node answers only to its IP address, localhost and the names in "
                    "[web] host_names");
    } else {
        auto lang = target->query.find("lang");
        const Language language =
            lang != target->query.end() && lang->second == "en" ? Language::en : Language::nl;
        res = route(req, target->path, language);
    }
    add_security_headers(res);
    if (req.method() == http::verb::head) {
        // The headers GET would send, without the body.
        const auto length = res.body().size();
        res.body().clear();
        res.content_length(length);
    }
    return res;
}

HttpResponse WebUi::route(const HttpRequest& req, const std::string& path, Language language) {
    const bool read = safe_method(req);
    const bool post = req.method() == http::verb::post;
    auto wrong_method = [&](std::string_view allowed) {
        HttpResponse res = error(req, http::status::method_not_allowed, "method_not_allowed",
                                 path + " takes " + std::string(allowed));
        res.set(http::field::allow, std::string(allowed));
        return res;
    };
    if (path == "/ui/session") return read ? session_info(req) : wrong_method("GET");
    if (path == "/ui/sign-in") return post ? sign_in(req) : wrong_method("POST");
    if (path == "/ui/sign-out") return post ? sign_out(req) : wrong_method("POST");
    constexpr std::string_view kAssets = "/assets/";
    constexpr std::string_view kNotice = "/notice";
    if (path == "/" || path == "/index.html") {
        return read ? asset(req, "index.html") : wrong_method("GET, HEAD");
    }
    if (path.starts_with(kAssets)) {
        return read ? asset(req, std::string_view(path).substr(kAssets.size()))
                    : wrong_method("GET, HEAD");
    }
    if (path == kNotice || path.starts_with(std::string(kNotice) + "/")) {
        return read ? notice(req, std::string_view(path).substr(kNotice.size()), language)
                    : wrong_method("GET, HEAD");
    }
    return error(req, http::status::not_found, "not_found",
                 path + " is not a page of this node (docs/web-ui.md)");
}

HttpResponse WebUi::asset(const HttpRequest& req, std::string_view path) {
    const EmbeddedAsset* file = find_asset(path);
    if (file == nullptr) {
        return error(req, http::status::not_found, "not_found", "no such file in the web UI");
    }
    const bool page = path.ends_with(".html");
    const std::string_view match = std_view(req[http::field::if_none_match]);
    if (!page && !match.empty() && match.find(file->etag) != std::string_view::npos) {
        HttpResponse res = respond(req, http::status::not_modified, "", file->content_type);
        res.set(http::field::etag, std::string(file->etag));
        res.set(http::field::cache_control, "no-cache");
        res.erase(http::field::content_length);
        return res;
    }
    std::string body(reinterpret_cast<const char*>(file->bytes.data()), file->bytes.size());
    HttpResponse res = respond(req, http::status::ok, std::move(body), file->content_type);
    if (!page) {
        // Cached, but asked again each time: an upgraded daemon serves new files at once.
        res.set(http::field::cache_control, "no-cache");
        res.set(http::field::etag, std::string(file->etag));
    }
    return res;
}

HttpResponse WebUi::notice(const HttpRequest& req, std::string_view rest, Language language) {
    const bool nl = language == Language::nl;
    if (rest == "/style.css") {
        HttpResponse res = respond(req, http::status::ok, std::string(notice_stylesheet()),
                                   "text/css; charset=utf-8");
        res.set(http::field::cache_control, "no-cache");
        return res;
    }
    if (sign_in_required() && !options_.public_notice_board && session_of(req) == nullptr) {
        return html_page(req, http::status::unauthorized,
                         render_plain_page(nl ? "Aanmelden nodig" : "Sign-in required",
                                           nl ? "Meld u eerst aan op <a href=\"/\">de startpagina"
                                                "</a>."
                                              : "Please sign in on <a href=\"/\">the start "
                                                "page</a> first.",
                                           language));
    }
    if (!picture_) {
        return html_page(req, http::status::service_unavailable,
                         render_plain_page(nl ? "Nog geen beeld" : "No picture yet",
                                           nl ? "Dit knooppunt heeft nog geen situatiebeeld."
                                              : "This node has no picture yet.",
                                           language));
    }
    const std::int64_t now = clock_.now_ms();
    // "/notice" and "/notice/" are the same page, and share one cache entry.
    const std::string key = rest == "/" ? std::string() : std::string(rest);
    auto cached = notice_cache_.find({key, language});
    if (cached != notice_cache_.end() && cached->second.made_ms <= now &&
        now - cached->second.made_ms < kNoticeCacheMs) {
        return html_page(req, cached->second.status, cached->second.html);
    }
    auto [status, html] = notice_page(key, language, now);
    if (status == http::status::service_unavailable) return html_page(req, status, std::move(html));
    if (cached != notice_cache_.end()) {
        cached->second = CachedPage{status, html, now};
    } else {
        if (notice_cache_.size() >= kNoticeCacheEntries) {
            auto oldest = notice_cache_.begin();
            for (auto it = notice_cache_.begin(); it != notice_cache_.end(); ++it)
                if (it->second.made_ms < oldest->second.made_ms) oldest = it;
            notice_cache_.erase(oldest);
        }
        notice_cache_.emplace(std::pair{key, language}, CachedPage{status, html, now});
    }
    return html_page(req, status, std::move(html));
}

std::pair<http::status, std::string> WebUi::notice_page(const std::string& rest, Language language,
                                                        std::int64_t now) {
    const bool nl = language == Language::nl;
    const std::pair<http::status, std::string> loading{
        http::status::service_unavailable,
        render_plain_page(nl ? "Het beeld wordt geladen" : "The picture is loading",
                          nl ? "Dit knooppunt is net gestart. Laad de pagina over een paar "
                               "tellen opnieuw."
                             : "This node has just started. Reload the page in a few seconds.",
                          language)};
    if (rest.empty()) {
        // The index shows the points only: no needs, sitreps, announcements or nodes.
        picture::PictureFilter filter;
        filter.parts = picture::kSupportPoints;
        auto points = picture_(now, filter);
        if (!points) return loading;
        return {http::status::ok, render_notice_index(*points, language, now)};
    }
    const std::string point = rest.substr(1);
    std::optional<std::string> page;
    if (trust::scope_level(point) == trust::ScopeLevel::support_point) {
        // The engine's support-point filter keeps what the page shows: the point and its
        // needs, its municipality's sitrep cells, and announcements for the point, its
        // municipality or a region.
        picture::PictureFilter filter;
        filter.support_point = point;
        auto shown = picture_(now, filter);
        if (!shown) return loading;
        page = render_notice_board(*shown, point, language, now);
    }
    if (!page) {
        return {http::status::not_found,
                render_plain_page(nl ? "Onbekend noodsteunpunt" : "Unknown support point",
                                  nl ? "Zie <a href=\"/notice\">alle noodsteunpunten</a>."
                                     : "See <a href=\"/notice?lang=en\">all support "
                                       "points</a>.",
                                  language)};
    }
    return {http::status::ok, std::move(*page)};
}

std::pair<std::string, std::string> WebUi::own_role_and_scope() const {
    if (credentials_ == nullptr) return {};
    const PublicKey& self = identity_.public_key();
    if (credentials_->revoked_since(self)) return {};
    const std::int64_t now = clock_.now_ms();
    const v1::Credential* best = nullptr;
    for (const v1::Credential& c : credentials_->credentials_of(self)) {
        if (c.valid_from_ms() > now || c.valid_until_ms() <= now) continue;
        if (best == nullptr || c.valid_until_ms() > best->valid_until_ms()) best = &c;
    }
    if (best == nullptr) return {};
    return {std::string(trust::role_name(best->role())), best->scope()};
}

std::string WebUi::session_cookie(const std::string& value, std::int64_t max_age_s) const {
    return std::string(kSessionCookie) + "=" + value +
           "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" + std::to_string(max_age_s);
}

HttpResponse WebUi::session_info(const HttpRequest& req) {
    const Session* session = session_of(req);
    std::optional<SessionTable::Issued> issued;
    // Without a passphrase, asking is signing in; but only this node's own pages may ask, or
    // a cross-site <img src=".../ui/session"> could fill the table and evict real sessions.
    if (session == nullptr && !sign_in_required() && own_page_request(req)) {
        issued = sessions_.issue(clock_.now_ms());
    }
    const bool signed_in = session != nullptr || issued.has_value();
    std::string body = "{\"signed_in\":";
    body += signed_in ? "true" : "false";
    body += ",\"sign_in_required\":";
    body += sign_in_required() ? "true" : "false";
    if (signed_in) {
        body += ",\"csrf_token\":" + json_string(issued ? issued->csrf_token : session->csrf_token);
    }
    // Name and key are what the node's LAN beacon announces anyway; role and scope only to a
    // signed-in browser.
    auto [role, scope] = signed_in ? own_role_and_scope() : std::pair<std::string, std::string>{};
    body += ",\"node_name\":" + json_string(node_name_);
    body += ",\"public_key\":" + json_string(to_hex(identity_.public_key()));
    body += ",\"role\":" + json_string(role);
    body += ",\"scope\":" + json_string(scope);
    body += ",\"public_notice_board\":";
    body += options_.public_notice_board ? "true" : "false";
    body += "}\n";
    HttpResponse res = respond(req, http::status::ok, std::move(body));
    if (issued) {
        res.set(http::field::set_cookie,
                session_cookie(issued->cookie_value, sessions_.limits().lifetime_ms / 1000));
    }
    return res;
}

HttpResponse WebUi::sign_in(const HttpRequest& req) {
    if (!same_origin(req)) {
        return error(req, http::status::forbidden, "cross_origin",
                     "sign-in is only accepted from this node's own pages");
    }
    const std::int64_t now = clock_.now_ms();
    if (sign_in_required()) {
        const std::string client(std_view(req[kPeerAddressHeader]));  // set by the server
        if (const std::int64_t wait = limiter_.wait_s(client, now); wait > 0) {
            HttpResponse res =
                error(req, http::status::too_many_requests, "rate_limited",
                      "too many sign-in attempts; try again in " + std::to_string(wait) + " s");
            res.set(http::field::retry_after, std::to_string(wait));
            return res;
        }
        limiter_.record(client, now);
        google::protobuf::Struct body;
        auto parsed = google::protobuf::util::JsonStringToMessage(req.body(), &body);
        auto field = body.fields().find("passphrase");
        if (!parsed.ok() || field == body.fields().end() || !field->second.has_string_value()) {
            return error(req, http::status::bad_request, "bad_json",
                         "send {\"passphrase\": \"...\"} as JSON");
        }
        if (!passphrase_matches(options_.passphrase_hash, field->second.string_value())) {
            log::warning("web", "sign-in with a wrong passphrase");
            return error(req, http::status::unauthorized, "wrong_passphrase",
                         "the passphrase is not right");
        }
    }
    // A browser that signs in again replaces its old session.
    const std::string_view old = cookie_value(std_view(req[http::field::cookie]), kSessionCookie);
    if (!old.empty()) sessions_.end(old);
    SessionTable::Issued issued = sessions_.issue(now);
    log::info("web", "a browser signed in (" + std::to_string(sessions_.size()) + " session(s))");
    HttpResponse res = no_content(req);
    res.set(http::field::set_cookie,
            session_cookie(issued.cookie_value, sessions_.limits().lifetime_ms / 1000));
    return res;
}

HttpResponse WebUi::sign_out(const HttpRequest& req) {
    const std::string_view value = cookie_value(std_view(req[http::field::cookie]), kSessionCookie);
    const Session* session = value.empty() ? nullptr : sessions_.find(value, clock_.now_ms());
    if (session == nullptr) {
        return error(req, http::status::unauthorized, "not_signed_in", "no live session to end");
    }
    if (!tokens_equal(
            std_view(req[boost::beast::string_view(kCsrfHeader.data(), kCsrfHeader.size())]),
            session->csrf_token)) {
        return error(req, http::status::forbidden, "csrf_required",
                     "send the session's csrf_token (GET /ui/session) in X-CSRF-Token");
    }
    sessions_.end(value);
    HttpResponse res = no_content(req);
    res.set(http::field::set_cookie, session_cookie("", 0));
    return res;
}

}  // namespace baken::web
