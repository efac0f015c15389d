// Two sync sessions wired back to back in memory, each over its own real store: what two
// nodes do when they meet, with the time and the bytes under the test's control.
#include "sync/session/sync_session.h"

#include <gtest/gtest.h>

#include "message/envelope_codec.h"
#include "support/sample_messages.h"
#include "support/sync_pair.h"
#include "support/temp_dir.h"
#include "sync/reconciliation/key_list.h"

namespace baken::sync {
namespace {

using testing::kSampleNowMs;

using testing::filled;
using testing::pump;
using TestNode = testing::SyncNode;

class SyncSessionTest : public ::testing::Test {
  protected:
    testing::TempDir dir;
    TestNode a{dir.path() / "a", 10, kSampleNowMs};
    TestNode b{dir.path() / "b", 20, kSampleNowMs};
};

TEST_F(SyncSessionTest, IdenticalStoresAgreeWithOneHelloEach) {
    a.add(0, 1000);
    b.add(0, 1000);
    auto sa = a.session(Role::initiator), sb = b.session(Role::responder);
    pump(a, *sa, b, *sb);
    ASSERT_TRUE(sa->established() && sb->established());
    EXPECT_TRUE(sa->protocol()->stats().reconciled);
    EXPECT_TRUE(sb->protocol()->stats().reconciled);
    // Only the first batch, sent with the hello before the initiator knew.
    EXPECT_EQ(sa->protocol()->stats().symbols_sent, 16u);
    EXPECT_EQ(sb->protocol()->stats().symbols_received, 0u);
    EXPECT_FALSE(sa->closed() || sb->closed()) << sa->close_reason() << sb->close_reason();
}

TEST_F(SyncSessionTest, DifferentStoresEndUpEqual) {
    a.add(0, 300);
    b.add(0, 300);
    a.add(1000, 10);
    b.add(2000, 5, v1::FLASH);
    auto sa = a.session(Role::initiator), sb = b.session(Role::responder);
    pump(a, *sa, b, *sb);
    EXPECT_EQ(a.store->stats().message_count, 315u);
    EXPECT_EQ(b.store->stats().message_count, 315u);
    EXPECT_GT(sa->protocol()->stats().symbols_sent, 0u);
}

// Found by the mesh simulator (seed 22): a first batch of 1.5 × the count gap can exceed the
// symbol budget that the responder enforces.
TEST_F(SyncSessionTest, TheFirstSymbolBatchNeverExceedsTheBudget) {
    a.add(0, 480);  // budget = 64 + 5/8 * 300 = 251 < 1.5 * 180
    b.add(0, 300);
    auto sa = a.session(Role::initiator), sb = b.session(Role::responder);
    pump(a, *sa, b, *sb);
    EXPECT_FALSE(sa->closed() || sb->closed()) << sa->close_reason() << " / " << sb->close_reason();
    EXPECT_EQ(b.store->stats().message_count, 480u);
}

TEST_F(SyncSessionTest, AnEmptyNodeGetsEverythingByKeyList) {
    a.add(0, 2000);
    auto sa = a.session(Role::initiator), sb = b.session(Role::responder);
    pump(a, *sa, b, *sb);
    EXPECT_EQ(b.store->stats().message_count, 2000u);
    // Listing keys was cheaper: no symbols beyond the first batch, sent before it was known.
    EXPECT_EQ(sa->protocol()->stats().symbols_sent, 16u);
    EXPECT_EQ(sb->protocol()->stats().symbols_received, 0u);
}

TEST_F(SyncSessionTest, NewMessagesArePushedWhileTheSessionLasts) {
    auto sa = a.session(Role::initiator), sb = b.session(Role::responder);
    pump(a, *sa, b, *sb);
    a.validation.on_stored([&](const DecodedMessage& m) { sa->on_local_message(m.id); });
    auto m = testing::signed_sitrep(Identity::generate(), 7, v1::FLASH);
    ASSERT_TRUE(a.validation.submit(as_bytes(m.envelope_bytes)));
    pump(a, *sa, b, *sb);
    EXPECT_TRUE(b.store->contains(m.id));
}

TEST_F(SyncSessionTest, MessagesFromThePeerAreNotPushedBackToIt) {
    auto sa = a.session(Role::initiator), sb = b.session(Role::responder);
    pump(a, *sa, b, *sb);
    b.validation.on_stored([&](const DecodedMessage& m) { sb->on_local_message(m.id); });
    a.validation.on_stored([&](const DecodedMessage& m) { sa->on_local_message(m.id); });
    auto m = testing::signed_sitrep(Identity::generate(), 8);
    ASSERT_TRUE(a.validation.submit(as_bytes(m.envelope_bytes)));
    pump(a, *sa, b, *sb);
    ASSERT_TRUE(b.store->contains(m.id));
    EXPECT_EQ(sa->protocol()->stats().messages_sent, 1u);
    EXPECT_EQ(sb->protocol()->stats().messages_sent, 0u);
    EXPECT_EQ(sa->protocol()->stats().duplicates_received, 0u);
}

TEST_F(SyncSessionTest, APeerWithTheWrongKeyIsDropped) {
    PublicKey other = Identity::generate().public_key();
    auto sa = a.session(Role::initiator, other), sb = b.session(Role::responder);
    pump(a, *sa, b, *sb);
    ASSERT_TRUE(sa->closed());
    EXPECT_NE(sa->close_reason().find("wrong peer key"), std::string::npos) << sa->close_reason();
    EXPECT_FALSE(sa->established());
}

TEST_F(SyncSessionTest, ATamperedFrameEndsTheSession) {
    a.add(0, 50);
    auto sa = a.session(Role::initiator), sb = b.session(Role::responder);
    bool tampered = false;
    for (int i = 0; i < 20 && !tampered; ++i) {
        auto x = sa->take_output(1 << 20, kSampleNowMs);
        auto y = sb->take_output(1 << 20, kSampleNowMs);
        // The first encrypted frame from A after both sides are up gets one bit flipped.
        if (sa->established() && sb->established() && !x.empty()) {
            x[x.size() - 3] ^= 0x01;
            tampered = true;
        }
        if (!x.empty()) sb->on_bytes(as_bytes(x), kSampleNowMs);
        if (!y.empty()) sa->on_bytes(as_bytes(y), kSampleNowMs);
    }
    ASSERT_TRUE(tampered);
    EXPECT_TRUE(sb->closed());
    EXPECT_NE(sb->close_reason().find("authentic"), std::string::npos) << sb->close_reason();
}

TEST_F(SyncSessionTest, AnOversizedFrameEndsTheSession) {
    auto sb = b.session(Role::responder);
    std::string header = {'\x00', '\x10', '\x00', '\x00'};  // 1 MiB
    sb->on_bytes(as_bytes(header), kSampleNowMs);
    ASSERT_TRUE(sb->closed());
    EXPECT_NE(sb->close_reason().find("oversized"), std::string::npos) << sb->close_reason();
}

// Found by the mesh simulator: a backlog delivered at LAN speed used to count as a flood.
TEST_F(SyncSessionTest, AnHonestBacklogFasterThanTheFloodRateIsNotAFlood) {
    a.add(0, 1000);  // ~320 KB, far over the burst below, all at one instant
    FloodLimit tight{1024, 96 * 1024};
    auto sa = a.session(Role::initiator), sb = b.session(Role::responder, std::nullopt, tight);
    pump(a, *sa, b, *sb);
    EXPECT_FALSE(sb->closed()) << sb->close_reason();
    EXPECT_EQ(b.store->stats().message_count, 1000u);
}

TEST_F(SyncSessionTest, AFloodingPeerIsDropped) {
    a.add(0, 1000);
    FloodLimit tight{1024, 96 * 1024};
    auto sa = a.session(Role::initiator), sb = b.session(Role::responder, std::nullopt, tight);
    pump(a, *sa, b, *sb);
    ASSERT_EQ(b.store->stats().message_count, 1000u);
    // Every message again, as live pushes: 320 KB of duplicates at one instant.
    for (const MessageId& id : a.store->live_ids(kSampleNowMs)) sa->on_local_message(id);
    pump(a, *sa, b, *sb);
    ASSERT_TRUE(sb->closed());
    EXPECT_NE(sb->close_reason().find("floods"), std::string::npos) << sb->close_reason();
}

// Found by the mesh simulator: a ping waiting for the socket left the deadline in the past,
// and the TCP adapter re-armed a zero timer in a loop.
TEST_F(SyncSessionTest, APingMovesTheDeadlineEvenBeforeItIsWritten) {
    auto sa = a.session(Role::initiator), sb = b.session(Role::responder);
    pump(a, *sa, b, *sb);
    std::int64_t ping_at = sa->next_deadline_ms();
    sa->on_timer(ping_at);  // the ping is queued; nobody takes the output yet
    EXPECT_GT(sa->next_deadline_ms(), ping_at);
}

TEST_F(SyncSessionTest, AReplayedHandshakeDoesNotMakeASession) {
    auto sa = a.session(Role::initiator), sb = b.session(Role::responder);
    std::string hello = sa->take_output(1 << 20, kSampleNowMs);
    sb->on_bytes(as_bytes(hello), kSampleNowMs);
    std::string response = sb->take_output(1 << 20, kSampleNowMs);
    sa->on_bytes(as_bytes(response), kSampleNowMs);
    std::string finish = sa->take_output(1 << 20, kSampleNowMs);
    // An eavesdropper replays A's hello and finish to a fresh responder at B.
    auto replayed = b.session(Role::responder);
    // A fresh responder seed, as the daemon would use.
    replayed =
        std::make_unique<SyncSession>(SessionParams{b.identity, Role::responder, std::nullopt,
                                                    filled<32>(99), "node", kSampleNowMs},
                                      *b.store, b.validation);
    replayed->on_bytes(as_bytes(hello), kSampleNowMs);
    (void)replayed->take_output(1 << 20, kSampleNowMs);
    replayed->on_bytes(as_bytes(finish.substr(0, finish.size())), kSampleNowMs);
    EXPECT_FALSE(replayed->established());
    EXPECT_TRUE(replayed->closed());
}

TEST_F(SyncSessionTest, ASilentHandshakeTimesOut) {
    auto sb = b.session(Role::responder);
    sb->on_timer(kSampleNowMs + SyncSession::kHandshakeTimeoutMs + 1);
    ASSERT_TRUE(sb->closed());
    EXPECT_NE(sb->close_reason().find("timeout"), std::string::npos) << sb->close_reason();
}

TEST_F(SyncSessionTest, InvalidMessagesFromAPeerAreNeverStored) {
    // A stores a tampered message behind the validation path's back: a faulty or hostile node.
    auto good = testing::signed_sitrep(Identity::generate(), 1);
    DecodedMessage bad = good;
    bad.envelope_bytes[bad.envelope_bytes.find("Situatie")] ^= 0x01;
    bad.id[0] ^= 0x01;
    const DecodedMessage* one[] = {&bad};
    a.store->put_batch(one, kSampleNowMs, kSampleNowMs);
    auto sa = a.session(Role::initiator), sb = b.session(Role::responder);
    pump(a, *sa, b, *sb);
    EXPECT_EQ(b.store->stats().message_count, 0u);
    EXPECT_EQ(b.validation.rejected(RejectCode::bad_signature), 1u);
    EXPECT_FALSE(sb->closed());  // one bad message is counted, not yet a reason to drop the peer
}

}  // namespace
}  // namespace baken::sync

namespace baken::sync {
namespace {

std::string bundle_of(const v1::SyncFrame& frame) {
    v1::SyncBundle bundle;
    *bundle.add_frames() = frame;
    return bundle.SerializeAsString();
}

// A hostile peer must not make a node send its store again and again by repeating requests.
TEST_F(SyncSessionTest, APeerCannotRequestTheSameMessagesTwice) {
    a.add(0, 50);
    Salt salt{};
    SyncProtocol initiator(*a.store, a.validation, "a", Role::initiator, salt, kSampleNowMs);
    v1::SyncFrame hello;
    hello.mutable_hello()->set_set_count(40);  // differs: no digest from a responder
    ASSERT_TRUE(initiator.on_frame(as_bytes(bundle_of(hello)), kSampleNowMs));
    std::vector<ShortKey> keys;
    for (const MessageId& id : a.store->live_ids(kSampleNowMs)) keys.push_back(short_key(id, salt));
    keys = sorted_distinct(keys);
    v1::SyncFrame part;
    part.mutable_decoded()->set_wanted_keys(encode_keys(keys));
    part.mutable_decoded()->set_more_follow(true);
    ASSERT_TRUE(initiator.on_frame(as_bytes(bundle_of(part)), kSampleNowMs));
    auto again = initiator.on_frame(as_bytes(bundle_of(part)), kSampleNowMs);
    ASSERT_FALSE(again);
    EXPECT_NE(again.error().reason.find("out of order"), std::string::npos) << again.error().reason;
}

}  // namespace
}  // namespace baken::sync

namespace baken::sync {
namespace {

TEST_F(SyncSessionTest, CredentialsAndRevocationsTravelBeforeEvenFlashMessages) {
    a.add(0, 20, v1::FLASH);
    Identity root = Identity::generate();
    auto credential =
        sign_message(root, testing::sample_message(testing::sample_credential_body(), v1::ROUTINE));
    auto revocation =
        sign_message(root, testing::sample_message(testing::sample_revocation_body(), v1::ROUTINE));
    ASSERT_TRUE(a.validation.submit(as_bytes(credential.envelope_bytes)));
    ASSERT_TRUE(a.validation.submit(as_bytes(revocation.envelope_bytes)));
    std::vector<v1::Body::KindCase> arrived;
    b.validation.on_stored(
        [&](const DecodedMessage& m) { arrived.push_back(m.message.body().kind_case()); });
    auto sa = a.session(Role::initiator), sb = b.session(Role::responder);
    pump(a, *sa, b, *sb);
    ASSERT_EQ(arrived.size(), 22u);
    std::sort(arrived.begin(), arrived.begin() + 2);
    EXPECT_EQ(arrived[0], v1::Body::kCredential);
    EXPECT_EQ(arrived[1], v1::Body::kRevocation);
}

}  // namespace
}  // namespace baken::sync
