// Why bytes from a peer are not a valid reconciliation encoding (symbol_wire.h, key_list.h).
// Every such error means the peer is broken or hostile: drop the session, keep nothing of it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace baken::sync {

enum class WireErrorCode {
    truncated,     // the length is not a whole number of items
    too_many,      // more items than the caller's capacity
    not_ascending  // a key list out of order or with a repeated key
};

struct WireError {
    WireErrorCode code;
    std::string reason;  // for the log: "symbol batch of 13 bytes is not a multiple of 12"
};

// Stable machine name: "truncated".
std::string_view wire_error_name(WireErrorCode code);

}  // namespace baken::sync
