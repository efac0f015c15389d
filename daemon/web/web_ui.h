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
//
// Single-threaded: called from the event loop only. Sign-in blocks it for one argon2id check,
// and sign_in_limiter.h bounds how often that can happen.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "api/http_reply.h"
#include "baken/v1/picture.pb.h"
#include "common/clock.h"
#include "config/config.h"
#include "crypto/identity.h"
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

// The whole picture at a time; empty while this node has no picture engine.
using PictureSource = std::function<v1::Picture(std::int64_t now_ms)>;

// What a browser request to /api/ may do.
enum class ApiAccess {
    none,          // no live session: the bearer token decides
    allowed,       // a live session, and a safe method or the session's CSRF token
    csrf_missing,  // a live session, a method that changes something, no or a wrong token
};

class WebUi {
  public:
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

  private:
    HttpResponse route(const HttpRequest& request, const std::string& path, Language language);
    HttpResponse session_info(const HttpRequest& request);
    HttpResponse sign_in(const HttpRequest& request);
    HttpResponse sign_out(const HttpRequest& request);
    HttpResponse asset(const HttpRequest& request, std::string_view path);
    HttpResponse notice(const HttpRequest& request, std::string_view rest, Language language);
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
};

}  // namespace baken::web
