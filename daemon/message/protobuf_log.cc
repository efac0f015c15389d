// See protobuf_log.h.
#include "message/protobuf_log.h"

#include <google/protobuf/stubs/logging.h>

#include <string>

#include "common/log.h"

namespace baken {

void route_protobuf_logs_to_debug() {
    google::protobuf::SetLogHandler(
        [](google::protobuf::LogLevel, const char* file, int line, const std::string& message) {
            log::debug("protobuf", std::string(file) + ":" + std::to_string(line) + ": " + message);
        });
}

}  // namespace baken
