// Names for rejection codes.
#include "message/reject.h"

namespace baken {

std::string_view reject_code_name(RejectCode code) {
    switch (code) {
        case RejectCode::malformed:
            return "malformed";
        case RejectCode::oversized:
            return "oversized";
        case RejectCode::unsupported_version:
            return "unsupported_version";
        case RejectCode::bad_author_key:
            return "bad_author_key";
        case RejectCode::bad_signature:
            return "bad_signature";
        case RejectCode::unknown_kind:
            return "unknown_kind";
        case RejectCode::missing_field:
            return "missing_field";
        case RejectCode::invalid_field:
            return "invalid_field";
        case RejectCode::expired:
            return "expired";
        case RejectCode::from_the_future:
            return "from_the_future";
        case RejectCode::storage_full:
            return "storage_full";
        case RejectCode::storage_error:
            return "storage_error";
    }
    return "unknown";
}

std::string reject_reason_text(RejectCode code) {
    std::string text(reject_code_name(code));
    for (char& c : text) {
        if (c == '_') c = ' ';
    }
    return text;
}

std::string describe(const Reject& reject) {
    std::string text = reject_reason_text(reject.code);
    if (!reject.detail.empty()) text += ": " + reject.detail;
    return text;
}

}  // namespace baken
