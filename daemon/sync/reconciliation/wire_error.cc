// See wire_error.h.
#include "sync/reconciliation/wire_error.h"

namespace baken::sync {

std::string_view wire_error_name(WireErrorCode code) {
    switch (code) {
        case WireErrorCode::truncated:
            return "truncated";
        case WireErrorCode::too_many:
            return "too_many";
        case WireErrorCode::not_ascending:
            return "not_ascending";
    }
    return "unknown";
}

}  // namespace baken::sync
