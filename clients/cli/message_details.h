// The full, multi-line view of one message for `baken show`: the envelope facts first (id,
// kind, precedence, author, times), then every field of the body that is set, by its proto
// field name, nested as in the message:
//
//   sitrep:
//     municipality: GM0344
//     phase: warm-under-72h
//     entries:
//       - pillar: vital-services
//         topic: power
//
// Walks the body by reflection, so a field added to message.proto shows up without a change
// here. Enums use their friendly names, *_ms fields are local times, bytes are hex, sealed
// content is described, not shown. All text passes through printable().
#pragma once

#include <cstdint>
#include <string>

#include "baken/v1/api.pb.h"

namespace baken::cli {

std::string message_details(const v1::MessageView& view, std::int64_t now_ms);

}  // namespace baken::cli
