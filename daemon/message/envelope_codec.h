// Turns untrusted bytes into a DecodedMessage, and a Message into signed envelope bytes.
//
// decode_envelope() never throws and never aborts. It enforces the size limit before parsing
// and the nesting limit while parsing. It checks no signature: that is the validation path's job.
#pragma once

#include <string>

#include "common/result.h"
#include "crypto/identity.h"
#include "message/decoded_message.h"
#include "message/reject.h"

namespace baken {

// Errors: oversized (before any parsing), malformed (not an Envelope, or its `signed` field
// is not a Message, or nesting is deeper than limits::kMaxNestingDepth).
Result<DecodedMessage, Reject> decode_envelope(ByteView bytes);

// decode_envelope(), then the author key's size and the signature over the signed bytes:
// everything that can be known about a message without a clock. Used by the validation path
// and whenever stored bytes are read back for a person or a peer (disk damage shows up as
// bad_signature). Errors: those of decode_envelope, bad_author_key, bad_signature.
Result<DecodedMessage, Reject> decode_and_verify(ByteView bytes);

// The bytes an Ed25519 signature covers: a domain prefix, then the signed Message bytes.
// The prefix keeps a message signature from ever being valid for anything else we sign.
inline constexpr std::string_view kMessageSignaturePrefix = "baken/v1/message\n";
bool signature_matches(const PublicKey& author, ByteView signed_bytes, ByteView signature);

// Sets message.author to the identity's key, serializes and signs. The result decodes with
// decode_envelope(); whether it validates depends on the message's content.
DecodedMessage sign_message(const Identity& author, v1::Message message);

}  // namespace baken
