// The picture routes (docs/api.md): GET /api/v1/picture and its parts.
#include "api/routes.h"

namespace baken {
namespace http = boost::beast::http;

HttpResponse ApiRoutes::picture_part(const HttpRequest& req, std::string_view, const Query&) {
    return error(req, http::status::not_implemented, "not_implemented",
                 "the picture is not built yet");
}

}  // namespace baken
