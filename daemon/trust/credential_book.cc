// See credential_book.h.
#include "trust/credential_book.h"

#include <algorithm>
#include <limits>
#include <string>

#include "message/envelope_codec.h"
#include "store/store.h"
#include "trust/authorisation.h"
#include "trust/credential_issue.h"

namespace baken::trust {

namespace {

PublicKey key_of(const std::string& bytes) {
    PublicKey key{};
    std::copy_n(bytes.begin(), std::min(bytes.size(), key.size()), key.begin());
    return key;
}

bool is_trust_kind(const v1::Message& m) {
    auto kind = m.body().kind_case();
    return kind == v1::Body::kCredential || kind == v1::Body::kRevocation;
}

}  // namespace

CredentialBook::CredentialBook(std::vector<PublicKey> trusted_roots)
    : roots_(trusted_roots.begin(), trusted_roots.end()) {}

std::optional<Reject> CredentialBook::judge_issuer(const DecodedMessage& message) const {
    const v1::Message& m = message.message;
    if (!is_root(key_of(m.author()))) {
        return Reject{RejectCode::untrusted_issuer,
                      "signed by " + fingerprint(key_of(m.author())) +
                          ", which is not a trusted region root of this node"};
    }
    if (m.body().has_credential()) {
        const v1::Credential& c = m.body().credential();
        // Bounded around its signing, so the credential message (kept 90 days) outlives the
        // window it opens; a day of slack either way for clocks.
        constexpr std::int64_t kSlackMs = 24LL * 3600 * 1000;
        if (c.valid_from_ms() < m.created_ms() - kSlackMs ||
            c.valid_until_ms() > m.created_ms() + kMaxValidityMs + kSlackMs) {
            return Reject{RejectCode::invalid_field,
                          "a credential's window starts at most a day before it is signed and "
                          "lasts at most 30 days"};
        }
        if (scope_level(c.scope()) != scope_level_for(c.role())) {
            return Reject{RejectCode::invalid_field, "credential.scope \"" + c.scope() +
                                                         "\" does not fit the role " +
                                                         std::string(role_name(c.role()))};
        }
    }
    return std::nullopt;
}

std::optional<Reject> CredentialBook::judge(const DecodedMessage& message) const {
    if (!enforcing()) return std::nullopt;
    const v1::Message& m = message.message;
    if (is_trust_kind(m)) return judge_issuer(message);
    PublicKey author = key_of(m.author());
    if (is_root(author)) {
        return Reject{RejectCode::wrong_role,
                      "a region root signs credentials and revocations, nothing else"};
    }
    if (auto since = revoked_since(author); since && m.created_ms() >= *since) {
        return Reject{RejectCode::revoked, "the key " + fingerprint(author) + " is revoked from " +
                                               std::to_string(*since)};
    }
    auto found = credentials_.find(author);
    if (found == credentials_.end()) {
        return Reject{RejectCode::unknown_author,
                      "no credential for " + fingerprint(author) + " has arrived yet"};
    }
    // The most telling reason when no credential allows it: one that covers the time and
    // refuses the kind or scope, else the nearest miss in time.
    std::optional<Reject> refusal;
    for (const v1::Credential& c : found->second) {
        if (m.created_ms() < c.valid_from_ms()) {
            if (!refusal)
                refusal = Reject{RejectCode::credential_not_yet_valid,
                                 "created before the credential begins"};
            continue;
        }
        if (m.created_ms() >= c.valid_until_ms()) {
            if (!refusal || refusal->code == RejectCode::credential_not_yet_valid) {
                refusal =
                    Reject{RejectCode::credential_expired, "created after the credential ended"};
            }
            continue;
        }
        auto denied = authorise(m, c);
        if (!denied) return std::nullopt;
        refusal = std::move(denied);
    }
    return refusal;
}

std::optional<PublicKey> CredentialBook::learn(const DecodedMessage& message) {
    const v1::Message& m = message.message;
    if (!is_trust_kind(m) || judge_issuer(message)) return std::nullopt;
    if (m.body().has_credential()) {
        const v1::Credential& c = m.body().credential();
        PublicKey subject = key_of(c.subject());
        credentials_[subject].push_back(c);
        return subject;
    }
    const v1::Revocation& r = m.body().revocation();
    PublicKey subject = key_of(r.subject());
    auto [it, inserted] = revoked_since_.emplace(subject, r.compromised_since_ms());
    if (!inserted) it->second = std::min(it->second, r.compromised_since_ms());
    return subject;
}

void CredentialBook::load(const Store& store) {
    for (auto kind : {v1::Body::kCredential, v1::Body::kRevocation}) {
        StoreQuery query;
        query.kind = kind;
        query.include_expired = true;
        query.limit = std::numeric_limits<std::size_t>::max();
        for (const StoredMessage& stored : store.list(query)) {
            auto decoded = decode_envelope(as_bytes(stored.envelope_bytes));
            if (decoded) learn(*decoded);
        }
    }
}

std::vector<PublicKey> CredentialBook::sealing_recipients(const std::string& municipality,
                                                          std::size_t max) const {
    std::vector<PublicKey> region, local;
    for (const auto& [subject, list] : credentials_) {  // a std::map: in key order
        if (revoked_since(subject)) continue;
        bool region_staff = false, municipal = false;
        for (const v1::Credential& c : list) {
            region_staff = region_staff || c.role() == v1::REGION_STAFF;
            municipal = municipal || (c.role() == v1::MUNICIPAL_STAFF && c.scope() == municipality);
        }
        if (region_staff) {
            region.push_back(subject);
        } else if (municipal) {
            local.push_back(subject);
        }
    }
    region.insert(region.end(), local.begin(), local.end());
    if (region.size() > max) region.resize(max);
    return region;
}

std::optional<std::int64_t> CredentialBook::revoked_since(const PublicKey& subject) const {
    auto found = revoked_since_.find(subject);
    if (found == revoked_since_.end()) return std::nullopt;
    return found->second;
}

std::size_t CredentialBook::credential_count() const {
    std::size_t n = 0;
    for (const auto& [subject, list] : credentials_) n += list.size();
    return n;
}

}  // namespace baken::trust
