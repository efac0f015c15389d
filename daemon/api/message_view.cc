// See message_view.h.
#include "api/message_view.h"

#include <sodium.h>

#include "message/envelope_codec.h"
#include "message/kind.h"

namespace baken {
namespace {

std::string base64(const std::string& bytes) {
    constexpr int kVariant = sodium_base64_VARIANT_ORIGINAL;  // what protobuf's JSON uses too
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                      bytes.size(), kVariant);
    out.pop_back();  // the terminating NUL
    return out;
}

}  // namespace

Result<v1::MessageView, Reject> message_view(const StoredMessage& stored, EnvelopeInView envelope) {
    auto decoded = decode_and_verify(as_bytes(stored.envelope_bytes));
    if (!decoded) return fail(decoded.error());
    if (decoded->id != stored.id) {
        return fail(Reject{RejectCode::storage_error, "stored under id " + to_hex(stored.id) +
                                                          " but its content has id " +
                                                          to_hex(decoded->id)});
    }
    const v1::Message& m = decoded->message;
    v1::MessageView view;
    view.set_id(to_hex(decoded->id));
    view.set_author(to_hex(as_bytes(m.author())));
    if (m.author().size() == kPublicKeySize) {
        PublicKey key;
        std::copy(m.author().begin(), m.author().end(), key.begin());
        view.set_author_fingerprint(fingerprint(key));
    }
    view.set_kind(std::string(kind_name(m.body().kind_case())));
    view.set_precedence(m.precedence());
    view.set_created_ms(m.created_ms());
    view.set_expires_ms(m.expires_ms());
    view.set_received_ms(stored.received_ms);
    *view.mutable_message() = m;
    if (envelope == EnvelopeInView::include) view.set_envelope(base64(stored.envelope_bytes));
    return view;
}

}  // namespace baken
