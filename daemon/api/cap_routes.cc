// CAP 1.2 routes (docs/api.md): GET /api/v1/export/cap[/ID], POST /api/v1/import/cap.
#include "api/routes.h"

namespace baken {
namespace http = boost::beast::http;

HttpResponse ApiRoutes::cap_export(const HttpRequest& req, std::string_view) {
    return error(req, http::status::not_implemented, "not_implemented",
                 "CAP export is not built yet");
}

HttpResponse ApiRoutes::cap_import(const HttpRequest& req, const Query&) {
    return error(req, http::status::not_implemented, "not_implemented",
                 "CAP import is not built yet");
}

}  // namespace baken
