// The picture engine: latest facts win by created time, removals restore what was before, and
// the digest is a function of the message set alone.
#include "picture/picture_engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "common/bytes.h"
#include "message/envelope_codec.h"
#include "support/sample_messages.h"

namespace baken::picture {
namespace {

using testing::kSampleNowMs;
using testing::sample_message;

constexpr std::int64_t kMinute = 60 * 1000;

class PictureEngineTest : public ::testing::Test {
  protected:
    DecodedMessage sign(v1::Body body, std::int64_t created_ms = kSampleNowMs,
                        v1::Precedence precedence = v1::ROUTINE, const Identity* who = nullptr) {
        return sign_message(who ? *who : author_,
                            sample_message(std::move(body), precedence, created_ms));
    }
    static v1::Body status(v1::Openness openness, std::string point = "GM0344-SP07") {
        v1::Body body = testing::sample_status_body();
        body.mutable_support_point_status()->set_openness(openness);
        body.mutable_support_point_status()->set_support_point(point);
        body.mutable_support_point_status()->set_municipality(point.substr(0, 6));
        return body;
    }
    static v1::Body update(const DecodedMessage& need, v1::NeedState state) {
        v1::Body body = testing::sample_need_update_body();
        body.mutable_need_update()->set_need(std::string(need.id.begin(), need.id.end()));
        body.mutable_need_update()->set_state(state);
        return body;
    }
    static v1::Body sitrep(const std::string& topic, v1::Severity severity) {
        v1::Body body = testing::sample_sitrep_body();
        auto* entry = body.mutable_sitrep()->mutable_entries(0);
        entry->set_topic(topic);
        entry->set_severity(severity);
        return body;
    }

    Identity author_ = Identity::generate();
    PictureEngine engine_;
};

TEST_F(PictureEngineTest, TheLatestStatusByCreatedTimeWinsWhateverTheArrivalOrder) {
    DecodedMessage older = sign(status(v1::OPEN), kSampleNowMs - 10 * kMinute);
    DecodedMessage newer = sign(status(v1::CLOSED), kSampleNowMs);
    engine_.add(newer);
    engine_.add(older);
    v1::Picture p = engine_.view(kSampleNowMs);
    ASSERT_EQ(p.support_points_size(), 1);
    EXPECT_EQ(p.support_points(0).status().openness(), v1::CLOSED);
    EXPECT_EQ(p.support_points(0).condition(), v1::CONDITION_CRITICAL);
    EXPECT_EQ(p.support_points(0).source().message_id(), to_hex(newer.id));
}

TEST_F(PictureEngineTest, RemovingTheLatestStatusBringsBackThePreviousOne) {
    DecodedMessage older = sign(status(v1::OPEN), kSampleNowMs - 10 * kMinute);
    DecodedMessage newer = sign(status(v1::CLOSED), kSampleNowMs);
    engine_.add(older);
    engine_.add(newer);
    EXPECT_NE(engine_.remove(newer.id) & kSupportPoints, 0u);
    EXPECT_EQ(engine_.view(kSampleNowMs).support_points(0).status().openness(), v1::OPEN);
    engine_.remove(older.id);
    EXPECT_EQ(engine_.view(kSampleNowMs).support_points_size(), 0);
    EXPECT_EQ(engine_.message_count(), 0u);
}

// "Closed for the next hour" must not turn back into the "open" sent before it.
TEST_F(PictureEngineTest, WhenTheLatestStatusExpiresAnOlderOneDoesNotComeBack) {
    engine_.add(sign(status(v1::OPEN), kSampleNowMs - 10 * kMinute));
    v1::Message closed = sample_message(status(v1::CLOSED), v1::ROUTINE, kSampleNowMs);
    closed.set_expires_ms(kSampleNowMs + 60 * kMinute);
    engine_.add(sign_message(author_, closed));
    EXPECT_EQ(engine_.view(kSampleNowMs).support_points(0).status().openness(), v1::CLOSED);
    EXPECT_EQ(engine_.view(kSampleNowMs + 61 * kMinute).support_points_size(), 0);
}

TEST_F(PictureEngineTest, AgesAndStalenessAreJudgedAtTheTimeOfTheView) {
    engine_.add(sign(status(v1::OPEN), kSampleNowMs));
    EXPECT_EQ(engine_.view(kSampleNowMs + 90 * 1000).support_points(0).source().age_s(), 90);
    EXPECT_FALSE(engine_.view(kSampleNowMs + 5 * 60 * kMinute).support_points(0).stale());
    EXPECT_TRUE(engine_.view(kSampleNowMs + 7 * 60 * kMinute).support_points(0).stale());
}

TEST_F(PictureEngineTest, ANeedGoesThroughItsLifecycleAndCountsAsOpenUntilFulfilled) {
    DecodedMessage need = sign(testing::sample_need_body(), kSampleNowMs, v1::FLASH);
    engine_.add(need);
    v1::Picture p = engine_.view(kSampleNowMs);
    ASSERT_EQ(p.needs_size(), 1);
    EXPECT_EQ(p.needs(0).state(), v1::NEED_OPEN);
    ASSERT_EQ(p.support_points_size(), 1);  // known by its need alone
    EXPECT_EQ(p.support_points(0).condition(), v1::CONDITION_UNKNOWN);
    EXPECT_EQ(p.support_points(0).open_needs(), 1u);

    engine_.add(sign(update(need, v1::ACKNOWLEDGED), kSampleNowMs + kMinute));
    EXPECT_EQ(engine_.view(kSampleNowMs).needs(0).state(), v1::ACKNOWLEDGED);
    engine_.add(sign(update(need, v1::FULFILLED), kSampleNowMs + 2 * kMinute));
    p = engine_.view(kSampleNowMs);
    EXPECT_EQ(p.needs(0).state(), v1::FULFILLED);
    EXPECT_EQ(p.needs(0).updates_size(), 2);
    EXPECT_EQ(p.support_points(0).open_needs(), 0u);
    PictureFilter open_only;
    open_only.closed_needs = false;
    EXPECT_EQ(engine_.view(kSampleNowMs, open_only).needs_size(), 0);
}

TEST_F(PictureEngineTest, AnUpdateThatArrivesBeforeItsNeedCountsWhenTheNeedArrives) {
    DecodedMessage need = sign(testing::sample_need_body());
    engine_.add(sign(update(need, v1::IN_PROGRESS), kSampleNowMs + kMinute));
    EXPECT_EQ(engine_.view(kSampleNowMs).needs_size(), 0);
    engine_.add(need);
    EXPECT_EQ(engine_.view(kSampleNowMs).needs(0).state(), v1::IN_PROGRESS);
}

TEST_F(PictureEngineTest, SitrepsKeepTheLatestEntryPerPillarAndTopic) {
    engine_.add(sign(sitrep("Power", v1::DISRUPTED), kSampleNowMs - kMinute));
    engine_.add(sign(sitrep("power ", v1::DEGRADED), kSampleNowMs));
    engine_.add(sign(sitrep("drinking-water", v1::FAILED), kSampleNowMs - 2 * kMinute));
    v1::Picture p = engine_.view(kSampleNowMs);
    ASSERT_EQ(p.municipalities_size(), 1);
    ASSERT_EQ(p.municipalities(0).cells_size(), 2);
    EXPECT_EQ(p.municipalities(0).cells(0).topic(), "drinking-water");
    EXPECT_EQ(p.municipalities(0).cells(1).severity(), v1::DEGRADED);
}

TEST_F(PictureEngineTest, AnnouncementsArePendingThenActiveThenGone) {
    v1::Body body = testing::sample_announcement_body();
    body.mutable_announcement()->set_effective_ms(kSampleNowMs + 10 * kMinute);
    body.mutable_announcement()->set_expires_ms(kSampleNowMs + 60 * kMinute);
    engine_.add(sign(body));
    EXPECT_EQ(engine_.view(kSampleNowMs).announcements(0).state(), v1::ANNOUNCEMENT_PENDING);
    EXPECT_EQ(engine_.view(kSampleNowMs + 20 * kMinute).announcements(0).state(),
              v1::ANNOUNCEMENT_ACTIVE);
    EXPECT_EQ(engine_.view(kSampleNowMs + 61 * kMinute).announcements_size(), 0);
}

TEST_F(PictureEngineTest, AFilterShowsOneMunicipalityOrOnePoint) {
    engine_.add(sign(status(v1::OPEN, "GM0344-SP07")));
    engine_.add(sign(status(v1::OPEN, "GM0344-SP08")));
    engine_.add(sign(status(v1::OPEN, "GM0363-SP01")));
    for (const char* at : {"GM0344-SP07", "GM0363-SP01"}) {
        v1::Body need = testing::sample_need_body();
        need.mutable_need()->set_support_point(at);
        need.mutable_need()->set_municipality(std::string(at, 6));
        engine_.add(sign(need));
    }
    PictureFilter utrecht;
    utrecht.municipality = "GM0344";
    v1::Picture p = engine_.view(kSampleNowMs, utrecht);
    EXPECT_EQ(p.support_points_size(), 2);
    ASSERT_EQ(p.needs_size(), 1);
    EXPECT_EQ(p.needs(0).support_point(), "GM0344-SP07");
    PictureFilter point;
    point.support_point = "GM0363-SP01";
    p = engine_.view(kSampleNowMs, point);
    EXPECT_EQ(p.support_points_size(), 1);
    ASSERT_EQ(p.needs_size(), 1);
    EXPECT_EQ(p.needs(0).support_point(), "GM0363-SP01");
}

TEST_F(PictureEngineTest, AReplacementWithdrawsWhatItReplaces) {
    DecodedMessage first = sign(status(v1::OPEN));
    v1::Message m = sample_message(status(v1::LIMITED), v1::ROUTINE, kSampleNowMs - kMinute);
    m.set_supersedes(std::string(first.id.begin(), first.id.end()));
    DecodedMessage correction = sign_message(author_, m);
    engine_.add(first);
    engine_.add(correction);
    EXPECT_EQ(engine_.message_count(), 1u);
    EXPECT_EQ(engine_.view(kSampleNowMs).support_points(0).status().openness(), v1::LIMITED);
}

TEST_F(PictureEngineTest, NodesAreNamedByTheirNodeInfo) {
    engine_.add(sign(testing::sample_node_info_body()));
    engine_.add(sign(status(v1::OPEN)));
    v1::Picture p = engine_.view(kSampleNowMs);
    ASSERT_EQ(p.nodes_size(), 1);
    EXPECT_EQ(p.nodes(0).messages(), 2u);
    EXPECT_FALSE(p.nodes(0).name().empty());
    EXPECT_EQ(p.support_points(0).source().author_name(), p.nodes(0).name());
}

TEST_F(PictureEngineTest, ANodesLastMessageGoesBackWhenItsLatestLeaves) {
    DecodedMessage older = sign(status(v1::OPEN), kSampleNowMs - 30 * kMinute);
    DecodedMessage newer = sign(status(v1::CLOSED, "GM0344-SP08"), kSampleNowMs - 10 * kMinute);
    engine_.add(older);
    engine_.add(newer);
    ASSERT_EQ(engine_.view(kSampleNowMs).nodes_size(), 1);
    EXPECT_EQ(engine_.view(kSampleNowMs).nodes(0).last_message_ms(), newer.message.created_ms());
    engine_.remove(newer.id);
    v1::Picture p = engine_.view(kSampleNowMs);
    ASSERT_EQ(p.nodes_size(), 1);
    EXPECT_EQ(p.nodes(0).last_message_ms(), older.message.created_ms());
    EXPECT_EQ(p.nodes(0).messages(), 1u);
    engine_.add(newer);
    EXPECT_EQ(engine_.view(kSampleNowMs).nodes(0).last_message_ms(), newer.message.created_ms());
}

TEST_F(PictureEngineTest, AKeyThatSignsCredentialsIsShownAsTheRegionRoot) {
    engine_.add(sign(testing::sample_credential_body()));
    v1::Picture p = engine_.view(kSampleNowMs);
    bool root_seen = false;
    for (const v1::NodeView& n : p.nodes())
        if (n.public_key() == to_hex(author_.public_key())) root_seen = n.role() == "region-root";
    EXPECT_TRUE(root_seen);
}

TEST_F(PictureEngineTest, ACredentialedAuthorIsFingerprintedWhicheverArrivedFirst) {
    Identity subject = Identity::generate();
    v1::Body credential = testing::sample_credential_body();
    const PublicKey& key = subject.public_key();
    credential.mutable_credential()->set_subject(std::string(key.begin(), key.end()));
    DecodedMessage issued = sign(credential);  // by author_, the region root here
    DecodedMessage posted = sign(status(v1::OPEN), kSampleNowMs, v1::ROUTINE, &subject);

    PictureEngine credential_first;
    credential_first.add(issued);
    credential_first.add(posted);
    PictureEngine status_first;
    status_first.add(posted);
    status_first.add(issued);
    for (PictureEngine* engine : {&credential_first, &status_first}) {
        v1::Picture p = engine->view(kSampleNowMs);
        ASSERT_EQ(p.support_points_size(), 1);
        EXPECT_EQ(p.support_points(0).source().author_fingerprint(), subject.fingerprint());
    }
    EXPECT_EQ(credential_first.digest(), status_first.digest());
}

// A mixed set of messages by several authors: statuses, needs with updates, sitreps,
// announcements, node info and replacements. A replacement only names a message that neither
// replaces nor is replaced: with chains (C replaces B replaces A) what a node ends up holding
// depends on arrival order, in the store too, so the sets would not be the same.
std::vector<DecodedMessage> mixed_set(std::mt19937& rng, int count) {
    std::vector<Identity> authors;
    for (int i = 0; i < 4; ++i) authors.push_back(Identity::generate());
    std::vector<DecodedMessage> out;
    std::vector<DecodedMessage> needs;
    std::vector<bool> in_chain;
    for (int i = 0; i < count; ++i) {
        const Identity& who = authors[rng() % authors.size()];
        std::int64_t created = kSampleNowMs - static_cast<std::int64_t>(rng() % 600) * kMinute;
        v1::Body body;
        switch (rng() % 6) {
            case 0:
                body = testing::sample_status_body();
                body.mutable_support_point_status()->set_openness(
                    static_cast<v1::Openness>(1 + rng() % 3));
                body.mutable_support_point_status()->set_support_point("GM0344-SP0" +
                                                                       std::to_string(rng() % 4));
                break;
            case 1:
                body = testing::sample_need_body();
                body.mutable_need()->set_quantity(static_cast<double>(rng() % 1000));
                break;
            case 2: {
                if (needs.empty()) continue;
                const DecodedMessage& need = needs[rng() % needs.size()];
                body = testing::sample_need_update_body();
                body.mutable_need_update()->set_need(std::string(need.id.begin(), need.id.end()));
                body.mutable_need_update()->set_state(static_cast<v1::NeedState>(1 + rng() % 5));
                break;
            }
            case 3:
                body = testing::sample_sitrep_body("tekst " + std::to_string(i));
                body.mutable_sitrep()->mutable_entries(0)->set_topic(rng() % 2 ? "power" : "water");
                break;
            case 4:
                body = testing::sample_announcement_body();
                break;
            default:
                body = testing::sample_node_info_body();
                break;
        }
        v1::Message m = sample_message(body, v1::ROUTINE, created);
        if (!out.empty() && rng() % 10 == 0) {
            std::size_t pick = rng() % out.size();
            const DecodedMessage& earlier = out[pick];
            if (earlier.message.supersedes().empty() && !in_chain[pick]) {
                m.set_supersedes(std::string(earlier.id.begin(), earlier.id.end()));
                in_chain[pick] = true;
            }
        }
        out.push_back(sign_message(who, m));
        in_chain.push_back(!m.supersedes().empty());
        if (out.back().message.body().has_need()) needs.push_back(out.back());
    }
    return out;
}

TEST_F(PictureEngineTest, TheDigestDependsOnTheMessageSetNotOnArrivalOrder) {
    std::mt19937 rng(20261129);
    std::vector<DecodedMessage> set = mixed_set(rng, 300);
    PictureEngine reference;
    for (const DecodedMessage& m : set) reference.add(m);
    for (int round = 0; round < 5; ++round) {
        std::shuffle(set.begin(), set.end(), rng);
        PictureEngine other;
        for (const DecodedMessage& m : set) other.add(m);
        EXPECT_EQ(other.digest(), reference.digest()) << "round " << round;
        EXPECT_EQ(other.message_count(), reference.message_count());
    }
}

TEST_F(PictureEngineTest, AddingThenRemovingAMessageRestoresTheDigest) {
    std::mt19937 rng(7);
    std::vector<DecodedMessage> set = mixed_set(rng, 100);
    for (const DecodedMessage& m : set) engine_.add(m);
    std::string before = engine_.digest();
    DecodedMessage extra = sign(status(v1::CLOSED, "GM0344-SP99"));
    engine_.add(extra);
    EXPECT_NE(engine_.digest(), before);
    engine_.remove(extra.id);
    EXPECT_EQ(engine_.digest(), before);
}

TEST_F(PictureEngineTest, TheDigestIgnoresTheClock) {
    engine_.add(sign(status(v1::OPEN)));
    EXPECT_EQ(engine_.view(kSampleNowMs).digest(), engine_.view(kSampleNowMs + 3600000).digest());
}

}  // namespace
}  // namespace baken::picture
