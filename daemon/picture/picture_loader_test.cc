// Loading the picture from the store in slices: the same picture as adding every message, also
// when messages are stored and removed between slices; and the views read bodies from the store.
#include "picture/picture_loader.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "message/envelope_codec.h"
#include "support/sample_messages.h"
#include "support/temp_dir.h"

namespace baken::picture {
namespace {

using testing::kSampleNowMs;

constexpr std::int64_t kMinute = 60 * 1000;

class PictureLoaderTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto opened = Store::open({dir_.path() / "store", 64ull << 20});
        ASSERT_TRUE(opened) << opened.error();
        store_ = std::move(opened).value();
    }

    // Message `i` of a mix of the kinds the picture shows: statuses, needs and their updates,
    // sitreps, announcements and node names, from three authors.
    DecodedMessage mixed(int i) {
        const std::string point = "GM0344-SP0" + std::to_string(i % 4);
        v1::Body body;
        switch (i % 6) {
            case 0:
                body = testing::sample_status_body();
                body.mutable_support_point_status()->set_support_point(point);
                body.mutable_support_point_status()->set_visitors(i);
                break;
            case 1:
                body = testing::sample_need_body();
                body.mutable_need()->set_support_point(point);
                body.mutable_need()->set_quantity(i);
                break;
            case 2:
                body = testing::sample_need_update_body();
                if (!needs_.empty())
                    body.mutable_need_update()->set_need(
                        std::string(needs_.back().begin(), needs_.back().end()));
                body.mutable_need_update()->set_state(i % 4 ? v1::ACKNOWLEDGED : v1::FULFILLED);
                break;
            case 3:
                body = testing::sample_sitrep_body("situatie " + std::to_string(i));
                body.mutable_sitrep()->mutable_entries(0)->set_topic("t" + std::to_string(i % 3));
                break;
            case 4:
                body = testing::sample_announcement_body();
                break;
            default:
                body = testing::sample_node_info_body();
                body.mutable_node_info()->set_name("post " + std::to_string(i));
        }
        DecodedMessage m =
            sign_message(authors_[i % 3],
                         testing::sample_message(body, v1::ROUTINE, kSampleNowMs - i * kMinute));
        if (body.has_need()) needs_.push_back(m.id);
        return m;
    }

    // Stores messages first..last-1 of the mix; returns them.
    std::vector<DecodedMessage> store_mix(int first, int last) {
        std::vector<DecodedMessage> out;
        for (int i = first; i < last; ++i) {
            out.push_back(mixed(i));
            EXPECT_EQ(store_->put(out.back(), 0, kSampleNowMs).status, PutStatus::stored);
        }
        return out;
    }

    // An engine as bakend's: bodies read from the store.
    std::unique_ptr<PictureEngine> engine_over_store() {
        return std::make_unique<PictureEngine>(
            [this](const MessageId& id) { return read_body(*store_, id); });
    }

    testing::TempDir dir_;
    std::unique_ptr<Store> store_;
    std::vector<Identity> authors_{Identity::generate(), Identity::generate(),
                                   Identity::generate()};
    std::vector<MessageId> needs_;
};

TEST_F(PictureLoaderTest, LoadingInSlicesGivesThePictureOfAddingEveryMessage) {
    std::vector<DecodedMessage> messages = store_mix(0, 60);
    PictureEngine reference;  // keeps its own copies of the envelopes
    for (const DecodedMessage& m : messages) reference.add(m);

    auto engine = engine_over_store();
    PictureLoader loader(*engine, *store_);
    EXPECT_EQ(loader.total(), 60u);
    int slices = 0;
    while (!loader.step(7) && slices < 100) {
        ++slices;
        EXPECT_TRUE(loader.progress().loading);
        EXPECT_EQ(loader.progress().read, 7u * static_cast<std::size_t>(slices));
    }
    EXPECT_EQ(slices, 8);  // 8 slices of 7, then the last 4
    EXPECT_FALSE(loader.progress().loading);
    EXPECT_EQ(loader.report().loaded, 60u);
    EXPECT_EQ(engine->message_count(), 60u);
    EXPECT_EQ(engine->digest(), reference.digest());
    EXPECT_EQ(engine->view(kSampleNowMs).SerializeAsString(),
              reference.view(kSampleNowMs).SerializeAsString());
}

TEST_F(PictureLoaderTest, MessagesStoredAndRemovedBetweenSlicesEndUpAsInAFreshLoad) {
    std::vector<DecodedMessage> first = store_mix(0, 40);
    auto engine = engine_over_store();
    PictureLoader loader(*engine, *store_);
    loader.step(10);
    // As bakend does between slices: what is stored is added, what is removed leaves.
    for (const DecodedMessage& m : store_mix(40, 55)) engine->add(m);
    std::vector<MessageId> gone = {first[1].id, first[20].id, first[39].id};
    ASSERT_TRUE(store_->remove(gone));
    for (const MessageId& id : gone) engine->remove(id);
    for (int slices = 0; !loader.step(10) && slices < 100; ++slices) {
    }

    auto fresh = engine_over_store();
    LoadReport report = load_picture(*fresh, *store_);
    EXPECT_EQ(report.loaded, 52u);
    EXPECT_EQ(engine->message_count(), 52u);
    EXPECT_EQ(engine->digest(), fresh->digest());
}

TEST_F(PictureLoaderTest, AViewLeavesOutAMessageWhoseBodyCannotBeRead) {
    std::vector<DecodedMessage> messages = store_mix(0, 2);  // a status and a need
    const MessageId unreadable = messages[1].id;
    PictureEngine engine([&](const MessageId& id) -> std::optional<v1::Body> {
        if (id == unreadable) return std::nullopt;
        return read_body(*store_, id);
    });
    for (const DecodedMessage& m : messages) engine.add(m);
    v1::Picture p = engine.view(kSampleNowMs);
    EXPECT_EQ(p.support_points_size(), 1);
    EXPECT_EQ(p.needs_size(), 0);
    EXPECT_EQ(p.message_count(), 2u);  // still held: only not shown
}

TEST_F(PictureLoaderTest, AViewOfOnePointReadsTheBodiesOfWhatItShowsOnly) {
    std::vector<DecodedMessage> messages = store_mix(0, 60);  // four points, ten needs
    int reads = 0;
    PictureEngine engine([&](const MessageId& id) {
        ++reads;
        return read_body(*store_, id);
    });
    for (const DecodedMessage& m : messages) engine.add(m);
    PictureFilter point;
    point.support_point = "GM0344-SP01";
    point.parts = kNeeds;
    v1::Picture p = engine.view(kSampleNowMs, point);
    ASSERT_GT(p.needs_size(), 0);
    int updates = 0;
    for (const v1::NeedView& n : p.needs()) {
        EXPECT_EQ(n.support_point(), "GM0344-SP01");
        updates += n.updates_size();
    }
    // Its needs, their updates, and the point's status (for its name): not every need.
    EXPECT_LE(reads, p.needs_size() + updates + 1);
}

}  // namespace
}  // namespace baken::picture
