// GeoJSON and CSV exports of the picture (docs/api.md): GET /api/v1/export/geojson|csv.
#include "api/routes.h"

namespace baken {
namespace http = boost::beast::http;

HttpResponse ApiRoutes::export_data(const HttpRequest& req, std::string_view, const Query&) {
    return error(req, http::status::not_implemented, "not_implemented",
                 "exports are not built yet");
}

}  // namespace baken
