// Which messages may use a radio interface: its kinds and precedences, and lawful mode.
//
// LAWFUL MODE (amateur bands): content may be signed but never encrypted, so a message that
// carries sealed content (Sitrep.restricted, Need.restricted) is never sent, whatever else the
// config allows; it cannot be stripped, because the signature covers it. The callsign in every
// frame is the framing's job (radio_framing.h).
//
// The trust chain always travels: credentials and revocations are allowed on every interface
// regardless of the kinds and precedences configured, because without them a receiver can
// accept nothing (and a revocation must outrun the messages of a stolen key).
#pragma once

#include <cstdint>
#include <vector>

#include "baken/v1/message.pb.h"
#include "crypto/keys.h"
#include "message/decoded_message.h"
#include "message/kind.h"
#include "radio/link/link_frame.h"

namespace baken::radio {

// What the link needs to know about a held message, without its bytes.
struct HeldMessage {
    MessageId id{};
    Kind kind = Kind::KIND_NOT_SET;
    v1::Precedence precedence = v1::PRECEDENCE_UNSPECIFIED;
    bool sealed = false;  // carries sealed (encrypted) content
    std::int64_t created_ms = 0;
    std::int64_t expires_ms = 0;
    std::uint32_t size = 0;  // envelope bytes
};

HeldMessage describe_held(const DecodedMessage& message);

// Every kind and precedence allowed: the masks of an interface configured with [] and [].
PolicyMasks allow_everything(bool lawful);
PolicyMasks make_policy(const std::vector<Kind>& kinds,
                        const std::vector<v1::Precedence>& precedences, bool lawful);

// True when `policy` lets the message onto the link.
bool allows(const PolicyMasks& policy, const HeldMessage& message);

// Lower goes first: revocations, then by precedence; at the same precedence credentials come
// before what they make acceptable; then older before newer.
struct SendOrder {
    int group = 0;
    int precedence = 0;
    int trust = 0;
    std::int64_t created_ms = 0;
    auto operator<=>(const SendOrder&) const = default;
};
SendOrder send_order(const HeldMessage& message);

}  // namespace baken::radio
