// Keeps protobuf's own log lines out of the daemon's log at normal levels.
//
// protobuf writes an ERROR line to stderr for every string field that is not UTF-8. Anyone
// who can send us bytes could flood the log that way; and the validation path already logs
// one line per refused message with its reason. So protobuf's lines go to debug level.
#pragma once

namespace baken {

void route_protobuf_logs_to_debug();

}  // namespace baken
