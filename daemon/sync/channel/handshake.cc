// See handshake.h; the format is in handshake_wire.h.
//
// One handler per message, each first checking that the state expects it. Secrets (the
// ephemeral secret, the crypto_kx keys, the handshake box key) are wiped as soon as the
// handshake completes or fails; only the data keys stay, for keys().
#include "sync/channel/handshake.h"

#include <sodium.h>

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <limits>

namespace baken::channel {
namespace {

using wire::MessageKind;

std::string hex_byte(std::uint8_t b) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%02x", b);
    return text;
}

// The version byte as a person would read it in "BAKEN-SYNC/<v>".
std::string version_text(std::uint8_t v) {
    if (v >= 0x21 && v <= 0x7e) return std::string(1, static_cast<char>(v));
    return hex_byte(v);
}

std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
    std::int64_t sum = 0;
    if (__builtin_add_overflow(a, b, &sum))
        return b > 0 ? std::numeric_limits<std::int64_t>::max()
                     : std::numeric_limits<std::int64_t>::min();
    return sum;
}

template <std::size_t N>
void wipe_array(std::array<std::uint8_t, N>& a) {
    sodium_memzero(a.data(), a.size());
}

template <std::size_t N>
std::array<std::uint8_t, N> copy_array(ByteView from) {
    // REQUIRES: from.size() >= N (the caller checked the message length).
    assert(from.size() >= N);
    std::array<std::uint8_t, N> out;
    std::copy_n(from.begin(), N, out.begin());
    return out;
}

}  // namespace

std::string_view handshake_error_name(HandshakeErrorCode code) {
    switch (code) {
        case HandshakeErrorCode::bad_magic:
            return "bad_magic";
        case HandshakeErrorCode::unsupported_version:
            return "unsupported_version";
        case HandshakeErrorCode::malformed:
            return "malformed";
        case HandshakeErrorCode::decryption_failed:
            return "decryption_failed";
        case HandshakeErrorCode::bad_signature:
            return "bad_signature";
        case HandshakeErrorCode::wrong_peer_key:
            return "wrong_peer_key";
        case HandshakeErrorCode::own_key:
            return "own_key";
        case HandshakeErrorCode::unexpected_message:
            return "unexpected_message";
        case HandshakeErrorCode::timeout:
            return "timeout";
    }
    return "unknown";
}

std::string describe(const HandshakeError& error) {
    std::string text(handshake_error_name(error.code));
    std::replace(text.begin(), text.end(), '_', ' ');
    if (!error.detail.empty()) text += ": " + error.detail;
    return text;
}

Handshake Handshake::initiator(const Identity& self, const EphemeralSeed& seed, std::int64_t now_ms,
                               HandshakeOptions options) {
    return Handshake(Role::initiator, self, seed, now_ms, std::move(options));
}

Handshake Handshake::responder(const Identity& self, const EphemeralSeed& seed, std::int64_t now_ms,
                               HandshakeOptions options) {
    return Handshake(Role::responder, self, seed, now_ms, std::move(options));
}

Handshake::Handshake(Role role, const Identity& self, const EphemeralSeed& seed,
                     std::int64_t now_ms, HandshakeOptions options)
    : role_(role),
      state_(role == Role::initiator ? State::awaiting_response : State::awaiting_hello),
      self_(&self),
      options_(std::move(options)),
      deadline_ms_(saturating_add(now_ms, std::max<std::int64_t>(options_.timeout_ms, 0))),
      ephemeral_(wire::ephemeral_key_pair(seed)) {}

Handshake::Handshake(Handshake&&) noexcept = default;
Handshake& Handshake::operator=(Handshake&&) noexcept = default;

Handshake::~Handshake() {
    wipe();
}

void Handshake::wipe() {
    wipe_array(ephemeral_.secret_key);
    wipe_array(kx_.i2r);
    wipe_array(kx_.r2i);
    wipe_array(box_key_in_);
}

Bytes Handshake::initial_message() const {
    if (role_ != Role::initiator) return {};
    Bytes hello(wire::kHelloBytes);
    auto at = std::copy(wire::kMagic.begin(), wire::kMagic.end(), hello.begin());
    at = std::copy(ephemeral_.public_key.begin(), ephemeral_.public_key.end(), at);
    // Invariant: msg1 is exactly magic and key.
    assert(at == hello.end());
    return hello;
}

std::optional<std::int64_t> Handshake::deadline_ms() const {
    if (!in_progress()) return std::nullopt;
    return deadline_ms_;
}

const PublicKey& Handshake::peer_key() const {
    assert(complete());
    return peer_key_;
}

const ChannelKeys& Handshake::keys() const {
    assert(complete());
    return keys_;
}

const wire::Digest& Handshake::session_id() const {
    assert(complete());
    return session_id_;
}

Failure<HandshakeError> Handshake::fail_with(HandshakeErrorCode code, std::string detail) {
    state_ = State::failed;
    failure_ = HandshakeError{code, std::move(detail)};
    wipe();
    return fail(*failure_);
}

bool Handshake::on_timeout(std::int64_t now_ms) {
    if (!in_progress() || now_ms < deadline_ms_) return false;
    const char* waiting = state_ == State::awaiting_hello      ? "msg1"
                          : state_ == State::awaiting_response ? "msg2"
                                                               : "msg3";
    (void)fail_with(HandshakeErrorCode::timeout, "no handshake within " +
                                                     std::to_string(options_.timeout_ms) +
                                                     " ms; still waiting for " + waiting);
    return true;
}

Result<Bytes, HandshakeError> Handshake::on_message(std::int64_t now_ms, ByteView message) {
    if (complete()) {
        return fail(HandshakeError{HandshakeErrorCode::unexpected_message,
                                   "a handshake message after the handshake completed"});
    }
    if (failed()) {
        return fail(
            HandshakeError{HandshakeErrorCode::unexpected_message,
                           "a message after the handshake failed (" + describe(*failure_) + ")"});
    }
    if (now_ms >= deadline_ms_) {
        (void)on_timeout(now_ms);
        return fail(*failure_);
    }
    switch (state_) {
        case State::awaiting_hello:
            return on_hello(message);
        case State::awaiting_response:
            return on_response(message);
        case State::awaiting_finish:
            return on_finish(message);
        case State::complete:
        case State::failed:
            break;
    }
    return fail(HandshakeError{HandshakeErrorCode::unexpected_message, "no handshake state"});
}

std::optional<HandshakeError> Handshake::check_kind(ByteView message, MessageKind expected) const {
    const MessageKind kind = wire::kind_of(message);
    if (kind == expected) return std::nullopt;
    const std::string want(wire::message_kind_name(expected));
    if (kind != MessageKind::unknown) {
        std::string detail =
            "expected the " + want + ", got the " + std::string(wire::message_kind_name(kind));
        if (kind == MessageKind::hello && role_ == Role::initiator)
            detail += " (did both ends open a connection to each other?)";
        return HandshakeError{HandshakeErrorCode::unexpected_message, std::move(detail)};
    }
    const std::string got = message.empty() ? std::string("an empty message")
                                            : "a message starting with " + hex_byte(message[0]);
    if (expected == MessageKind::hello) {
        return HandshakeError{HandshakeErrorCode::bad_magic,
                              "expected \"" + std::string(wire::kMagicFamily) + "\", got " + got +
                                  " (not a Baken sync peer?)"};
    }
    return HandshakeError{HandshakeErrorCode::malformed, "expected the " + want + ", got " + got};
}

wire::IdentityProof Handshake::prove(std::string_view prefix) const {
    wire::IdentityProof proof;
    proof.key = self_->public_key();
    proof.signature = self_->sign(wire::signed_transcript(prefix, transcript_));
    return proof;
}

std::optional<HandshakeError> Handshake::authenticate_peer(const SymmetricKey& box_key,
                                                           std::string_view prefix, ByteView box) {
    auto proof = wire::open_identity(box_key, transcript_, box);
    if (!proof) {
        return HandshakeError{HandshakeErrorCode::decryption_failed,
                              "the peer's identity does not decrypt (changed in transit, or a "
                              "message replayed from another session)"};
    }
    const Bytes signed_bytes = wire::signed_transcript(prefix, transcript_);
    if (crypto_sign_verify_detached(proof->signature.data(), signed_bytes.data(),
                                    signed_bytes.size(), proof->key.data()) != 0) {
        return HandshakeError{
            HandshakeErrorCode::bad_signature,
            "peer " + fingerprint(proof->key) + " did not sign this session's transcript"};
    }
    if (proof->key == self_->public_key()) {
        return HandshakeError{HandshakeErrorCode::own_key,
                              "the peer is this node itself (" + fingerprint(proof->key) + ")"};
    }
    if (options_.expected_peer && *options_.expected_peer != proof->key) {
        return HandshakeError{HandshakeErrorCode::wrong_peer_key,
                              "peer is " + fingerprint(proof->key) + ", configuration expects " +
                                  fingerprint(*options_.expected_peer)};
    }
    peer_key_ = proof->key;
    return std::nullopt;
}

// Responder, msg1: answer with e_R and our identity, encrypted.
Result<Bytes, HandshakeError> Handshake::on_hello(ByteView message) {
    if (auto wrong = check_kind(message, MessageKind::hello))
        return fail_with(wrong->code, std::move(wrong->detail));
    if (message.size() < wire::kMagic.size()) {
        return fail_with(HandshakeErrorCode::malformed,
                         "hello of " + std::to_string(message.size()) + " bytes has no version");
    }
    const std::uint8_t version = message[wire::kMagicFamily.size()];
    if (version != static_cast<std::uint8_t>(wire::kMagic.back())) {
        return fail_with(HandshakeErrorCode::unsupported_version,
                         "peer speaks " + std::string(wire::kMagicFamily) + version_text(version) +
                             ", this node " + std::string(wire::kMagic));
    }
    if (message.size() != wire::kHelloBytes) {
        return fail_with(HandshakeErrorCode::malformed,
                         "hello of " + std::to_string(message.size()) + " bytes, expected " +
                             std::to_string(wire::kHelloBytes));
    }
    peer_ephemeral_ = copy_array<wire::kEphemeralKeyBytes>(message.subspan(wire::kMagic.size()));
    auto kx = wire::responder_kx(ephemeral_, peer_ephemeral_);
    wipe_array(ephemeral_.secret_key);  // done with it, whatever happens next
    if (!kx) {
        return fail_with(HandshakeErrorCode::malformed,
                         "the initiator's ephemeral key is not usable (low-order point)");
    }
    kx_ = *kx;
    transcript_ = wire::transcript_hash(peer_ephemeral_, ephemeral_.public_key);
    box_key_in_ = wire::derive(kx_.i2r, wire::kHandshakeI2R, transcript_);
    SymmetricKey box_key_out = wire::derive(kx_.r2i, wire::kHandshakeR2I, transcript_);

    const Bytes box =
        wire::seal_identity(box_key_out, transcript_, prove(wire::kResponderSignaturePrefix));
    wipe_array(box_key_out);
    Bytes response(wire::kResponseBytes);
    response[0] = wire::kResponseType;
    auto at =
        std::copy(ephemeral_.public_key.begin(), ephemeral_.public_key.end(), response.begin() + 1);
    at = std::copy(box.begin(), box.end(), at);
    // Invariant: msg2 is exactly type, key and box.
    assert(at == response.end());
    state_ = State::awaiting_finish;
    return response;
}

// Initiator, msg2: authenticate the responder, then prove who we are.
Result<Bytes, HandshakeError> Handshake::on_response(ByteView message) {
    if (auto wrong = check_kind(message, MessageKind::response))
        return fail_with(wrong->code, std::move(wrong->detail));
    if (message.size() != wire::kResponseBytes) {
        return fail_with(HandshakeErrorCode::malformed,
                         "response of " + std::to_string(message.size()) + " bytes, expected " +
                             std::to_string(wire::kResponseBytes));
    }
    peer_ephemeral_ = copy_array<wire::kEphemeralKeyBytes>(message.subspan(1));
    auto kx = wire::initiator_kx(ephemeral_, peer_ephemeral_);
    wipe_array(ephemeral_.secret_key);
    if (!kx) {
        return fail_with(HandshakeErrorCode::malformed,
                         "the responder's ephemeral key is not usable (low-order point)");
    }
    kx_ = *kx;
    transcript_ = wire::transcript_hash(ephemeral_.public_key, peer_ephemeral_);
    SymmetricKey box_key_in = wire::derive(kx_.r2i, wire::kHandshakeR2I, transcript_);
    auto refused = authenticate_peer(box_key_in, wire::kResponderSignaturePrefix,
                                     message.subspan(1 + wire::kEphemeralKeyBytes));
    wipe_array(box_key_in);
    if (refused) return fail_with(refused->code, std::move(refused->detail));

    SymmetricKey box_key_out = wire::derive(kx_.i2r, wire::kHandshakeI2R, transcript_);
    const Bytes box =
        wire::seal_identity(box_key_out, transcript_, prove(wire::kInitiatorSignaturePrefix));
    wipe_array(box_key_out);
    Bytes finish(wire::kFinishBytes);
    finish[0] = wire::kFinishType;
    // Invariant: msg3 is exactly type and box.
    assert(box.size() + 1 == finish.size());
    std::copy(box.begin(), box.end(), finish.begin() + 1);
    derive_data_keys();
    return finish;
}

// Responder, msg3: authenticate the initiator; then the session is up.
Result<Bytes, HandshakeError> Handshake::on_finish(ByteView message) {
    if (auto wrong = check_kind(message, MessageKind::finish))
        return fail_with(wrong->code, std::move(wrong->detail));
    if (message.size() != wire::kFinishBytes) {
        return fail_with(HandshakeErrorCode::malformed,
                         "finish of " + std::to_string(message.size()) + " bytes, expected " +
                             std::to_string(wire::kFinishBytes));
    }
    auto refused =
        authenticate_peer(box_key_in_, wire::kInitiatorSignaturePrefix, message.subspan(1));
    if (refused) return fail_with(refused->code, std::move(refused->detail));
    derive_data_keys();
    return Bytes{};
}

void Handshake::derive_data_keys() {
    const bool initiator = role_ == Role::initiator;
    const PublicKey& responder_key = initiator ? peer_key_ : self_->public_key();
    const PublicKey& initiator_key = initiator ? self_->public_key() : peer_key_;
    session_id_ = wire::session_id(transcript_, responder_key, initiator_key);
    SymmetricKey i2r = wire::derive(kx_.i2r, wire::kDataI2R, session_id_);
    SymmetricKey r2i = wire::derive(kx_.r2i, wire::kDataR2I, session_id_);
    keys_.send = initiator ? i2r : r2i;
    keys_.receive = initiator ? r2i : i2r;
    wipe_array(i2r);
    wipe_array(r2i);
    state_ = State::complete;
    wipe();
}

}  // namespace baken::channel
