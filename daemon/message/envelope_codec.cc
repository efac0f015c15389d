// See envelope_codec.h.
#include "message/envelope_codec.h"

#include <google/protobuf/io/coded_stream.h>
#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <optional>

#include "message/limits.h"

namespace baken {
namespace {

bool parse_bounded(google::protobuf::Message& out, ByteView bytes) {
    google::protobuf::io::CodedInputStream in(bytes.data(), static_cast<int>(bytes.size()));
    in.SetRecursionLimit(limits::kMaxNestingDepth);
    in.SetTotalBytesLimit(static_cast<int>(limits::kMaxEnvelopeBytes));
    return out.ParseFromCodedStream(&in) && in.ConsumedEntireMessage();
}

// The envelope only: size, framing, a non-empty signed part. Fills envelope_bytes and id.
std::optional<Reject> parse_envelope(ByteView bytes, DecodedMessage& out) {
    if (bytes.size() > limits::kMaxEnvelopeBytes) {
        return Reject{RejectCode::oversized, std::to_string(bytes.size()) +
                                                 " bytes, the limit is " +
                                                 std::to_string(limits::kMaxEnvelopeBytes)};
    }
    if (bytes.empty()) return Reject{RejectCode::malformed, "empty envelope"};
    if (!parse_bounded(out.envelope, bytes))
        return Reject{RejectCode::malformed, "not a Baken envelope"};
    const std::string& signed_bytes = out.envelope.signed_();
    if (signed_bytes.empty())
        return Reject{RejectCode::malformed, "envelope has no signed message"};
    out.envelope_bytes.assign(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    out.id = message_id_of(as_bytes(signed_bytes));
    return std::nullopt;
}

std::optional<Reject> parse_signed_message(DecodedMessage& out) {
    if (parse_bounded(out.message, as_bytes(out.envelope.signed_()))) return std::nullopt;
    return Reject{RejectCode::malformed,
                  "signed bytes are not a Baken message (broken protobuf, text that is not "
                  "UTF-8, or nesting deeper than " +
                      std::to_string(limits::kMaxNestingDepth) + " levels)"};
}

std::optional<Reject> verify_signature(const v1::Envelope& envelope) {
    if (envelope.author().size() != kPublicKeySize) {
        return Reject{RejectCode::bad_author_key, "envelope author must be a 32-byte Ed25519 key"};
    }
    PublicKey author;
    std::copy(envelope.author().begin(), envelope.author().end(), author.begin());
    if (!signature_matches(author, as_bytes(envelope.signed_()), as_bytes(envelope.signature()))) {
        return Reject{RejectCode::bad_signature, "signature does not match the author's key"};
    }
    return std::nullopt;
}

}  // namespace

Result<DecodedMessage, Reject> decode_envelope(ByteView bytes) {
    DecodedMessage decoded;
    if (auto reject = parse_envelope(bytes, decoded)) return fail(std::move(*reject));
    if (auto reject = parse_signed_message(decoded)) return fail(std::move(*reject));
    return decoded;
}

Result<DecodedMessage, Reject> decode_and_verify(ByteView bytes) {
    DecodedMessage decoded;
    if (auto reject = parse_envelope(bytes, decoded)) return fail(std::move(*reject));
    // The signature is checked over the raw bytes before anything parses the content.
    if (auto reject = verify_signature(decoded.envelope)) return fail(std::move(*reject));
    if (auto reject = parse_signed_message(decoded)) return fail(std::move(*reject));
    if (decoded.message.author() != decoded.envelope.author()) {
        return fail(
            Reject{RejectCode::bad_author_key, "envelope author differs from the signed author"});
    }
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
