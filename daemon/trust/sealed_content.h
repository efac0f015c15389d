// Restricted content — names, addresses, medical notes of residents — sealed so that only the
// region and the municipality it concerns can read it (the VNG guide, measure 1.6). Everyone
// else, relays included, sees only that sealed content exists and for how many recipients.
//
//   content key  32 random bytes, fresh per message
//   ciphertext   XChaCha20-Poly1305 (IETF) of the text under the content key, random nonce;
//                the message's author key is the associated data, so a sealed part cannot be
//                lifted into another author's message
//   recipients   per recipient: its X25519 key and crypto_box_seal(content key) to it
//
// A recipient's X25519 key is its node key (Ed25519) converted (crypto_sign_ed25519_pk_to_
// curve25519): nodes need no second key, and whoever holds a credential can be sealed to.
// Which nodes: CredentialBook::sealing_recipients() — the region staff and the municipality's
// staff known from their credentials.
//
// The clear text exists only in the request that brings it to the node and in memory while it
// is sealed; it is never written to the store, logs, sync or exports.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "baken/v1/message.pb.h"
#include "common/result.h"
#include "crypto/identity.h"

namespace baken::trust {

// Errors: no recipient, more than limits::kMaxSealedRecipients, text beyond kMaxSealedBytes,
// a recipient key that is not a valid Ed25519 point.
Result<v1::Sealed, std::string> seal(std::string_view text, std::span<const PublicKey> recipients,
                                     const PublicKey& author);

// The text, when `me` is a recipient and nothing was altered; nullopt otherwise.
std::optional<std::string> open_sealed(const v1::Sealed& sealed, const Identity& me,
                                       const PublicKey& author);

}  // namespace baken::trust
