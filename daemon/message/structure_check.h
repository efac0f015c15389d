// Structural rules of the message format: required fields, value ranges, text lengths,
// timing. One check per kind, listed in the table in structure_check.cc.
//
// The rules depend only on the message and `now_ms`, never on what else the node holds, so
// every node reaches the same verdict on the same message at the same time.
#pragma once

#include <cstdint>
#include <optional>

#include "message/decoded_message.h"
#include "message/reject.h"

namespace baken {

// nullopt when the message is well-formed. Codes: unsupported_version, unknown_kind, missing_field,
// invalid_field, expired, from_the_future.
std::optional<Reject> check_structure(const DecodedMessage& decoded, std::int64_t now_ms);

}  // namespace baken
