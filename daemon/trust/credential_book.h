// What a node knows about who may post: the trusted region roots from its configuration, and
// the credentials and revocations those roots signed that have reached it (from the mesh,
// a bundle, or `baken credential import`: they are ordinary messages).
//
// judge() is the authorisation step of the validation path (validation_path.h). Decisions
// depend only on the message and the credentials and revocations known, never on the
// receiving node's clock: every node that knows the same credentials decides the same.
//   * credential, revocation: the author must be a trusted root (untrusted_issuer); a
//     credential's scope must fit its role (invalid_field).
//   * every other kind: a root posts none (wrong_role); a revoked author's messages created
//     at or after "compromised since" are refused (revoked); otherwise a credential for the
//     author must cover the message's creation time (credential_expired,
//     credential_not_yet_valid) and allow its kind and scope (authorisation.h). No credential
//     known yet: unknown_author — the validation path keeps such messages in quarantine.
//
// With no trusted root configured the book is not enforcing: every verified message is
// accepted (a development mesh or the demo without a region). bakend says so in its log.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "baken/v1/message.pb.h"
#include "crypto/keys.h"
#include "message/decoded_message.h"
#include "message/reject.h"

namespace baken {
class Store;
}

namespace baken::trust {

class CredentialBook {
  public:
    explicit CredentialBook(std::vector<PublicKey> trusted_roots = {});

    bool enforcing() const { return !roots_.empty(); }
    bool is_root(const PublicKey& key) const { return roots_.count(key) > 0; }

    // The authorisation verdict for a verified, well-formed message: nothing when allowed.
    std::optional<Reject> judge(const DecodedMessage& message) const;

    // Remembers a stored credential or revocation (others are ignored). Returns the subject
    // whose standing changed, so the caller can re-check what waits for it or withdraw what
    // it posted.
    std::optional<PublicKey> learn(const DecodedMessage& message);

    // Every credential and revocation in the store (at start-up).
    void load(const Store& store);

    // Whom restricted content about `municipality` is sealed to (trust/sealed_content.h): the
    // region staff and that municipality's staff with a credential known here and not
    // revoked, region staff first, then by key; at most `max`.
    std::vector<PublicKey> sealing_recipients(const std::string& municipality,
                                              std::size_t max) const;

    // Every revoked key and since when.
    const std::map<PublicKey, std::int64_t>& revocations() const { return revoked_since_; }

    // When `subject`'s key was compromised, if it was revoked.
    std::optional<std::int64_t> revoked_since(const PublicKey& subject) const;
    std::size_t credential_count() const;

    // Every credential known for `subject` (in the order they arrived), valid or not; empty
    // when none. For showing a node its own role (the web UI), not for authorisation.
    const std::vector<v1::Credential>& credentials_of(const PublicKey& subject) const {
        static const std::vector<v1::Credential> kNone;
        auto found = credentials_.find(subject);
        return found == credentials_.end() ? kNone : found->second;
    }

  private:
    std::optional<Reject> judge_issuer(const DecodedMessage& message) const;

    std::set<PublicKey> roots_;
    std::map<PublicKey, std::vector<v1::Credential>> credentials_;  // by subject
    std::map<PublicKey, std::int64_t> revoked_since_;               // earliest, by subject
};

}  // namespace baken::trust
