#include "store/store.h"

#include <gtest/gtest.h>

#include <map>

#include "message/envelope_codec.h"
#include "support/sample_messages.h"
#include "support/temp_dir.h"

namespace baken {
namespace {

using testing::kSampleNowMs;

class StoreTest : public ::testing::Test {
  protected:
    std::unique_ptr<Store> open(std::uint64_t quota = 64ull << 20) {
        auto opened = Store::open({dir.path() / "store", quota});
        EXPECT_TRUE(opened) << (opened ? "" : opened.error());
        return opened ? std::move(opened).value() : nullptr;
    }
    testing::TempDir dir;
    Identity author = Identity::generate();
};

TEST_F(StoreTest, GetReturnsTheExactEnvelopeBytes) {
    auto store = open();
    auto m = testing::signed_sitrep(author, 1);
    EXPECT_EQ(store->put(m, 5, kSampleNowMs).status, PutStatus::stored);
    auto got = store->get(m.id);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->envelope_bytes, m.envelope_bytes);
    EXPECT_EQ(got->received_ms, 5);
}

TEST_F(StoreTest, SecondPutOfTheSameMessageIsADuplicate) {
    auto store = open();
    auto m = testing::signed_sitrep(author, 1);
    store->put(m, 0, kSampleNowMs);
    EXPECT_EQ(store->put(m, 0, kSampleNowMs).status, PutStatus::duplicate);
    EXPECT_EQ(store->stats().message_count, 1u);
}

// A later message of the same author that supersedes an earlier one.
DecodedMessage superseding(const Identity& author, const DecodedMessage& old, int serial) {
    v1::Message m = testing::sample_message(
        testing::sample_sitrep_body("correctie " + std::to_string(serial)), v1::ROUTINE);
    m.set_supersedes(old.id.data(), old.id.size());
    return sign_message(author, std::move(m));
}

TEST_F(StoreTest, ASupersededMessageIsWithdrawnAndItsReplayRefusedAlsoAfterReopening) {
    auto store = open();
    auto old = testing::signed_sitrep(author, 1);
    ASSERT_EQ(store->put(old, 0, kSampleNowMs).status, PutStatus::stored);
    ASSERT_EQ(store->put(superseding(author, old, 2), 0, kSampleNowMs).status, PutStatus::stored);
    EXPECT_FALSE(store->contains(old.id));
    store.reset();
    store = open();
    auto replay = store->put(old, 0, kSampleNowMs);
    ASSERT_EQ(replay.status, PutStatus::rejected);
    EXPECT_EQ(replay.reject->code, RejectCode::superseded);
}

// A stolen key's "corrections" of its owner's earlier messages must not erase them for good.
TEST_F(StoreTest, WhenTheReplacementIsWithdrawnTheReplacedMessageIsTakenAgain) {
    auto store = open();
    auto old = testing::signed_sitrep(author, 1);
    auto replacement = superseding(author, old, 2);
    ASSERT_EQ(store->put(old, 0, kSampleNowMs).status, PutStatus::stored);
    ASSERT_EQ(store->put(replacement, 0, kSampleNowMs).status, PutStatus::stored);
    ASSERT_TRUE(store->remove(std::vector<MessageId>{replacement.id}));
    EXPECT_EQ(store->put(old, 0, kSampleNowMs).status, PutStatus::stored);
}

// The picture follows the store through this listener: every way out must be reported.
TEST_F(StoreTest, EveryRemovalIsReportedAfterItsCommit) {
    auto store = open();
    std::vector<MessageId> reported;
    store->on_removed([&](std::span<const MessageId> ids) {
        reported.insert(reported.end(), ids.begin(), ids.end());
    });
    auto old = testing::signed_sitrep(author, 1);
    auto replacement = superseding(author, old, 2);
    auto other = testing::signed_sitrep(author, 3);
    store->put(old, 0, kSampleNowMs);
    store->put(replacement, 0, kSampleNowMs);
    EXPECT_EQ(reported, std::vector<MessageId>{old.id});  // superseded
    store->put(other, 0, kSampleNowMs);
    ASSERT_TRUE(store->remove(std::vector<MessageId>{other.id}));  // withdrawn
    EXPECT_EQ(reported.back(), other.id);
    ASSERT_TRUE(store->remove_expired(replacement.message.expires_ms() + 1));  // expired
    EXPECT_EQ(reported.back(), replacement.id);
    EXPECT_EQ(reported.size(), 3u);
}

TEST_F(StoreTest, ASupersedingMessageThatArrivesFirstStillKeepsTheOldOneOut) {
    auto store = open();
    auto old = testing::signed_sitrep(author, 1);
    ASSERT_EQ(store->put(superseding(author, old, 2), 0, kSampleNowMs).status, PutStatus::stored);
    EXPECT_EQ(store->put(old, 0, kSampleNowMs).status, PutStatus::rejected);
}

TEST_F(StoreTest, NobodySupersedesAnotherAuthorsMessage) {
    auto store = open();
    auto old = testing::signed_sitrep(author, 1);
    ASSERT_EQ(store->put(old, 0, kSampleNowMs).status, PutStatus::stored);
    Identity other = Identity::generate();
    ASSERT_EQ(store->put(superseding(other, old, 2), 0, kSampleNowMs).status, PutStatus::stored);
    EXPECT_TRUE(store->contains(old.id));
    EXPECT_EQ(store->put(old, 0, kSampleNowMs).status, PutStatus::duplicate);
    // ... nor keeps its author from doing so.
    ASSERT_EQ(store->put(superseding(author, old, 3), 0, kSampleNowMs).status, PutStatus::stored);
    EXPECT_EQ(store->put(old, 0, kSampleNowMs).status, PutStatus::rejected);
}

TEST_F(StoreTest, ListIsNewestFirstAndFiltersByKindAndAuthor) {
    auto store = open();
    for (int i = 0; i < 5; ++i)
        store->put(testing::signed_sitrep(author, i, v1::ROUTINE, kSampleNowMs + i), 0,
                   kSampleNowMs);
    auto other = Identity::generate();
    store->put(sign_message(other, testing::sample_message(testing::sample_need_body())), 0,
               kSampleNowMs);

    auto all = store->list({.now_ms = kSampleNowMs});
    ASSERT_EQ(all.size(), 6u);
    auto sitreps = store->list({.kind = v1::Body::kSitrep, .now_ms = kSampleNowMs, .limit = 3});
    ASSERT_EQ(sitreps.size(), 3u);
    auto first = decode_envelope(as_bytes(sitreps[0].envelope_bytes));
    EXPECT_EQ(first->message.created_ms(), kSampleNowMs + 4);
    auto by_other = store->list({.author = other.public_key(), .now_ms = kSampleNowMs});
    ASSERT_EQ(by_other.size(), 1u);
    EXPECT_EQ(store->list({.kind = v1::Body::kAnnouncement, .now_ms = kSampleNowMs}).size(), 0u);
}

TEST_F(StoreTest, ListHidesExpiredUnlessAsked) {
    auto store = open();
    auto m = testing::signed_sitrep(author, 1);
    store->put(m, 0, kSampleNowMs);
    std::int64_t later = m.message.expires_ms() + 1;
    EXPECT_EQ(store->list({.now_ms = later}).size(), 0u);
    EXPECT_EQ(store->list({.include_expired = true, .now_ms = later}).size(), 1u);
}

TEST_F(StoreTest, RemoveExpiredDeletesOnlyExpiredMessagesAndUpdatesStats) {
    auto store = open();
    auto old_one = testing::signed_sitrep(author, 1, v1::ROUTINE, kSampleNowMs - 3600 * 1000);
    auto new_one = testing::signed_sitrep(author, 2);
    store->put(old_one, 0, kSampleNowMs);
    store->put(new_one, 0, kSampleNowMs);
    auto removed = store->remove_expired(old_one.message.expires_ms());
    ASSERT_TRUE(removed);
    EXPECT_EQ(*removed, 1u);
    EXPECT_FALSE(store->contains(old_one.id));
    EXPECT_TRUE(store->contains(new_one.id));
    auto stats = store->stats();
    EXPECT_EQ(stats.message_count, 1u);
    EXPECT_EQ(stats.by_kind[v1::Body::kSitrep], 1u);
}

TEST_F(StoreTest, FullQuotaEvictsExpiredFirst) {
    auto m = testing::signed_sitrep(author, 0);
    std::uint64_t cost = m.envelope_bytes.size() + Store::kIndexOverheadBytes + 8;
    auto store = open(cost * 3);
    auto expiring = testing::signed_sitrep(author, 1, v1::FLASH, kSampleNowMs - 23 * 3600 * 1000);
    auto routine1 = testing::signed_sitrep(author, 2, v1::ROUTINE);
    auto routine2 = testing::signed_sitrep(author, 3, v1::ROUTINE);
    for (auto* x : {&expiring, &routine1, &routine2})
        ASSERT_EQ(store->put(*x, 0, kSampleNowMs).status, PutStatus::stored);
    std::int64_t later = expiring.message.expires_ms() + 1;  // the flash one has expired now
    auto newcomer = testing::signed_sitrep(author, 4, v1::ROUTINE, later - 1000);
    EXPECT_EQ(store->put(newcomer, 0, later).status, PutStatus::stored);
    EXPECT_FALSE(store->contains(expiring.id));
    EXPECT_TRUE(store->contains(routine1.id));
    EXPECT_EQ(store->stats().evicted_total, 1u);
}

TEST_F(StoreTest, FullQuotaEvictsLowestPrecedenceOldestFirst) {
    auto m = testing::signed_sitrep(author, 0);
    std::uint64_t cost = m.envelope_bytes.size() + Store::kIndexOverheadBytes + 8;
    auto store = open(cost * 3);
    auto flash = testing::signed_sitrep(author, 1, v1::FLASH, kSampleNowMs - 3);
    auto old_routine = testing::signed_sitrep(author, 2, v1::ROUTINE, kSampleNowMs - 2);
    auto new_routine = testing::signed_sitrep(author, 3, v1::ROUTINE, kSampleNowMs - 1);
    for (auto* x : {&flash, &old_routine, &new_routine}) store->put(*x, 0, kSampleNowMs);
    auto priority = testing::signed_sitrep(author, 4, v1::PRIORITY);
    EXPECT_EQ(store->put(priority, 0, kSampleNowMs).status, PutStatus::stored);
    EXPECT_FALSE(store->contains(old_routine.id));
    EXPECT_TRUE(store->contains(new_routine.id));
    EXPECT_TRUE(store->contains(flash.id));
}

TEST_F(StoreTest, FullQuotaNeverEvictsSomethingMoreUrgent) {
    auto m = testing::signed_sitrep(author, 0);
    std::uint64_t cost = m.envelope_bytes.size() + Store::kIndexOverheadBytes + 8;
    auto store = open(cost * 2);
    store->put(testing::signed_sitrep(author, 1, v1::FLASH), 0, kSampleNowMs);
    store->put(testing::signed_sitrep(author, 2, v1::IMMEDIATE), 0, kSampleNowMs);
    auto outcome = store->put(testing::signed_sitrep(author, 3, v1::ROUTINE), 0, kSampleNowMs);
    EXPECT_EQ(outcome.status, PutStatus::rejected);
    ASSERT_TRUE(outcome.reject);
    EXPECT_EQ(outcome.reject->code, RejectCode::storage_full);
    EXPECT_EQ(store->stats().message_count, 2u);
}

TEST_F(StoreTest, ARefusedMessageEvictsNothing) {
    auto m = testing::signed_sitrep(author, 0);
    std::uint64_t cost = m.envelope_bytes.size() + Store::kIndexOverheadBytes + 8;
    auto store = open(cost * 2);
    auto routine = testing::signed_sitrep(author, 1, v1::ROUTINE);
    auto immediate = testing::signed_sitrep(author, 2, v1::IMMEDIATE);
    store->put(routine, 0, kSampleNowMs);
    store->put(immediate, 0, kSampleNowMs);
    // A bigger priority message would need both slots; the immediate one may not go.
    auto big = sign_message(
        author,
        testing::sample_message(testing::sample_sitrep_body(std::string(400, 'p')), v1::PRIORITY));
    EXPECT_EQ(store->put(big, 0, kSampleNowMs).status, PutStatus::rejected);
    EXPECT_TRUE(store->contains(routine.id));
    EXPECT_TRUE(store->contains(immediate.id));
    EXPECT_EQ(store->stats().evicted_total, 0u);
}

TEST_F(StoreTest, ABatchNeverEvictsWhatItHasJustStored) {
    auto m = testing::signed_sitrep(author, 0);
    std::uint64_t cost = m.envelope_bytes.size() + Store::kIndexOverheadBytes + 8;
    auto store = open(cost * 2);
    auto a = testing::signed_sitrep(author, 1, v1::ROUTINE, kSampleNowMs - 2);
    auto b = testing::signed_sitrep(author, 2, v1::ROUTINE, kSampleNowMs - 1);
    auto c = testing::signed_sitrep(author, 3, v1::ROUTINE, kSampleNowMs);
    const DecodedMessage* batch[] = {&a, &b, &c};
    auto outcomes = store->put_batch(batch, 0, kSampleNowMs);
    EXPECT_EQ(outcomes[0].status, PutStatus::stored);
    EXPECT_EQ(outcomes[1].status, PutStatus::stored);
    EXPECT_EQ(outcomes[2].status, PutStatus::rejected);
    EXPECT_TRUE(store->contains(a.id));
    EXPECT_TRUE(store->contains(b.id));
}

TEST_F(StoreTest, LiveIdsAreTheUnexpiredOnes) {
    auto store = open();
    auto old_one = testing::signed_sitrep(author, 1, v1::ROUTINE, kSampleNowMs - 3600 * 1000);
    auto new_one = testing::signed_sitrep(author, 2);
    store->put(old_one, 0, kSampleNowMs);
    store->put(new_one, 0, kSampleNowMs);
    EXPECT_EQ(store->live_ids(kSampleNowMs).size(), 2u);
    auto later = store->live_ids(old_one.message.expires_ms());
    ASSERT_EQ(later.size(), 1u);
    EXPECT_EQ(later[0], new_one.id);
}

TEST_F(StoreTest, ForEachMessageReadsEveryRecordInIdOrderAndResumesAfterAGivenId) {
    auto store = open();
    std::map<MessageId, std::string> stored;  // id order
    for (int i = 0; i < 20; ++i) {
        auto m = testing::signed_sitrep(author, i);
        ASSERT_EQ(store->put(m, i, kSampleNowMs).status, PutStatus::stored);
        stored.emplace(m.id, m.envelope_bytes);
    }
    std::vector<MessageId> seen;
    store->for_each_message([&](const StoredMessage& m) {
        EXPECT_EQ(m.envelope_bytes, stored.at(m.id));
        seen.push_back(m.id);
        return seen.size() < 7;  // stop after seven, as a slice does
    });
    ASSERT_EQ(seen.size(), 7u);
    store->for_each_message(
        [&](const StoredMessage& m) {
            EXPECT_EQ(m.envelope_bytes, stored.at(m.id));
            seen.push_back(m.id);
            return true;
        },
        &seen.back());
    std::vector<MessageId> all;
    for (const auto& [id, bytes] : stored) all.push_back(id);
    EXPECT_EQ(seen, all);
}

TEST_F(StoreTest, ForEachMessageAfterTheLastIdReadsNothing) {
    auto store = open();
    auto m = testing::signed_sitrep(author, 1);
    store->put(m, 0, kSampleNowMs);
    int visits = 0;
    store->for_each_message([&](const StoredMessage&) { return ++visits > 0; }, &m.id);
    EXPECT_EQ(visits, 0);
}

TEST_F(StoreTest, StatsCountUsedBytesAndKinds) {
    auto store = open();
    auto m = testing::signed_sitrep(author, 1);
    store->put(m, 0, kSampleNowMs);
    auto s = store->stats();
    EXPECT_EQ(s.message_count, 1u);
    EXPECT_EQ(s.used_bytes, m.envelope_bytes.size() + Store::kIndexOverheadBytes);
    EXPECT_EQ(s.by_kind[v1::Body::kSitrep], 1u);
}

TEST_F(StoreTest, ContentSurvivesReopening) {
    auto m = testing::signed_sitrep(author, 1);
    {
        auto store = open();
        store->put(m, 0, kSampleNowMs);
    }
    auto store = open();
    EXPECT_TRUE(store->contains(m.id));
    EXPECT_EQ(store->stats().message_count, 1u);
}

}  // namespace
}  // namespace baken
