// The picture routes (docs/api.md): GET /api/v1/picture, its parts and its digest. The live
// stream (/api/v1/picture/events) is served by http_server.cc with picture_events.h.
#include "api/routes.h"
#include "picture/picture_engine.h"
#include "picture/picture_loader.h"
#include "trust/authorisation.h"

namespace baken {
namespace http = boost::beast::http;

namespace {

struct PartRoute {
    std::string_view path;
    unsigned parts;
};
constexpr PartRoute kParts[] = {
    {"", picture::kAllParts},
    {"/support-points", picture::kSupportPoints},
    {"/needs", picture::kNeeds},
    {"/municipalities", picture::kMunicipalities},
    {"/announcements", picture::kAnnouncements},
    {"/nodes", picture::kNodes},
};

// The filter from the query, or the reason it is wrong.
Result<picture::PictureFilter, std::string> filter_from(
    const std::map<std::string, std::string>& query) {
    picture::PictureFilter filter;
    for (const auto& [key, value] : query) {
        if (key == "municipality") {
            if (trust::scope_level(value) != trust::ScopeLevel::municipality)
                return fail("municipality must be a CBS code like GM0344, got '" + value + "'");
            filter.municipality = value;
        } else if (key == "support_point") {
            if (trust::scope_level(value) != trust::ScopeLevel::support_point)
                return fail("support_point must look like GM0344-SP07, got '" + value + "'");
            filter.support_point = value;
        } else if (key == "closed_needs") {
            if (value != "true" && value != "false")
                return fail("closed_needs must be true or false, got '" + value + "'");
            filter.closed_needs = value == "true";
        } else {
            return fail("unknown parameter '" + key +
                        "' (known: municipality, support_point, closed_needs)");
        }
    }
    return filter;
}

}  // namespace

std::optional<HttpResponse> ApiRoutes::picture_unavailable(const HttpRequest& req) {
    if (!ctx_.picture)
        return error(req, http::status::not_found, "not_found", "this node keeps no picture");
    if (!ctx_.picture_load || !ctx_.picture_load->loading) return std::nullopt;
    HttpResponse res =
        error(req, http::status::service_unavailable, "picture_loading",
              "the node has just started and is reading its picture from the "
              "store (" +
                  std::to_string(ctx_.picture_load->read) + " of " +
                  std::to_string(ctx_.picture_load->total) + " messages); ask again in a moment");
    res.set(http::field::retry_after, "1");
    return res;
}

HttpResponse ApiRoutes::picture_part(const HttpRequest& req, std::string_view part,
                                     const Query& query) {
    if (auto unavailable = picture_unavailable(req)) return std::move(*unavailable);
    auto filter = filter_from(query);
    if (!filter) return error(req, http::status::bad_request, "bad_query", filter.error());
    const std::int64_t now = ctx_.clock.now_ms();
    if (part == "/digest") {
        v1::Picture digest_only;
        digest_only.set_as_of_ms(now);
        digest_only.set_digest(ctx_.picture->digest());
        digest_only.set_message_count(ctx_.picture->message_count());
        return json(req, http::status::ok, digest_only);
    }
    for (const PartRoute& route : kParts) {
        if (route.path != part) continue;
        filter->parts = route.parts;
        return json(req, http::status::ok, ctx_.picture->view(now, *filter));
    }
    return error(req, http::status::not_found, "not_found",
                 "no picture part '" + std::string(part) +
                     "' (parts: support-points, needs, municipalities, announcements, nodes, "
                     "digest, events)");
}

}  // namespace baken
