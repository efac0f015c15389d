// GeoJSON and CSV exports of the picture (docs/api.md):
//   GET /api/v1/export/geojson[?municipality=GMnnnn]
//   GET /api/v1/export/csv?table=support_points|needs|sitreps[&municipality=GMnnnn]
#include "api/routes.h"
#include "picture/export/csv.h"
#include "picture/export/geojson.h"
#include "picture/picture_engine.h"
#include "trust/authorisation.h"

namespace baken {
namespace http = boost::beast::http;

namespace {

struct ExportRequest {
    picture::PictureFilter filter;
    picture::CsvTable table = picture::CsvTable::support_points;
};

Result<ExportRequest, std::string> export_request(const std::map<std::string, std::string>& query,
                                                  bool csv) {
    ExportRequest out;
    for (const auto& [key, value] : query) {
        if (key == "municipality") {
            if (trust::scope_level(value) != trust::ScopeLevel::municipality)
                return fail("municipality must be a CBS code like GM0344, got '" + value + "'");
            out.filter.municipality = value;
        } else if (key == "table" && csv) {
            if (value == "support_points") {
                out.table = picture::CsvTable::support_points;
            } else if (value == "needs") {
                out.table = picture::CsvTable::needs;
            } else if (value == "sitreps") {
                out.table = picture::CsvTable::sitreps;
            } else {
                return fail("table must be support_points, needs or sitreps, got '" + value + "'");
            }
        } else {
            return fail("unknown parameter '" + key + "'" +
                        (csv ? " (known: table, municipality)" : " (known: municipality)"));
        }
    }
    return out;
}

}  // namespace

HttpResponse ApiRoutes::export_data(const HttpRequest& req, std::string_view format,
                                    const Query& query) {
    if (auto unavailable = picture_unavailable(req)) return std::move(*unavailable);
    const bool csv = format == "csv";
    if (!csv && format != "geojson")
        return error(req, http::status::not_found, "not_found",
                     "no export '" + std::string(format) + "' (exports: geojson, csv, cap)");
    auto request = export_request(query, csv);
    if (!request) return error(req, http::status::bad_request, "bad_query", request.error());
    v1::Picture picture = ctx_.picture->view(ctx_.clock.now_ms(), request->filter);
    if (csv)
        return respond(req, http::status::ok, picture::to_csv(picture, request->table),
                       "text/csv; charset=utf-8");
    return respond(req, http::status::ok, picture::to_geojson(picture), "application/geo+json");
}

}  // namespace baken
