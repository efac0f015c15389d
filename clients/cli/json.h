// protobuf's JSON mapping as the API speaks it: proto field names ("ttl_seconds"), enums by
// name. Used for request bodies, answers, and the --json output of every command.
#pragma once

#include <google/protobuf/message.h>

#include <string>
#include <string_view>

#include "common/result.h"

namespace baken::cli {

// One line, no trailing newline.
std::string to_json(const google::protobuf::Message& message);

// Unknown fields are ignored so an older CLI still reads a newer daemon's answers.
// Error: the parser's words.
Result<Done, std::string> from_json(std::string_view json, google::protobuf::Message& message);

}  // namespace baken::cli
