// Who may say what: the rules of authorisation, as one table (kind x role) and one scope rule
// per kind. Pure functions of the message and the author's credential, so every node decides
// the same, offline.
//
//   kind              region-staff  municipal-staff  support-point-operator  relay-only
//   sitrep            yes           own municipality  -                       -
//   status            yes           -                own point               -
//   need              yes           -                own point               -
//   need update       yes           own municipality  -                       -
//   announcement      yes           own municipality  -                       -
//   node info         yes           yes              yes                     -
//   credential        only a trusted region root signs these (credential_book.h)
//   revocation        only a trusted region root signs these
//
// Scopes: a region "VRnn", a municipality "GMnnnn" (CBS code), a support point
// "GMnnnn-<name>" (its municipality's code, a dash, a local name). "Own municipality" means
// the message's municipality (for an announcement: its audience area) is the credential's
// municipality or one of its support points. A region staff credential covers whatever its
// root's region covers; the node does not hold a table of which municipality lies in which
// region, so a root is trusted for the whole of what it signs (docs/trust.md).
#pragma once

#include <optional>
#include <string_view>

#include "baken/v1/message.pb.h"
#include "message/reject.h"

namespace baken::trust {

enum class ScopeLevel { region, municipality, support_point, invalid };

// "region-staff", "municipal-staff", "support-point-operator", "relay-only".
std::string_view role_name(v1::Role role);
std::optional<v1::Role> role_from_name(std::string_view name);

// "VR09" -> region, "GM0344" -> municipality, "GM0344-SP07" -> support point.
ScopeLevel scope_level(std::string_view scope);

// The scope level a role's credential must have: region staff a region, and so on.
ScopeLevel scope_level_for(v1::Role role);

// Whether `credential` allows its subject to post `message` (the kind and the scope), or the
// reason it does not (wrong_role, wrong_scope). The caller has checked the credential's
// issuer, validity window and revocation.
std::optional<Reject> authorise(const v1::Message& message, const v1::Credential& credential);

}  // namespace baken::trust
