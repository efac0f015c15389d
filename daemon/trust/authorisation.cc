// See authorisation.h.
#include "trust/authorisation.h"

#include <cctype>
#include <string>

#include "message/kind.h"

namespace baken::trust {

namespace {

bool digits(std::string_view text) {
    for (char c : text) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    return !text.empty();
}

// The table of authorisation.h: may `role` post `kind` at all?
bool role_may_post(v1::Role role, Kind kind) {
    switch (role) {
        case v1::REGION_STAFF:
            return kind != v1::Body::kCredential && kind != v1::Body::kRevocation;
        case v1::MUNICIPAL_STAFF:
            return kind == v1::Body::kSitrep || kind == v1::Body::kNeedUpdate ||
                   kind == v1::Body::kAnnouncement || kind == v1::Body::kNodeInfo;
        case v1::SUPPORT_POINT_OPERATOR:
            return kind == v1::Body::kSupportPointStatus || kind == v1::Body::kNeed ||
                   kind == v1::Body::kNodeInfo;
        default:  // relay-only posts nothing; unspecified is never valid
            return false;
    }
}

// The municipality or support point a message speaks for; empty when the kind has none.
std::string_view target_of(const v1::Message& message) {
    const v1::Body& body = message.body();
    switch (body.kind_case()) {
        case v1::Body::kSitrep:
            return body.sitrep().municipality();
        case v1::Body::kSupportPointStatus:
            return body.support_point_status().support_point();
        case v1::Body::kNeed:
            return body.need().support_point();
        case v1::Body::kNeedUpdate:
            return body.need_update().municipality();
        case v1::Body::kAnnouncement:
            return body.announcement().audience_area();
        default:
            return {};
    }
}

// Whether a municipality's code covers `target`: itself, or one of its support points.
bool municipality_covers(std::string_view municipality, std::string_view target) {
    if (target == municipality) return true;
    return target.size() > municipality.size() + 1 &&
           target.substr(0, municipality.size()) == municipality &&
           target[municipality.size()] == '-';
}

}  // namespace

std::string_view role_name(v1::Role role) {
    switch (role) {
        case v1::REGION_STAFF:
            return "region-staff";
        case v1::MUNICIPAL_STAFF:
            return "municipal-staff";
        case v1::SUPPORT_POINT_OPERATOR:
            return "support-point-operator";
        case v1::RELAY_ONLY:
            return "relay-only";
        default:
            return "unspecified";
    }
}

std::optional<v1::Role> role_from_name(std::string_view name) {
    for (v1::Role role :
         {v1::REGION_STAFF, v1::MUNICIPAL_STAFF, v1::SUPPORT_POINT_OPERATOR, v1::RELAY_ONLY}) {
        if (role_name(role) == name) return role;
    }
    return std::nullopt;
}

ScopeLevel scope_level(std::string_view scope) {
    if (scope.size() == 4 && scope.substr(0, 2) == "VR" && digits(scope.substr(2))) {
        return ScopeLevel::region;
    }
    if (scope.size() < 6 || scope.substr(0, 2) != "GM" || !digits(scope.substr(2, 4))) {
        return ScopeLevel::invalid;
    }
    if (scope.size() == 6) return ScopeLevel::municipality;
    return scope[6] == '-' && scope.size() > 7 ? ScopeLevel::support_point : ScopeLevel::invalid;
}

ScopeLevel scope_level_for(v1::Role role) {
    switch (role) {
        case v1::REGION_STAFF:
        case v1::RELAY_ONLY:
            return ScopeLevel::region;
        case v1::MUNICIPAL_STAFF:
            return ScopeLevel::municipality;
        case v1::SUPPORT_POINT_OPERATOR:
            return ScopeLevel::support_point;
        default:
            return ScopeLevel::invalid;
    }
}

std::optional<Reject> authorise(const v1::Message& message, const v1::Credential& credential) {
    Kind kind = message.body().kind_case();
    if (!role_may_post(credential.role(), kind)) {
        return Reject{RejectCode::wrong_role, std::string(role_name(credential.role())) +
                                                  " may not post " + std::string(kind_name(kind))};
    }
    std::string_view target = target_of(message);
    if (target.empty() || credential.role() == v1::REGION_STAFF) return std::nullopt;
    const std::string& scope = credential.scope();
    bool covered = credential.role() == v1::SUPPORT_POINT_OPERATOR
                       ? target == scope
                       : municipality_covers(scope, target);
    if (covered) return std::nullopt;
    return Reject{RejectCode::wrong_scope,
                  "credential for " + scope + " does not cover " + std::string(target)};
}

}  // namespace baken::trust
