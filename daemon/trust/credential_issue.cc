// See credential_issue.h.
#include "trust/credential_issue.h"

#include "message/envelope_codec.h"
#include "message/limits.h"
#include "message/structure_check.h"
#include "trust/authorisation.h"

namespace baken::trust {

namespace {

// FLASH, and kept as long as any message may live: a credential must outlast the messages
// it authorises, or a node restarted later could no longer tell who wrote them.
v1::Message header(v1::Body body, std::int64_t now_ms) {
    v1::Message m;
    m.set_format_version(limits::kFormatVersion);
    m.set_precedence(v1::FLASH);
    m.set_created_ms(now_ms);
    m.set_expires_ms(now_ms + limits::kMaxLifetimeMs);
    *m.mutable_body() = std::move(body);
    return m;
}

Result<DecodedMessage, std::string> signed_and_checked(const Identity& root, v1::Message m,
                                                       std::int64_t now_ms) {
    DecodedMessage signed_message = sign_message(root, std::move(m));
    if (auto problem = check_structure(signed_message, now_ms)) return fail(describe(*problem));
    return signed_message;
}

}  // namespace

Result<DecodedMessage, std::string> issue_credential(const Identity& root,
                                                     const CredentialRequest& request,
                                                     std::int64_t now_ms) {
    if (scope_level(request.scope) != scope_level_for(request.role)) {
        return fail("a " + std::string(role_name(request.role)) +
                    " credential needs a scope like " +
                    (request.role == v1::MUNICIPAL_STAFF          ? std::string("GM0344")
                     : request.role == v1::SUPPORT_POINT_OPERATOR ? std::string("GM0344-SP07")
                                                                  : std::string("VR09")) +
                    ", got \"" + request.scope + "\"");
    }
    if (request.validity_ms <= 0 || request.validity_ms > kMaxValidityMs) {
        return fail(std::string("a credential is valid for more than 0 and at most 30 days"));
    }
    v1::Body body;
    v1::Credential* c = body.mutable_credential();
    c->set_subject(request.subject.data(), request.subject.size());
    c->set_role(request.role);
    c->set_scope(request.scope);
    c->set_subject_name(request.subject_name);
    std::int64_t from = request.valid_from_ms ? request.valid_from_ms : now_ms;
    c->set_valid_from_ms(from);
    c->set_valid_until_ms(from + request.validity_ms);
    return signed_and_checked(root, header(std::move(body), now_ms), now_ms);
}

Result<DecodedMessage, std::string> issue_revocation(const Identity& root, const PublicKey& subject,
                                                     std::int64_t compromised_since_ms,
                                                     const std::string& reason,
                                                     std::int64_t now_ms) {
    v1::Body body;
    v1::Revocation* r = body.mutable_revocation();
    r->set_subject(subject.data(), subject.size());
    r->set_compromised_since_ms(compromised_since_ms);
    r->set_reason(reason);
    return signed_and_checked(root, header(std::move(body), now_ms), now_ms);
}

}  // namespace baken::trust
