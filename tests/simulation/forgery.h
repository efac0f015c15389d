// What an adversary inside the mesh tries to get other nodes to accept. The adversary is a
// node that completes the handshake (nothing authorises peers yet) and then plants these in
// its own store, bypassing validation, so the real sync protocol offers and pushes them.
// Every one of them must be refused by every honest node, every time.
#pragma once

#include <cstdint>
#include <string_view>

#include "crypto/identity.h"
#include "message/decoded_message.h"
#include "simulation/sim_random.h"

namespace baken::sim {

enum class Forgery {
    bad_signature,      // the adversary's own message with a damaged signature
    tampered,           // a genuine message of another node with one changed byte
    claims_other,       // says another node wrote it; signed by the adversary
    mismatched_author,  // envelope author differs from the signed author
    expired,            // properly signed, but expired before it was ever sent
    far_future,         // properly signed, created a month ahead of every clock
    missing_field,      // properly signed sitrep without a municipality
};
inline constexpr int kForgeryKinds = 7;

std::string_view forgery_name(Forgery kind);

// A forged message, decoded as the adversary's store needs it (id = hash of its signed bytes).
// `victim` is whoever the forgery impersonates or whose message it alters.
DecodedMessage forge(Forgery kind, const Identity& adversary, const Identity& victim,
                     std::uint64_t serial, std::int64_t now_ms, SimRandom& random);

}  // namespace baken::sim
