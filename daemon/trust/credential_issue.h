// What a region root signs: credentials (who may post what, where, until when) and
// revocations. Both are ordinary messages authored by the root key, so they travel through
// the mesh, on bundles and as files like any other, and every node checks them the same way.
//
// WHY SHORT VALIDITY. A credential cannot be recalled from nodes that are cut off: a
// revocation only reaches a node when something does. A credential that ends on its own in
// three days (the default) bounds what a stolen laptop can do where revocations cannot reach;
// renewal is one command at the region and one file or message to the node. At most 30 days.
#pragma once

#include <cstdint>
#include <string>

#include "baken/v1/message.pb.h"
#include "common/result.h"
#include "crypto/identity.h"
#include "message/decoded_message.h"

namespace baken::trust {

inline constexpr std::int64_t kDefaultValidityMs = 72LL * 3600 * 1000;
inline constexpr std::int64_t kMaxValidityMs = 30LL * 24 * 3600 * 1000;

struct CredentialRequest {
    PublicKey subject{};
    v1::Role role = v1::ROLE_UNSPECIFIED;
    std::string scope;
    std::string subject_name;  // optional, for people: "Gemeentehuis Utrecht"
    std::int64_t valid_from_ms = 0;
    std::int64_t validity_ms = kDefaultValidityMs;
};

// Errors (for the command line): a role without a scope of its level, a validity of zero or
// beyond kMaxValidityMs, a name too long.
Result<DecodedMessage, std::string> issue_credential(const Identity& root,
                                                     const CredentialRequest& request,
                                                     std::int64_t now_ms);

// Revokes `subject` from `compromised_since_ms` on: its messages created since are refused
// and withdrawn everywhere.
Result<DecodedMessage, std::string> issue_revocation(const Identity& root, const PublicKey& subject,
                                                     std::int64_t compromised_since_ms,
                                                     const std::string& reason,
                                                     std::int64_t now_ms);

}  // namespace baken::trust
