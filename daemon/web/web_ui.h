// The web UI bakend serves itself: pages and assets embedded in the binary, browser sign-in
// (passphrase, session cookie, CSRF token) and the printable notice board. Everything outside
// /api/ goes here; the API asks it whether a browser request may act (docs/web-ui.md).
#pragma once

#include "api/http_reply.h"

namespace baken::web {

class WebUi {
  public:
    // A page, an asset, sign-in or sign-out: every request whose path is not under /api/.
    HttpResponse serve(const HttpRequest& request);
    // Whether a browser request to /api/ carries a signed-in session (and, when it changes
    // something, the session's CSRF token). Requests without a session use the bearer token.
    bool permits_api(const HttpRequest& request) const;
};

}  // namespace baken::web
