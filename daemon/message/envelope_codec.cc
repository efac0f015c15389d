// See envelope_codec.h.
#include "message/envelope_codec.h"

#include <google/protobuf/io/coded_stream.h>
#include <sodium.h>

#include <algorithm>
#include <cstring>

#include "message/limits.h"

namespace baken {
namespace {

bool parse_bounded(google::protobuf::Message& out, ByteView bytes) {
    google::protobuf::io::CodedInputStream in(bytes.data(), static_cast<int>(bytes.size()));
    in.SetRecursionLimit(limits::kMaxNestingDepth);
    in.SetTotalBytesLimit(static_cast<int>(limits::kMaxEnvelopeBytes));
    return out.ParseFromCodedStream(&in) && in.ConsumedEntireMessage();
}

}  // namespace

Result<DecodedMessage, Reject> decode_envelope(ByteView bytes) {
    if (bytes.size() > limits::kMaxEnvelopeBytes) {
        return fail(Reject{RejectCode::oversized, std::to_string(bytes.size()) +
                                                      " bytes, the limit is " +
                                                      std::to_string(limits::kMaxEnvelopeBytes)});
    }
    if (bytes.empty()) return fail(Reject{RejectCode::malformed, "empty envelope"});
    DecodedMessage decoded;
    if (!parse_bounded(decoded.envelope, bytes)) {
        return fail(Reject{RejectCode::malformed, "not a Baken envelope"});
    }
    const std::string& signed_bytes = decoded.envelope.signed_();
    if (signed_bytes.empty())
        return fail(Reject{RejectCode::malformed, "envelope has no signed message"});
    if (!parse_bounded(decoded.message, as_bytes(signed_bytes))) {
        return fail(
            Reject{RejectCode::malformed,
                   "signed bytes are not a Baken message (broken protobuf, text that is not "
                   "UTF-8, or nesting deeper than " +
                       std::to_string(limits::kMaxNestingDepth) + " levels)"});
    }
    decoded.envelope_bytes.assign(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    decoded.id = message_id_of(as_bytes(signed_bytes));
    return decoded;
}

bool signature_matches(const PublicKey& author, ByteView signed_bytes, ByteView signature) {
    if (signature.size() != kSignatureSize) return false;
    // Reused per thread: verification is the hot path of ingest and this avoids an allocation.
    thread_local std::string buffer;
    buffer.assign(kMessageSignaturePrefix);
    buffer.append(as_chars(signed_bytes));
    return crypto_sign_verify_detached(signature.data(),
                                       reinterpret_cast<const std::uint8_t*>(buffer.data()),
                                       buffer.size(), author.data()) == 0;
}

DecodedMessage sign_message(const Identity& author, v1::Message message) {
    const PublicKey& key = author.public_key();
    message.set_author(key.data(), key.size());
    std::string signed_bytes = message.SerializeAsString();
    std::string to_sign(kMessageSignaturePrefix);
    to_sign += signed_bytes;
    Signature sig = author.sign(as_bytes(to_sign));

    DecodedMessage out;
    out.envelope.set_signed_(signed_bytes);
    out.envelope.set_signature(sig.data(), sig.size());
    out.envelope.set_author(key.data(), key.size());
    out.envelope_bytes = out.envelope.SerializeAsString();
    out.id = message_id_of(as_bytes(signed_bytes));
    out.message = std::move(message);
    return out;
}

}  // namespace baken
