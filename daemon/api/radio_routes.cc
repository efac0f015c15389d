// GET /api/v1/links: the radio interfaces and what they carried (docs/api.md).
#include "api/routes.h"
#include "radio/service/radio_service.h"

namespace baken {
namespace http = boost::beast::http;

HttpResponse ApiRoutes::links(const HttpRequest& req) {
    // A node without radio interfaces has none to list: an empty list, not an error.
    if (!ctx_.radios) return json(req, http::status::ok, v1::RadioLinkList{});
    return json(req, http::status::ok, ctx_.radios->status());
}

}  // namespace baken
