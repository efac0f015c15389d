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
        case RejectCode::unknown_author:
            return "unknown_author";
        case RejectCode::untrusted_issuer:
            return "untrusted_issuer";
        case RejectCode::wrong_role:
            return "wrong_role";
        case RejectCode::wrong_scope:
            return "wrong_scope";
        case RejectCode::credential_expired:
            return "credential_expired";
        case RejectCode::credential_not_yet_valid:
            return "credential_not_yet_valid";
        case RejectCode::revoked:
            return "revoked";
        case RejectCode::superseded:
            return "superseded";
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
