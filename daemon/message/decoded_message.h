// A message that has been decoded from untrusted bytes. Holding one says nothing about
// validity: only ValidationPath::check() makes that claim.
#pragma once

#include <string>

#include "baken/v1/message.pb.h"
#include "crypto/keys.h"

namespace baken {

struct DecodedMessage {
    std::string envelope_bytes;  // exactly as received; stored and forwarded verbatim
    v1::Envelope envelope;
    v1::Message message;  // parsed from envelope.signed()
    MessageId id{};       // BLAKE2b-256 of envelope.signed()
};

}  // namespace baken
