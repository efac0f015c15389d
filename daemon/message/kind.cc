// Names for kinds and precedences.
#include "message/kind.h"

#include <array>
#include <utility>

namespace baken {
namespace {

constexpr std::array<std::pair<Kind, std::string_view>, 8> kKinds{{
    {v1::Body::kSitrep, "sitrep"},
    {v1::Body::kSupportPointStatus, "support_point_status"},
    {v1::Body::kNeed, "need"},
    {v1::Body::kNeedUpdate, "need_update"},
    {v1::Body::kAnnouncement, "announcement"},
    {v1::Body::kNodeInfo, "node_info"},
    {v1::Body::kCredential, "credential"},
    {v1::Body::kRevocation, "revocation"},
}};

constexpr std::array<std::pair<v1::Precedence, std::string_view>, 4> kPrecedences{{
    {v1::FLASH, "flash"},
    {v1::IMMEDIATE, "immediate"},
    {v1::PRIORITY, "priority"},
    {v1::ROUTINE, "routine"},
}};

}  // namespace

std::string_view kind_name(Kind kind) {
    for (auto& [k, name] : kKinds) {
        if (k == kind) return name;
    }
    return "unknown";
}

std::optional<Kind> kind_from_name(std::string_view name) {
    if (name == "status") return v1::Body::kSupportPointStatus;
    if (name == "need-update") return v1::Body::kNeedUpdate;
    for (auto& [k, n] : kKinds) {
        if (n == name) return k;
    }
    return std::nullopt;
}

int precedence_rank(v1::Precedence precedence) {
    if (precedence >= v1::FLASH && precedence <= v1::ROUTINE) return precedence;
    return 9;
}

std::string_view precedence_name(v1::Precedence precedence) {
    for (auto& [p, name] : kPrecedences) {
        if (p == precedence) return name;
    }
    return "unspecified";
}

std::optional<v1::Precedence> precedence_from_name(std::string_view name) {
    for (auto& [p, n] : kPrecedences) {
        if (n == name) return p;
    }
    return std::nullopt;
}

}  // namespace baken
