// See link_policy.h.
#include "radio/link/link_policy.h"

namespace baken::radio {
namespace {

constexpr std::uint32_t kAllKinds = 0x1FE;      // kind cases 1..8
constexpr std::uint8_t kAllPrecedences = 0x1E;  // precedences 1..4

bool is_trust(Kind kind) {
    return kind == Kind::kCredential || kind == Kind::kRevocation;
}

bool has_sealed(const v1::Message& m) {
    const v1::Body& body = m.body();
    if (body.has_sitrep()) return body.sitrep().has_restricted();
    if (body.has_need()) return body.need().has_restricted();
    return false;
}

}  // namespace

HeldMessage describe_held(const DecodedMessage& decoded) {
    const v1::Message& m = decoded.message;
    HeldMessage held;
    held.id = decoded.id;
    held.kind = m.body().kind_case();
    held.precedence = m.precedence();
    held.sealed = has_sealed(m);
    held.created_ms = m.created_ms();
    held.expires_ms = m.expires_ms();
    held.size = static_cast<std::uint32_t>(decoded.envelope_bytes.size());
    return held;
}

PolicyMasks allow_everything(bool lawful) {
    return {kAllKinds, kAllPrecedences, lawful};
}

PolicyMasks make_policy(const std::vector<Kind>& kinds,
                        const std::vector<v1::Precedence>& precedences, bool lawful) {
    PolicyMasks policy = allow_everything(lawful);
    if (!kinds.empty()) {
        policy.kinds = 0;
        for (Kind k : kinds) policy.kinds |= 1u << static_cast<int>(k);
    }
    if (!precedences.empty()) {
        policy.precedences = 0;
        for (v1::Precedence p : precedences)
            policy.precedences |= static_cast<std::uint8_t>(1u << static_cast<int>(p));
    }
    return policy;
}

bool allows(const PolicyMasks& policy, const HeldMessage& m) {
    if (policy.lawful && m.sealed) return false;
    if (is_trust(m.kind)) return true;
    int kind = static_cast<int>(m.kind);
    int precedence = static_cast<int>(m.precedence);
    if (kind < 1 || kind > 31 || (policy.kinds & (1u << kind)) == 0) return false;
    return precedence >= 1 && precedence <= 4 && (policy.precedences & (1u << precedence)) != 0;
}

SendOrder send_order(const HeldMessage& m) {
    return {m.kind == Kind::kRevocation ? 0 : 1, precedence_rank(m.precedence),
            m.kind == Kind::kCredential ? 0 : 1, m.created_ms};
}

}  // namespace baken::radio
