// Friendly names for protobuf enum values, as people type and read them on the command line:
// lower case with dashes, without the prefix or suffix that only exists to keep proto enum
// names unique within the package.
//
//   Pillar.VITAL_SERVICES          -> "vital-services"
//   Phase.WARM_UNDER_72H           -> "warm-under-72h"
//   CapUrgency.URGENCY_IMMEDIATE   -> "immediate"     (prefix from the type name "CapUrgency")
//   CapCategory.OTHER_CATEGORY     -> "other"         (suffix from the type name "CapCategory")
//
// The names are derived from the descriptor, never listed by hand, so a value added to
// message.proto is accepted by the CLI without touching it. Value 0 (the *_UNSPECIFIED value
// that the daemon rejects) has no friendly name and is never accepted.
#pragma once

#include <google/protobuf/descriptor.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace baken::cli {

// "vital-services" for VITAL_SERVICES.
std::string friendly_enum_name(const google::protobuf::EnumValueDescriptor& value);

// Friendly names of every value except 0, in declaration order.
std::vector<std::string> friendly_enum_names(const google::protobuf::EnumDescriptor& type);

// The enum number for `text`: the friendly name or the full proto name, in any case, with '-'
// or '_' (so "vital-services", "VITAL_SERVICES" and "urgency-immediate" all work).
// Error: a sentence naming the bad text and listing the valid friendly names.
Result<int, std::string> enum_from_friendly(const google::protobuf::EnumDescriptor& type,
                                            std::string_view text);

// "a, b, c": for help texts, prompts and errors.
std::string join(const std::vector<std::string>& items, std::string_view separator = ", ");

}  // namespace baken::cli
