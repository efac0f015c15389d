// See web_ui.h.
#include "web/web_ui.h"

namespace baken::web {
namespace http = boost::beast::http;

HttpResponse WebUi::serve(const HttpRequest& req) {
    return error(req, http::status::not_found, "not_found", "the web UI is not built yet");
}

bool WebUi::permits_api(const HttpRequest&) const {
    return false;
}

}  // namespace baken::web
