// See forgery.h.
#include "simulation/forgery.h"

#include "message/envelope_codec.h"
#include "support/sample_messages.h"

namespace baken::sim {

namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

v1::Message sitrep(std::uint64_t serial, std::int64_t created_ms) {
    auto body = testing::sample_sitrep_body("Vals bericht " + std::to_string(serial));
    return testing::sample_message(std::move(body), v1::FLASH, created_ms);
}

// An envelope around `signed_bytes` exactly as given; the decoded fields match the bytes.
DecodedMessage assemble(const std::string& signed_bytes, ByteView signature,
                        const PublicKey& author) {
    DecodedMessage out;
    out.envelope.set_signed_(signed_bytes);
    out.envelope.set_signature(signature.data(), signature.size());
    out.envelope.set_author(author.data(), author.size());
    out.envelope_bytes = out.envelope.SerializeAsString();
    out.message.ParseFromString(signed_bytes);
    out.id = message_id_of(as_bytes(signed_bytes));
    return out;
}

Signature sign_as(const Identity& signer, const std::string& signed_bytes) {
    std::string to_sign(kMessageSignaturePrefix);
    to_sign += signed_bytes;
    return signer.sign(as_bytes(to_sign));
}

}  // namespace

std::string_view forgery_name(Forgery kind) {
    switch (kind) {
        case Forgery::bad_signature:
            return "bad_signature";
        case Forgery::tampered:
            return "tampered";
        case Forgery::claims_other:
            return "claims_other";
        case Forgery::mismatched_author:
            return "mismatched_author";
        case Forgery::expired:
            return "expired";
        case Forgery::far_future:
            return "far_future";
        case Forgery::missing_field:
            return "missing_field";
    }
    return "?";
}

DecodedMessage forge(Forgery kind, const Identity& adversary, const Identity& victim,
                     std::uint64_t serial, std::int64_t now_ms, SimRandom& random) {
    switch (kind) {
        case Forgery::bad_signature: {
            DecodedMessage m = sign_message(adversary, sitrep(serial, now_ms));
            std::string sig = m.envelope.signature();
            sig[random.below(sig.size())] ^= 0x01;
            return assemble(m.envelope.signed_(), as_bytes(sig), adversary.public_key());
        }
        case Forgery::tampered: {
            DecodedMessage genuine = sign_message(victim, sitrep(serial, now_ms));
            std::string changed = genuine.envelope.signed_();
            // A letter of the text: the bytes still parse, only the signature can tell.
            std::size_t text = changed.find("Vals bericht");
            changed[text + random.below(4)] ^= 0x20;
            return assemble(changed, as_bytes(genuine.envelope.signature()), victim.public_key());
        }
        case Forgery::claims_other: {
            v1::Message m = sitrep(serial, now_ms);
            m.set_author(victim.public_key().data(), victim.public_key().size());
            std::string bytes = m.SerializeAsString();
            Signature sig = sign_as(adversary, bytes);
            return assemble(bytes, sig, victim.public_key());
        }
        case Forgery::mismatched_author: {
            DecodedMessage m = sign_message(adversary, sitrep(serial, now_ms));
            return assemble(m.envelope.signed_(), as_bytes(m.envelope.signature()),
                            victim.public_key());
        }
        case Forgery::expired: {
            v1::Message m = sitrep(serial, now_ms - 2 * kDayMs);
            m.set_expires_ms(now_ms - kDayMs);
            return sign_message(adversary, std::move(m));
        }
        case Forgery::far_future: {
            return sign_message(adversary, sitrep(serial, now_ms + 30 * kDayMs));
        }
        case Forgery::missing_field: {
            v1::Message m = sitrep(serial, now_ms);
            m.mutable_body()->mutable_sitrep()->clear_municipality();
            return sign_message(adversary, std::move(m));
        }
    }
    return sign_message(adversary, sitrep(serial, now_ms));
}

}  // namespace baken::sim
