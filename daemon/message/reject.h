// Why a message was refused. Every refusal on every entry point carries one of these codes
// plus a detail a person can act on ("missing required field sitrep.municipality").
#pragma once

#include <string>
#include <string_view>

namespace baken {

enum class RejectCode {
    malformed,            // bytes are not a valid Envelope/Message
    oversized,            // larger than limits::kMaxEnvelopeBytes
    unsupported_version,  // format_version we do not speak
    bad_author_key,       // author is not a 32-byte key, or differs between envelope and message
    bad_signature,        // signature does not verify over the signed bytes
    unknown_kind,         // body holds no kind this node understands
    missing_field,        // a required field is empty
    invalid_field,        // a field is out of range, too long, or inconsistent
    expired,              // expires_ms is in the past
    from_the_future,      // created_ms is further ahead than the allowed clock skew
    storage_full,         // quota reached and nothing less important to evict
    storage_error,        // the store failed (disk); the message was not accepted
    // Authorisation (daemon/trust/): who may say what.
    unknown_author,            // no credential for the author yet (held in quarantine)
    untrusted_issuer,          // a credential or revocation not signed by a trusted region root
    wrong_role,                // the author's role may not post this kind
    wrong_scope,               // the author may not post for this municipality or point
    credential_expired,        // the message was created after the credential ended
    credential_not_yet_valid,  // the message was created before the credential began
    revoked,                   // the author's key is revoked from before the message's creation
    superseded,                // a later message by the same author replaced this one
};

inline constexpr int kRejectCodeCount = 20;

struct Reject {
    RejectCode code;
    std::string detail;
};

// Stable machine name, used in JSON and metrics: "bad_signature".
std::string_view reject_code_name(RejectCode code);
// For people and logs: "bad signature".
std::string reject_reason_text(RejectCode code);
// "bad signature: <detail>" or just the reason when there is no detail.
std::string describe(const Reject& reject);

}  // namespace baken
