// The web UI bakend serves itself: pages and assets embedded in the binary, browser sign-in
// (passphrase, session cookie, CSRF token) and the printable notice board. Everything outside
// /api/ goes here; the API asks it whether a browser request may act. docs/web-ui.md is the
// contract with the browser code.
//
// Who gets what:
//   * sign-in not required (no passphrase; only allowed while the listener is on loopback):
//     GET /ui/session hands every browser on this machine a session.
//   * sign-in required (a passphrase is configured): the page shell (/, /assets/...) and
//     /ui/session load for anyone, since they hold no data; the notice board only with a
//     session (or for anyone with public_notice_board); /api/ only with a session (GET, HEAD)
//     plus its CSRF token (anything else), or the bearer token.
//   * any request whose Host is not an IP address, "localhost" or a [web] host_names entry is
//     refused (host_check.h).
//   * without a passphrase, GET /ui/session issues a session only to a same-origin request
//     (Sec-Fetch-Site same-origin or none; without that header, no foreign Origin), so another
//     site's page cannot fill the session table and evict real sessions.
//
// Single-threaded: called from the event loop only. Sign-in blocks it for one argon2id check,
// and sign_in_limiter.h bounds how often that can happen. A rendered notice-board page is kept
// for kNoticeCacheMs of the node's clock, so a client looping on the board costs nothing.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/http_reply.h"
#include "baken/v1/picture.pb.h"
#include "common/clock.h"
#include "config/config.h"
#include "crypto/identity.h"
#include "picture/picture_engine.h"
#include "trust/credential_book.h"
#include "web/html.h"
#include "web/sessions.h"
#include "web/sign_in_limiter.h"

namespace baken::web {

inline constexpr std::string_view kSessionCookie = "baken_session";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";
inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

struct WebUiOptions {
    std::string passphrase_hash;  // empty: no sign-in (loopback only)
    bool public_notice_board = false;
    std::int64_t session_hours = 12;
    std::vector<std::string> host_names;  // lower case
    std::string listen_address;           // [api] listen address, without brackets
};

// The [web] section and the API listen address of `config`.
WebUiOptions web_options(const Config& config);

// Why the web UI must not run with these options, or nothing: a listener beyond loopback
// (anything but 127.0.0.0/8 and ::1) needs a passphrase.
std::optional<std::string> exposure_problem(const WebUiOptions& options);

// The part of the picture `filter` names, at a time; empty while this node has no picture
// engine, nullopt while the node is still loading it. The notice board asks only for what a
// page shows (one support point, or the list of points), never for the whole picture.
using PictureSource = std::function<std::optional<v1::Picture>(
    std::int64_t now_ms, const picture::PictureFilter& filter)>;

// What a browser request to /api/ may do.
enum class ApiAccess {
    none,          // no live session: the bearer token decides
    allowed,       // a live session, and a safe method or the session's CSRF token
    csrf_missing,  // a live session, a method that changes something, no or a wrong token
};

class WebUi {
  public:
    static constexpr std::int64_t kNoticeCacheMs = 10 * 1000;
    static constexpr std::size_t kNoticeCacheEntries = 256;

    WebUi(WebUiOptions options, const Identity& identity, std::string node_name, const Clock& clock,
          const trust::CredentialBook* credentials, PictureSource picture);

    // A page, an asset, sign-in or sign-out: every request whose path is not under /api/.
    HttpResponse serve(const HttpRequest& request);
    // Whether a browser request to /api/ carries a signed-in session (and, when it changes
    // something, the session's CSRF token). Requests without a session use the bearer token.
    bool permits_api(const HttpRequest& request) const {
        return api_access(request) == ApiAccess::allowed;
    }
    ApiAccess api_access(const HttpRequest& request) const;

    bool sign_in_required() const { return !options_.passphrase_hash.empty(); }
    std::size_t session_count() const { return sessions_.size(); }
    std::size_t cached_notice_pages() const { return notice_cache_.size(); }

  private:
    HttpResponse route(const HttpRequest& request, const std::string& path, Language language);
    HttpResponse session_info(const HttpRequest& request);
    HttpResponse sign_in(const HttpRequest& request);
    HttpResponse sign_out(const HttpRequest& request);
    HttpResponse asset(const HttpRequest& request, std::string_view path);
    HttpResponse notice(const HttpRequest& request, std::string_view rest, Language language);
    // The status and HTML of a notice page that needs the picture (the index, a point's page).
    std::pair<boost::beast::http::status, std::string> notice_page(const std::string& rest,
                                                                   Language language,
                                                                   std::int64_t now);
    const Session* session_of(const HttpRequest& request) const;
    std::pair<std::string, std::string> own_role_and_scope() const;
    std::string session_cookie(const std::string& value, std::int64_t max_age_s) const;

    WebUiOptions options_;
    const Identity& identity_;
    std::string node_name_;
    const Clock& clock_;
    const trust::CredentialBook* credentials_;
    PictureSource picture_;
    mutable SessionTable sessions_;  // finding a session marks it used
    SignInLimiter limiter_;

    struct CachedPage {
        boost::beast::http::status status;
        std::string html;
        std::int64_t made_ms;
    };
    // Rendered notice pages by (path after /notice, language); at most kNoticeCacheEntries,
    // the oldest dropped first.
    std::map<std::pair<std::string, Language>, CachedPage> notice_cache_;
};

}  // namespace baken::web
