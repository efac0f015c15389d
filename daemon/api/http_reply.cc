// See http_reply.h.
#include "api/http_reply.h"

#include <google/protobuf/util/json_util.h>

#include "baken/v1/api.pb.h"

namespace baken {
namespace http = boost::beast::http;

HttpResponse respond(const HttpRequest& req, http::status status, std::string body,
                     std::string_view content_type) {
    HttpResponse res{status, req.version()};
    res.set(http::field::server, "bakend");
    res.set(http::field::content_type, std::string(content_type));
    res.set(http::field::cache_control, "no-store");
    res.keep_alive(req.keep_alive());
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

HttpResponse json(const HttpRequest& req, http::status status,
                  const google::protobuf::Message& msg) {
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    std::string out;
    (void)google::protobuf::util::MessageToJsonString(msg, &out, options);
    out.push_back('\n');
    return respond(req, status, std::move(out));
}

HttpResponse error(const HttpRequest& req, http::status status, std::string_view code,
                   std::string detail) {
    v1::ApiError e;
    e.set_error(std::string(code));
    e.set_detail(std::move(detail));
    return json(req, status, e);
}

}  // namespace baken
