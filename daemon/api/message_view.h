// How a stored message is shown through the API: decoded, with hex ids and readable names.
#pragma once

#include "baken/v1/api.pb.h"
#include "common/result.h"
#include "message/reject.h"
#include "store/store.h"

namespace baken {

// The stored bytes are verified again before they are shown: they were valid on the way in,
// so a failure here means damage on disk. Errors: those of decode_and_verify() (typically
// bad_signature), or storage_error when the bytes belong to another id. The caller reports
// the damage and never shows the content.
// Lists omit the base64 envelope: it doubles a message's size and a list may hold a thousand.
enum class EnvelopeInView { include, omit };
Result<v1::MessageView, Reject> message_view(const StoredMessage& stored, EnvelopeInView envelope);

}  // namespace baken
