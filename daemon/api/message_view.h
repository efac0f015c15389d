// How a stored message is shown through the API: decoded, with hex ids and readable names.
#pragma once

#include <optional>

#include "baken/v1/api.pb.h"
#include "store/store.h"

namespace baken {

// nullopt if the stored bytes no longer decode (they were validated on the way in, so this
// means on-disk damage; the caller skips the message and logs it).
std::optional<v1::MessageView> message_view(const StoredMessage& stored);

}  // namespace baken
