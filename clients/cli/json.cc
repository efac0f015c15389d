// See json.h.
#include "json.h"

#include <google/protobuf/util/json_util.h>

namespace baken::cli {

std::string to_json(const google::protobuf::Message& message) {
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    std::string out;
    // Printing a valid in-memory message cannot fail (only Any with unknown types could).
    (void)google::protobuf::util::MessageToJsonString(message, &out, options);
    return out;
}

Result<Done, std::string> from_json(std::string_view json, google::protobuf::Message& message) {
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = true;
    auto status = google::protobuf::util::JsonStringToMessage(json, &message, options);
    if (!status.ok()) return fail(std::string(status.message()));
    return Done{};
}

}  // namespace baken::cli
