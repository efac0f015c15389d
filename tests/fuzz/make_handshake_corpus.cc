// Writes the handshake fuzz seed corpus (tests/fuzz/corpus/handshake/), or checks that the
// checked-in corpus is what this program writes (see corpus_writer.h):
//
//   ninja -C build/debug make_handshake_corpus
//   build/debug/tests/fuzz/replay/make_handshake_corpus tests/fuzz/corpus/handshake
//
// Each seed is an input in the layout of handshake_harness.h: the honest exchange's messages
// (deterministic: fixed identities and seeds), changed, reordered, replayed from another
// session, forged by a peer that knows the keys but proves the wrong thing, or too slow. Its
// name ends with what the replay test (replay/channel_corpus_replay_test.cc) expects:
// `complete`, `complete_channel_fails` (a data frame after it does not open), `in_progress`,
// or the name of the handshake error (`decryption_failed`, `wrong_peer_key`, ...).
#include <algorithm>
#include <string>
#include <vector>

#include "fuzz/corpus_writer.h"
#include "fuzz/handshake_harness.h"
#include "sync/channel/handshake_wire.h"

namespace baken::fuzz {
namespace {

namespace wire = channel::wire;

Bytes bytes_of(std::string_view s) {
    return Bytes(as_bytes(s).begin(), as_bytes(s).end());
}

Bytes flipped(Bytes b, std::size_t index) {
    b[index] ^= 0x01;
    return b;
}

Bytes truncated(Bytes b, std::size_t n) {
    b.resize(n);
    return b;
}

// Keys of the honest exchange, recomputed from the seeds the way both ends do.
struct Keys {
    wire::EphemeralKey e_i, e_r;
    wire::Digest h;
    channel::SymmetricKey box_r2i, box_i2r;
};

Keys honest_keys() {
    const auto e_i = wire::ephemeral_key_pair(fuzz_seed(kHonestInitiatorSeed));
    const auto e_r = wire::ephemeral_key_pair(fuzz_seed(kHonestResponderSeed));
    auto kx = wire::initiator_kx(e_i, e_r.public_key);
    Keys k;
    k.e_i = e_i.public_key;
    k.e_r = e_r.public_key;
    k.h = wire::transcript_hash(k.e_i, k.e_r);
    k.box_r2i = wire::derive(kx->r2i, wire::kHandshakeR2I, k.h);
    k.box_i2r = wire::derive(kx->i2r, wire::kHandshakeI2R, k.h);
    return k;
}

// msg2 / msg3 from a peer that did the exchange but signs with `signer` under `prefix` and
// claims `claimed` as its identity.
Bytes forged_response(std::string_view prefix, const Identity& signer, const PublicKey& claimed) {
    const Keys k = honest_keys();
    const Bytes box = wire::seal_identity(
        k.box_r2i, k.h, {claimed, signer.sign(wire::signed_transcript(prefix, k.h))});
    Bytes m(wire::kResponseBytes);
    m[0] = wire::kResponseType;
    std::copy(box.begin(), box.end(), std::copy(k.e_r.begin(), k.e_r.end(), m.begin() + 1));
    return m;
}

Bytes forged_finish(std::string_view prefix, const Identity& signer, const PublicKey& claimed) {
    const Keys k = honest_keys();
    const Bytes box = wire::seal_identity(
        k.box_i2r, k.h, {claimed, signer.sign(wire::signed_transcript(prefix, k.h))});
    Bytes m(wire::kFinishBytes);
    m[0] = wire::kFinishType;
    std::copy(box.begin(), box.end(), m.begin() + 1);
    return m;
}

// The messages of a handshake between alice and bob with other seeds.
struct OtherSession {
    Bytes msg2, msg3;
};

OtherSession other_session() {
    auto i = channel::Handshake::initiator(fuzz_alice(), fuzz_seed(0x33), kFuzzStartMs);
    auto r = channel::Handshake::responder(fuzz_bob(), fuzz_seed(0x44), kFuzzStartMs);
    OtherSession s;
    s.msg2 = *r.on_message(kFuzzStartMs, i.initial_message());
    s.msg3 = *i.on_message(kFuzzStartMs, s.msg2);
    return s;
}

Corpus make_corpus() {
    const HonestExchange& h = honest_exchange();
    const OtherSession other = other_session();
    const auto R = FuzzedEnd::responder;
    const auto I = FuzzedEnd::initiator;
    const auto none = FuzzedPin::none;
    Corpus corpus;
    auto add = [&](const std::string& name, FuzzedEnd end, std::uint8_t step, FuzzedPin pin,
                   const std::vector<Bytes>& messages) {
        corpus[name + ".bin"] = handshake_input(end, step, pin, messages);
    };
    const auto& d_r = h.data_to_responder;
    const auto& d_i = h.data_to_initiator;

    // ---- The responder (bob) under test: alice's messages, and what goes wrong with them.
    add("responder_honest_complete", R, 1, none, {h.msg1, h.msg3});
    add("responder_honest_pinned_complete", R, 1, FuzzedPin::honest_peer, {h.msg1, h.msg3});
    add("responder_honest_with_data_complete", R, 1, none,
        {h.msg1, h.msg3, d_r[0], d_r[1], d_r[2]});
    add("responder_data_reordered_complete_channel_fails", R, 1, none,
        {h.msg1, h.msg3, d_r[1], d_r[0]});
    add("responder_data_replayed_complete_channel_fails", R, 1, none,
        {h.msg1, h.msg3, d_r[0], d_r[0]});
    add("responder_hello_only_in_progress", R, 1, none, {h.msg1});
    add("responder_nothing_in_progress", R, 0, none, {});
    add("responder_pinned_stranger_wrong_peer_key", R, 1, FuzzedPin::stranger, {h.msg1, h.msg3});
    add("responder_ssh_client_bad_magic", R, 1, none, {bytes_of("SSH-2.0-OpenSSH_9.2\r\n")});
    add("responder_empty_message_bad_magic", R, 1, none, {Bytes{}});
    {
        Bytes v2 = h.msg1;
        v2[wire::kMagicFamily.size()] = '2';
        add("responder_version_2_unsupported_version", R, 1, none, {v2});
    }
    add("responder_hello_truncated_malformed", R, 1, none, {truncated(h.msg1, 30)});
    {
        Bytes low = truncated(h.msg1, wire::kMagic.size());
        low.resize(wire::kHelloBytes, 0);
        add("responder_hello_low_order_key_malformed", R, 1, none, {low});
    }
    add("responder_finish_first_unexpected_message", R, 1, none, {h.msg3});
    add("responder_hello_twice_unexpected_message", R, 1, none, {h.msg1, h.msg1});
    add("responder_finish_from_other_session_decryption_failed", R, 1, none, {h.msg1, other.msg3});
    add("responder_finish_flipped_decryption_failed", R, 1, none, {h.msg1, flipped(h.msg3, 60)});
    add("responder_finish_wrong_label_bad_signature", R, 1, none,
        {h.msg1,
         forged_finish(wire::kResponderSignaturePrefix, fuzz_alice(), fuzz_alice().public_key())});
    add("responder_finish_signed_by_stranger_bad_signature", R, 1, none,
        {h.msg1,
         forged_finish(wire::kInitiatorSignaturePrefix, fuzz_carol(), fuzz_alice().public_key())});
    add("responder_finish_claims_own_key_own_key", R, 1, none,
        {h.msg1,
         forged_finish(wire::kInitiatorSignaturePrefix, fuzz_bob(), fuzz_bob().public_key())});
    add("responder_too_slow_timeout", R, 60, none, {h.msg1, h.msg3});
    add("responder_after_failure_bad_magic", R, 1, none, {bytes_of("xx"), h.msg1, h.msg3});

    // ---- The initiator (alice) under test: bob's messages.
    add("initiator_honest_complete", I, 1, none, {h.msg2});
    add("initiator_honest_pinned_complete", I, 1, FuzzedPin::honest_peer, {h.msg2});
    add("initiator_honest_with_data_complete", I, 1, none, {h.msg2, d_i[0], d_i[1], d_i[2]});
    add("initiator_data_tampered_complete_channel_fails", I, 1, none,
        {h.msg2, d_i[0], flipped(d_i[1], 3), d_i[2]});
    add("initiator_data_lost_complete_channel_fails", I, 1, none, {h.msg2, d_i[1]});
    add("initiator_nothing_in_progress", I, 0, none, {});
    add("initiator_pinned_stranger_wrong_peer_key", I, 1, FuzzedPin::stranger, {h.msg2});
    add("initiator_both_initiating_unexpected_message", I, 1, none, {h.msg1});
    add("initiator_finish_unexpected_message", I, 1, none, {h.msg3});
    add("initiator_garbage_malformed", I, 1, none, {bytes_of("\x07garbage")});
    add("initiator_response_truncated_malformed", I, 1, none, {truncated(h.msg2, 100)});
    {
        Bytes low(wire::kResponseBytes, 0);
        low[0] = wire::kResponseType;
        add("initiator_response_low_order_key_malformed", I, 1, none, {low});
    }
    add("initiator_response_from_other_session_decryption_failed", I, 1, none, {other.msg2});
    add("initiator_response_flipped_decryption_failed", I, 1, none, {flipped(h.msg2, 5)});
    add("initiator_response_wrong_label_bad_signature", I, 1, none,
        {forged_response(wire::kInitiatorSignaturePrefix, fuzz_bob(), fuzz_bob().public_key())});
    add("initiator_response_signed_by_stranger_bad_signature", I, 1, none,
        {forged_response(wire::kResponderSignaturePrefix, fuzz_carol(), fuzz_bob().public_key())});
    add("initiator_response_claims_own_key_own_key", I, 1, none,
        {forged_response(wire::kResponderSignaturePrefix, fuzz_alice(),
                         fuzz_alice().public_key())});
    add("initiator_too_slow_timeout", I, 101, none, {h.msg2});
    return corpus;
}

}  // namespace
}  // namespace baken::fuzz

int main(int argc, char** argv) {
    return baken::fuzz::corpus_main(argc, argv, "make_handshake_corpus", baken::fuzz::make_corpus);
}
