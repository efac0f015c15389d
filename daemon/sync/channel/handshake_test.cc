#include "sync/channel/handshake.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <set>
#include <string>

#include "sync/channel/handshake_wire.h"
#include "sync/channel/secure_channel.h"
#include "sync/channel/test_identity.h"

namespace baken::channel {
namespace {

using testing::fixed_identity;
using Code = HandshakeErrorCode;

constexpr std::int64_t kNow = 1'750'000'000'000;

const Identity& alice() {
    static const Identity id = fixed_identity(0x10);
    return id;
}
const Identity& bob() {
    static const Identity id = fixed_identity(0x20);
    return id;
}
const Identity& carol() {
    static const Identity id = fixed_identity(0x30);
    return id;
}

EphemeralSeed seed(std::uint8_t b) {
    EphemeralSeed s;
    s.fill(b);
    return s;
}

Bytes flipped(Bytes bytes, std::size_t index, std::uint8_t mask) {
    bytes[index] ^= mask;
    return bytes;
}

// One handshake run to the end (or to the first failure), keeping every message.
struct Exchange {
    Handshake initiator;
    Handshake responder;
    Bytes msg1, msg2, msg3;
};

Exchange run(const Identity& i, const Identity& r, std::uint8_t i_seed = 1, std::uint8_t r_seed = 2,
             HandshakeOptions i_options = {}, HandshakeOptions r_options = {}) {
    Exchange out{Handshake::initiator(i, seed(i_seed), kNow, i_options),
                 Handshake::responder(r, seed(r_seed), kNow, r_options),
                 {},
                 {},
                 {}};
    out.msg1 = out.initiator.initial_message();
    auto m2 = out.responder.on_message(kNow + 1, out.msg1);
    if (!m2) return out;
    out.msg2 = *m2;
    auto m3 = out.initiator.on_message(kNow + 2, out.msg2);
    if (!m3) return out;
    out.msg3 = *m3;
    auto done = out.responder.on_message(kNow + 3, out.msg3);
    if (done) {
        EXPECT_TRUE(done->empty()) << "the responder sends nothing after msg3";
    }
    return out;
}

void expect_keys_match(const Handshake& a, const Handshake& b) {
    ASSERT_TRUE(a.complete());
    ASSERT_TRUE(b.complete());
    EXPECT_EQ(a.keys().send, b.keys().receive);
    EXPECT_EQ(a.keys().receive, b.keys().send);
    EXPECT_NE(a.keys().send, a.keys().receive);
    EXPECT_EQ(a.session_id(), b.session_id());
}

// ---- The happy path.

TEST(Handshake, SuccessfulHandshakeGivesMatchingKeysAndPeerIdentities) {
    Exchange r = run(alice(), bob());
    expect_keys_match(r.initiator, r.responder);
    EXPECT_EQ(r.initiator.peer_key(), bob().public_key());
    EXPECT_EQ(r.responder.peer_key(), alice().public_key());
    EXPECT_EQ(r.msg1.size(), wire::kHelloBytes);
    EXPECT_EQ(r.msg2.size(), wire::kResponseBytes);
    EXPECT_EQ(r.msg3.size(), wire::kFinishBytes);
    EXPECT_EQ(r.initiator.role(), Handshake::Role::initiator);
    EXPECT_EQ(r.responder.role(), Handshake::Role::responder);
    EXPECT_FALSE(r.initiator.deadline_ms());
    EXPECT_FALSE(r.responder.deadline_ms());
}

TEST(Handshake, SuccessfulHandshakeTheOtherWayRound) {
    Exchange r = run(bob(), alice(), 7, 8);
    expect_keys_match(r.initiator, r.responder);
    EXPECT_EQ(r.initiator.peer_key(), alice().public_key());
    EXPECT_EQ(r.responder.peer_key(), bob().public_key());
}

TEST(Handshake, KeysOpenAChannelBothWays) {
    Exchange r = run(alice(), bob());
    SecureChannel at_alice(r.initiator.keys());
    SecureChannel at_bob(r.responder.keys());
    auto to_bob = at_alice.seal(as_bytes("sitrep GM0344"));
    ASSERT_TRUE(to_bob.ok());
    auto opened = at_bob.open(*to_bob);
    ASSERT_TRUE(opened.ok());
    EXPECT_EQ(as_chars(*opened), "sitrep GM0344");
    auto to_alice = at_bob.seal(as_bytes("ack"));
    ASSERT_TRUE(to_alice.ok());
    auto back = at_alice.open(*to_alice);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(as_chars(*back), "ack");
}

TEST(Handshake, InitialMessageIsTheHelloOnlyForTheInitiator) {
    auto i = Handshake::initiator(alice(), seed(1), kNow);
    auto r = Handshake::responder(bob(), seed(2), kNow);
    const Bytes hello = i.initial_message();
    EXPECT_EQ(as_chars(hello).substr(0, 12), "BAKEN-SYNC/1");
    EXPECT_EQ(i.initial_message(), hello);
    EXPECT_TRUE(r.initial_message().empty());
}

// The documented key schedule (handshake_wire.h), recomputed from the seeds: the data keys
// are the labelled derivation, and none equals a handshake key or a raw crypto_kx key.
TEST(Handshake, DataKeysFollowTheKeyScheduleAndDifferFromHandshakeKeys) {
    Exchange r = run(alice(), bob(), 1, 2);
    ASSERT_TRUE(r.initiator.complete());
    const auto e_i = wire::ephemeral_key_pair(seed(1));
    const auto e_r = wire::ephemeral_key_pair(seed(2));
    auto kx = wire::initiator_kx(e_i, e_r.public_key);
    ASSERT_TRUE(kx);
    auto kx_r = wire::responder_kx(e_r, e_i.public_key);
    ASSERT_TRUE(kx_r);
    EXPECT_EQ(kx->i2r, kx_r->i2r);
    EXPECT_EQ(kx->r2i, kx_r->r2i);

    const auto h = wire::transcript_hash(e_i.public_key, e_r.public_key);
    const auto s = wire::session_id(h, bob().public_key(), alice().public_key());
    EXPECT_EQ(r.initiator.session_id(), s);
    EXPECT_EQ(r.initiator.keys().send, wire::derive(kx->i2r, wire::kDataI2R, s));
    EXPECT_EQ(r.initiator.keys().receive, wire::derive(kx->r2i, wire::kDataR2I, s));

    const std::set<SymmetricKey> others = {kx->i2r, kx->r2i,
                                           wire::derive(kx->i2r, wire::kHandshakeI2R, h),
                                           wire::derive(kx->r2i, wire::kHandshakeR2I, h)};
    EXPECT_EQ(others.size(), 4u);
    EXPECT_FALSE(others.count(r.initiator.keys().send));
    EXPECT_FALSE(others.count(r.initiator.keys().receive));
}

TEST(Handshake, DeterministicWithFixedSeeds) {
    Exchange a = run(alice(), bob(), 1, 2);
    Exchange b = run(alice(), bob(), 1, 2);
    EXPECT_EQ(a.msg1, b.msg1);
    EXPECT_EQ(a.msg2, b.msg2);
    EXPECT_EQ(a.msg3, b.msg3);
    EXPECT_EQ(a.initiator.keys().send, b.initiator.keys().send);
    EXPECT_EQ(a.initiator.keys().receive, b.initiator.keys().receive);
    EXPECT_EQ(a.initiator.session_id(), b.initiator.session_id());

    // Another seed on either side: other messages and other keys.
    Exchange c = run(alice(), bob(), 3, 2);
    EXPECT_NE(c.msg1, a.msg1);
    EXPECT_NE(c.initiator.keys().send, a.initiator.keys().send);
    Exchange d = run(alice(), bob(), 1, 4);
    EXPECT_EQ(d.msg1, a.msg1);
    EXPECT_NE(d.msg2, a.msg2);
    EXPECT_NE(d.initiator.keys().send, a.initiator.keys().send);
    EXPECT_NE(d.initiator.session_id(), a.initiator.session_id());
}

// ---- Pinning and identity.

TEST(Handshake, PinnedKeyThatMatchesCompletes) {
    Exchange r = run(alice(), bob(), 1, 2, {bob().public_key()}, {alice().public_key()});
    expect_keys_match(r.initiator, r.responder);
}

TEST(Handshake, WrongPinnedKeyAtTheInitiatorFailsBeforeItRevealsItself) {
    Exchange r = run(alice(), bob(), 1, 2, {carol().public_key()});
    ASSERT_TRUE(r.initiator.failed());
    EXPECT_EQ(r.initiator.failure()->code, Code::wrong_peer_key);
    EXPECT_NE(r.initiator.failure()->detail.find(carol().fingerprint()), std::string::npos);
    EXPECT_NE(r.initiator.failure()->detail.find(bob().fingerprint()), std::string::npos);
    EXPECT_TRUE(r.msg3.empty()) << "no msg3: alice's identity was never sent";
    EXPECT_FALSE(r.responder.complete());
    EXPECT_EQ(describe(*r.initiator.failure()).rfind("wrong peer key: ", 0), 0u);
}

TEST(Handshake, WrongPinnedKeyAtTheResponderFailsOnMsg3) {
    Exchange r = run(alice(), bob(), 1, 2, {}, {carol().public_key()});
    EXPECT_TRUE(r.initiator.complete());  // it cannot know yet; its first data frame goes nowhere
    ASSERT_TRUE(r.responder.failed());
    EXPECT_EQ(r.responder.failure()->code, Code::wrong_peer_key);
}

TEST(Handshake, ConnectingToItselfFailsWithOwnKey) {
    Exchange r = run(alice(), alice());
    ASSERT_TRUE(r.initiator.failed());
    EXPECT_EQ(r.initiator.failure()->code, Code::own_key);
}

// ---- Tampering: every byte of every message, three different changes each.

TEST(Handshake, TamperedMsg2AtAnyByteFails) {
    const Exchange good = run(alice(), bob());
    for (std::size_t i = 0; i < good.msg2.size(); ++i) {
        for (std::uint8_t mask : {0x01, 0x80, 0xff}) {
            auto initiator = Handshake::initiator(alice(), seed(1), kNow);
            auto reply = initiator.on_message(kNow + 2, flipped(good.msg2, i, mask));
            ASSERT_FALSE(reply.ok()) << "byte " << i << " mask " << int(mask);
            EXPECT_TRUE(initiator.failed());
            const Code code = reply.error().code;
            if (i == 0) {
                EXPECT_TRUE(code == Code::malformed || code == Code::unexpected_message);
            } else if (i <= wire::kEphemeralKeyBytes) {
                EXPECT_TRUE(code == Code::decryption_failed || code == Code::malformed);
            } else {
                EXPECT_EQ(code, Code::decryption_failed) << "byte " << i;
            }
        }
    }
}

TEST(Handshake, TamperedMsg3AtAnyByteFails) {
    const Exchange good = run(alice(), bob());
    for (std::size_t i = 0; i < good.msg3.size(); ++i) {
        for (std::uint8_t mask : {0x01, 0x80, 0xff}) {
            auto responder = Handshake::responder(bob(), seed(2), kNow);
            ASSERT_TRUE(responder.on_message(kNow + 1, good.msg1).ok());
            auto reply = responder.on_message(kNow + 3, flipped(good.msg3, i, mask));
            ASSERT_FALSE(reply.ok()) << "byte " << i << " mask " << int(mask);
            EXPECT_FALSE(responder.complete());
            const Code code = reply.error().code;
            if (i == 0) {
                EXPECT_TRUE(code == Code::malformed || code == Code::unexpected_message);
            } else {
                EXPECT_EQ(code, Code::decryption_failed) << "byte " << i;
            }
        }
    }
}

TEST(Handshake, TamperedMsg1AtAnyByteNeverCompletes) {
    const Exchange good = run(alice(), bob());
    for (std::size_t i = 0; i < good.msg1.size(); ++i) {
        auto initiator = Handshake::initiator(alice(), seed(1), kNow);
        auto responder = Handshake::responder(bob(), seed(2), kNow);
        auto msg2 = responder.on_message(kNow + 1, flipped(good.msg1, i, 0x01));
        if (i < wire::kMagic.size()) {
            ASSERT_FALSE(msg2.ok()) << "byte " << i;
            const Code code = msg2.error().code;
            EXPECT_TRUE(code == Code::bad_magic || code == Code::unsupported_version) << i;
            continue;
        }
        // A changed e_I goes unnoticed by the responder, but not by the initiator: the
        // transcript and the keys differ.
        ASSERT_TRUE(msg2.ok()) << "byte " << i;
        auto msg3 = initiator.on_message(kNow + 2, *msg2);
        ASSERT_FALSE(msg3.ok());
        EXPECT_EQ(msg3.error().code, Code::decryption_failed);
    }
}

TEST(Handshake, TruncatedOrExtendedMessagesAreMalformed) {
    const Exchange good = run(alice(), bob());
    {
        auto r = Handshake::responder(bob(), seed(2), kNow);
        Bytes m = good.msg1;
        m.pop_back();
        auto reply = r.on_message(kNow, m);
        ASSERT_FALSE(reply.ok());
        EXPECT_EQ(reply.error().code, Code::malformed);
    }
    {
        auto r = Handshake::responder(bob(), seed(2), kNow);
        auto reply = r.on_message(kNow, as_bytes("BAKEN-SYNC/"));
        ASSERT_FALSE(reply.ok());
        EXPECT_EQ(reply.error().code, Code::malformed);
    }
    {
        auto i = Handshake::initiator(alice(), seed(1), kNow);
        Bytes m = good.msg2;
        m.push_back(0);
        auto reply = i.on_message(kNow, m);
        ASSERT_FALSE(reply.ok());
        EXPECT_EQ(reply.error().code, Code::malformed);
    }
    {
        auto r = Handshake::responder(bob(), seed(2), kNow);
        ASSERT_TRUE(r.on_message(kNow, good.msg1).ok());
        Bytes m = good.msg3;
        m.resize(50);
        auto reply = r.on_message(kNow, m);
        ASSERT_FALSE(reply.ok());
        EXPECT_EQ(reply.error().code, Code::malformed);
    }
}

TEST(Handshake, BadMagicAndOtherVersionsAreNamed) {
    auto plain = Handshake::responder(bob(), seed(2), kNow);
    auto reply = plain.on_message(kNow, as_bytes("SSH-2.0-OpenSSH_9.2\r\n"));
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().code, Code::bad_magic);

    auto empty = Handshake::responder(bob(), seed(2), kNow);
    reply = empty.on_message(kNow, {});
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().code, Code::bad_magic);

    const Exchange good = run(alice(), bob());
    Bytes v2 = good.msg1;
    v2[11] = '2';
    auto newer = Handshake::responder(bob(), seed(2), kNow);
    reply = newer.on_message(kNow, v2);
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().code, Code::unsupported_version);
    EXPECT_EQ(describe(reply.error()),
              "unsupported version: peer speaks BAKEN-SYNC/2, this node BAKEN-SYNC/1");
}

TEST(Handshake, LowOrderEphemeralKeysAreMalformed) {
    Bytes hello(wire::kMagic.begin(), wire::kMagic.end());
    hello.resize(wire::kHelloBytes, 0);  // e_I = 0: a low-order point
    auto r = Handshake::responder(bob(), seed(2), kNow);
    auto reply = r.on_message(kNow, hello);
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().code, Code::malformed);

    Bytes response(wire::kResponseBytes, 0);
    response[0] = wire::kResponseType;  // e_R = 0
    auto i = Handshake::initiator(alice(), seed(1), kNow);
    reply = i.on_message(kNow, response);
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().code, Code::malformed);
}

// A responder that knows the keys (it did the exchange) but whose proof is wrong: the box
// opens, the signature does not verify.
Bytes forged_response(const Bytes& msg1, std::string_view prefix, const Identity& signer,
                      const PublicKey& claimed) {
    const auto e_r = wire::ephemeral_key_pair(seed(2));
    wire::EphemeralKey e_i;
    std::copy_n(msg1.begin() + wire::kMagic.size(), e_i.size(), e_i.begin());
    auto kx = wire::responder_kx(e_r, e_i);
    const auto h = wire::transcript_hash(e_i, e_r.public_key);
    wire::IdentityProof proof{claimed, signer.sign(wire::signed_transcript(prefix, h))};
    const Bytes box = wire::seal_identity(wire::derive(kx->r2i, wire::kHandshakeR2I, h), h, proof);
    Bytes msg2(wire::kResponseBytes);
    msg2[0] = wire::kResponseType;
    std::copy(box.begin(), box.end(),
              std::copy(e_r.public_key.begin(), e_r.public_key.end(), msg2.begin() + 1));
    return msg2;
}

TEST(Handshake, SignatureOfTheWrongRoleOrKeyIsABadSignature) {
    const Exchange good = run(alice(), bob());
    // The initiator's label: a signature the responder could never be tricked into reflecting.
    {
        auto i = Handshake::initiator(alice(), seed(1), kNow);
        auto reply = i.on_message(kNow, forged_response(good.msg1, wire::kInitiatorSignaturePrefix,
                                                        bob(), bob().public_key()));
        ASSERT_FALSE(reply.ok());
        EXPECT_EQ(reply.error().code, Code::bad_signature);
    }
    // Carol signs, but claims to be bob.
    {
        auto i = Handshake::initiator(alice(), seed(1), kNow);
        auto reply = i.on_message(kNow, forged_response(good.msg1, wire::kResponderSignaturePrefix,
                                                        carol(), bob().public_key()));
        ASSERT_FALSE(reply.ok());
        EXPECT_EQ(reply.error().code, Code::bad_signature);
    }
    // The forger itself is sound: with the right label and key the handshake goes through.
    {
        auto i = Handshake::initiator(alice(), seed(1), kNow);
        auto reply = i.on_message(kNow, forged_response(good.msg1, wire::kResponderSignaturePrefix,
                                                        bob(), bob().public_key()));
        EXPECT_TRUE(reply.ok());
        EXPECT_TRUE(i.complete());
    }
}

// ---- Replay.

TEST(Handshake, ReplayedMsg1AndMsg3FromAnOlderSessionCannotCompleteASession) {
    const Exchange older = run(alice(), bob(), 1, 2);
    ASSERT_TRUE(older.responder.complete());

    // The attacker replays the old msg1; bob answers with a fresh ephemeral key (seed 3).
    auto responder = Handshake::responder(bob(), seed(3), kNow + 60'000);
    auto msg2 = responder.on_message(kNow + 60'001, older.msg1);
    ASSERT_TRUE(msg2.ok());
    EXPECT_NE(*msg2, older.msg2);
    // It cannot answer that; replaying the old msg3 fails.
    auto done = responder.on_message(kNow + 60'002, older.msg3);
    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().code, Code::decryption_failed);
    EXPECT_FALSE(responder.complete());
}

TEST(Handshake, ReplayedMsg3IntoANewSessionFails) {
    const Exchange older = run(alice(), bob(), 1, 2);
    auto initiator = Handshake::initiator(alice(), seed(5), kNow);
    auto responder = Handshake::responder(bob(), seed(6), kNow);
    auto msg2 = responder.on_message(kNow, initiator.initial_message());
    ASSERT_TRUE(msg2.ok());
    auto done = responder.on_message(kNow, older.msg3);
    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().code, Code::decryption_failed);
}

TEST(Handshake, ReplayedMsg2ToANewInitiatorFails) {
    const Exchange older = run(alice(), bob(), 1, 2);
    auto initiator = Handshake::initiator(alice(), seed(9), kNow);
    auto reply = initiator.on_message(kNow, older.msg2);
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().code, Code::decryption_failed);
}

// The documented caveat: replay protection rests on the responder's seed being fresh. The
// same seed twice lets a recorded msg1 + msg3 complete again (though the attacker still has no
// key): the simulator must never reuse a seed.
TEST(Handshake, ReplayProtectionNeedsAFreshResponderSeed) {
    const Exchange older = run(alice(), bob(), 1, 2);
    auto responder = Handshake::responder(bob(), seed(2), kNow);
    ASSERT_TRUE(responder.on_message(kNow, older.msg1).ok());
    EXPECT_TRUE(responder.on_message(kNow, older.msg3).ok());
}

// ---- Messages out of order.

TEST(Handshake, Msg3BeforeMsg1IsUnexpected) {
    const Exchange good = run(alice(), bob());
    auto r = Handshake::responder(bob(), seed(2), kNow);
    auto reply = r.on_message(kNow, good.msg3);
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().code, Code::unexpected_message);
    EXPECT_TRUE(r.failed());
}

TEST(Handshake, SecondMsg1IsUnexpected) {
    const Exchange good = run(alice(), bob());
    auto r = Handshake::responder(bob(), seed(2), kNow);
    ASSERT_TRUE(r.on_message(kNow, good.msg1).ok());
    auto reply = r.on_message(kNow, good.msg1);
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().code, Code::unexpected_message);
}

TEST(Handshake, BothEndsInitiatingIsUnexpected) {
    auto a = Handshake::initiator(alice(), seed(1), kNow);
    auto b = Handshake::initiator(bob(), seed(2), kNow);
    auto reply = a.on_message(kNow, b.initial_message());
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().code, Code::unexpected_message);
    EXPECT_NE(reply.error().detail.find("both ends"), std::string::npos);
}

TEST(Handshake, Msg3ToTheInitiatorIsUnexpected) {
    const Exchange good = run(alice(), bob());
    auto i = Handshake::initiator(alice(), seed(1), kNow);
    auto reply = i.on_message(kNow, good.msg3);
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().code, Code::unexpected_message);
}

TEST(Handshake, MessageAfterCompletionIsUnexpectedAndChangesNothing) {
    Exchange r = run(alice(), bob());
    const SymmetricKey send = r.responder.keys().send;
    auto reply = r.responder.on_message(kNow + 4, r.msg3);
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().code, Code::unexpected_message);
    EXPECT_TRUE(r.responder.complete());
    EXPECT_EQ(r.responder.keys().send, send);
}

TEST(Handshake, FailureIsFinalAndKeepsTheFirstReason) {
    const Exchange good = run(alice(), bob());
    auto r = Handshake::responder(bob(), seed(2), kNow);
    ASSERT_FALSE(r.on_message(kNow, as_bytes("nonsense")).ok());
    ASSERT_TRUE(r.failed());
    EXPECT_EQ(r.failure()->code, Code::bad_magic);
    auto again = r.on_message(kNow, good.msg1);  // a valid msg1 is too late now
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, Code::unexpected_message);
    EXPECT_EQ(r.failure()->code, Code::bad_magic);
    EXPECT_FALSE(r.on_timeout(kNow + 1'000'000));
    EXPECT_EQ(r.failure()->code, Code::bad_magic);
}

// ---- Time.

TEST(Handshake, DeadlineIsCreationPlusTimeout) {
    auto i = Handshake::initiator(alice(), seed(1), kNow, {std::nullopt, 5'000});
    ASSERT_TRUE(i.deadline_ms());
    EXPECT_EQ(*i.deadline_ms(), kNow + 5'000);
    auto r = Handshake::responder(bob(), seed(2), kNow);
    EXPECT_EQ(*r.deadline_ms(), kNow + kDefaultHandshakeTimeoutMs);
}

TEST(Handshake, TimeoutFiresAtTheDeadlineNotBefore) {
    auto i = Handshake::initiator(alice(), seed(1), kNow, {std::nullopt, 5'000});
    EXPECT_FALSE(i.on_timeout(kNow + 4'999));
    EXPECT_TRUE(i.in_progress());
    EXPECT_TRUE(i.on_timeout(kNow + 5'000));
    ASSERT_TRUE(i.failed());
    EXPECT_EQ(i.failure()->code, Code::timeout);
    EXPECT_NE(i.failure()->detail.find("msg2"), std::string::npos);
    EXPECT_FALSE(i.deadline_ms());
    EXPECT_FALSE(i.on_timeout(kNow + 6'000)) << "fails once";
}

TEST(Handshake, MessageAtOrAfterTheDeadlineTimesOut) {
    const Exchange good = run(alice(), bob());
    auto r = Handshake::responder(bob(), seed(2), kNow, {std::nullopt, 5'000});
    ASSERT_TRUE(r.on_message(kNow + 1'000, good.msg1).ok());
    // The deadline is not moved by progress: msg3 is late.
    auto late = r.on_message(kNow + 5'000, good.msg3);
    ASSERT_FALSE(late.ok());
    EXPECT_EQ(late.error().code, Code::timeout);
    EXPECT_NE(late.error().detail.find("msg3"), std::string::npos);
    EXPECT_FALSE(r.complete());
}

TEST(Handshake, CompletedHandshakeIgnoresTimeouts) {
    Exchange r = run(alice(), bob());
    EXPECT_FALSE(r.initiator.on_timeout(kNow + 1'000'000));
    EXPECT_TRUE(r.initiator.complete());
}

TEST(Handshake, MovedHandshakeCarriesOn) {
    auto i = Handshake::initiator(alice(), seed(1), kNow);
    auto r = Handshake::responder(bob(), seed(2), kNow);
    Handshake moved_r = std::move(r);
    auto msg2 = moved_r.on_message(kNow, i.initial_message());
    ASSERT_TRUE(msg2.ok());
    Handshake moved_i = std::move(i);
    auto msg3 = moved_i.on_message(kNow, *msg2);
    ASSERT_TRUE(msg3.ok());
    ASSERT_TRUE(moved_r.on_message(kNow, *msg3).ok());
    expect_keys_match(moved_i, moved_r);
}

}  // namespace
}  // namespace baken::channel
