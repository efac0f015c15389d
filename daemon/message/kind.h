// Message kinds as names for people, URLs and indexes.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "baken/v1/message.pb.h"

namespace baken {

using Kind = v1::Body::KindCase;

// "sitrep", "support_point_status", ... ; "unknown" for KIND_NOT_SET.
std::string_view kind_name(Kind kind);
// Accepts the names above plus the CLI's short forms "status" and "need-update".
std::optional<Kind> kind_from_name(std::string_view name);

// Lower is more urgent; UNSPECIFIED and unknown values sort last.
int precedence_rank(v1::Precedence precedence);
std::string_view precedence_name(v1::Precedence precedence);
std::optional<v1::Precedence> precedence_from_name(std::string_view name);

}  // namespace baken
