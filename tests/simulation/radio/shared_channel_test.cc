// The channel model on its own (shared_channel.h): CSMA, carrier sense after tx_delay,
// collisions, half duplex, hidden nodes, loss, the TNC's FIFO, and determinism.
#include "simulation/radio/shared_channel.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "radio/link/airtime_budget.h"

namespace baken::sim {
namespace {

struct Heard {
    int receiver = 0;
    std::string frame;
    std::int64_t at_ms = 0;
};

class SharedChannelTest : public ::testing::Test {
  protected:
    void make(int nodes, ChannelSettings settings = {}, std::uint64_t seed = 1) {
        channel = std::make_unique<SharedChannel>(loop, nodes, settings, SimRandom(seed));
        channel->on_frame([this](int r, const std::string& f) {
            heard.push_back({r, f, channel->now_ms()});
        });
    }
    void run_ms(std::int64_t ms) { ASSERT_TRUE(loop.run_until(loop.now() + ms * kMs, 1'000'000)); }
    // At `at_ms`, node hands `frame` to its TNC.
    void send_at(std::int64_t at_ms, int node, std::string frame) {
        loop.at(at_ms * kMs, [this, node, frame] { channel->send(node, frame); });
    }
    static ChannelSettings always_transmit() {
        ChannelSettings s;
        s.persistence = 255;  // p = 1: no random deferral, timing is exact
        return s;
    }
    std::vector<int> receivers_of(const std::string& frame) const {
        std::vector<int> r;
        for (const auto& h : heard)
            if (h.frame == frame) r.push_back(h.receiver);
        return r;
    }

    EventLoop loop;
    std::unique_ptr<SharedChannel> channel;
    std::vector<Heard> heard;
};

TEST_F(SharedChannelTest, AFrameOnAnIdleChannelReachesEveryoneAfterItsAirtime) {
    make(3, always_transmit());
    const std::string frame(200, 'x');
    send_at(0, 0, frame);
    run_ms(10'000);
    ASSERT_EQ(channel->records().size(), 1u);
    const Transmission& t = channel->records()[0];
    const std::int64_t airtime = radio::airtime_ms(channel->settings().airtime, as_bytes(frame));
    EXPECT_EQ(t.start_ms, 0);
    EXPECT_EQ(t.airtime_ms, airtime);
    EXPECT_FALSE(t.collided);
    EXPECT_EQ(t.delivered, 2);
    EXPECT_EQ(receivers_of(frame), (std::vector<int>{1, 2}));
    for (const auto& h : heard) EXPECT_EQ(h.at_ms, airtime);
}

TEST_F(SharedChannelTest, FramesQueuedTogetherGoOutUnderOneKeyUpAndNobodyCutsIn) {
    make(3, always_transmit());
    send_at(0, 0, std::string(200, 'a'));
    send_at(0, 0, std::string(200, 'b'));
    send_at(500, 1, "waiting for a clear channel");
    run_ms(20'000);
    ASSERT_EQ(channel->records().size(), 3u);
    const Transmission& first = channel->records()[0];
    const Transmission& second = channel->records()[1];
    EXPECT_EQ(second.node, 0);
    EXPECT_EQ(second.start_ms, first.start_ms + first.airtime_ms);  // no gap, no CSMA wait
    EXPECT_EQ(second.airtime_ms, first.airtime_ms - channel->settings().airtime.tx_delay_ms);
    EXPECT_EQ(channel->records()[2].node, 1);
    EXPECT_GT(channel->records()[2].start_ms, second.start_ms + second.airtime_ms - 1);
    for (const Transmission& t : channel->records()) EXPECT_FALSE(t.collided);
}

TEST_F(SharedChannelTest, StationsKeyingUpWithinTheTxDelayCollideAndBothFramesAreLost) {
    make(3, always_transmit());
    send_at(0, 0, "from zero");
    send_at(299, 1, "from one");  // tx_delay 300: node 1 cannot sense node 0's carrier yet
    run_ms(10'000);
    ASSERT_EQ(channel->records().size(), 2u);
    EXPECT_TRUE(channel->records()[0].collided);
    EXPECT_TRUE(channel->records()[1].collided);
    EXPECT_TRUE(heard.empty());  // node 2 lost both; 0 and 1 were transmitting (half duplex)
    EXPECT_EQ(channel->stats(2).lost_to_collision, 2u);
}

TEST_F(SharedChannelTest, AStationThatSensesCarrierWaitsForTheChannelToClear) {
    make(3, always_transmit());
    const std::string first(100, 'a');
    send_at(0, 0, first);
    send_at(300, 1, "second");  // the carrier is sensed from 300 ms on
    run_ms(10'000);
    ASSERT_EQ(channel->records().size(), 2u);
    const std::int64_t end_of_first = channel->records()[0].airtime_ms;
    EXPECT_EQ(channel->records()[1].queued_ms, 300);
    EXPECT_EQ(channel->records()[1].start_ms, end_of_first);
    EXPECT_FALSE(channel->records()[0].collided);
    EXPECT_FALSE(channel->records()[1].collided);
    EXPECT_EQ(receivers_of(first), (std::vector<int>{1, 2}));
    EXPECT_EQ(receivers_of("second"), (std::vector<int>{0, 2}));
}

TEST_F(SharedChannelTest, HiddenStationsCollideAtTheStationBetweenThem) {
    make(3, always_transmit());
    channel->set_hears_each_other(0, 2, false);
    const std::string left(200, 'l'), right(200, 'r');  // over 1.6 s on the air each
    send_at(0, 0, left);
    send_at(1000, 2, right);  // cannot sense node 0, whatever the delay
    run_ms(10'000);
    ASSERT_EQ(channel->records().size(), 2u);
    EXPECT_EQ(channel->records()[1].start_ms, 1000);
    EXPECT_TRUE(receivers_of(left).empty());
    EXPECT_TRUE(receivers_of(right).empty());
    EXPECT_EQ(channel->stats(1).lost_to_collision, 2u);

    // Apart in time, each reaches the middle only.
    heard.clear();
    send_at(20'000, 0, "left again");
    send_at(30'000, 2, "right again");
    run_ms(30'000);
    EXPECT_EQ(receivers_of("left again"), (std::vector<int>{1}));
    EXPECT_EQ(receivers_of("right again"), (std::vector<int>{1}));
}

TEST_F(SharedChannelTest, PersistenceDefersAboutThreeSlotsOutOfFourOnAverage) {
    make(2);  // KISS defaults: P = 63 (p = 64/256), slot 100 ms
    const int frames = 2000;
    for (int i = 0; i < frames; ++i) send_at(i * 10'000, 0, "f" + std::to_string(i));
    run_ms(frames * 10'000LL + 10'000);
    ASSERT_EQ(channel->records().size(), static_cast<std::size_t>(frames));
    double waited_slots = 0;
    for (const auto& t : channel->records())
        waited_slots += static_cast<double>(t.start_ms - t.queued_ms) / 100.0;
    // Geometric: (1 - p) / p = 3 slots expected.
    EXPECT_NEAR(waited_slots / frames, 3.0, 0.3);
    EXPECT_EQ(channel->stats(0).deferrals, static_cast<std::uint64_t>(waited_slots + 0.5));
}

TEST_F(SharedChannelTest, IndependentLossDropsAboutTheConfiguredShare) {
    ChannelSettings settings = always_transmit();
    settings.loss = 0.2;
    make(2, settings);
    const int frames = 2000;
    for (int i = 0; i < frames; ++i) send_at(i * 1000, 0, "f");
    run_ms(frames * 1000LL + 10'000);
    const double lost = static_cast<double>(channel->stats(1).lost_to_noise) / frames;
    EXPECT_NEAR(lost, 0.2, 0.03);
    EXPECT_EQ(channel->stats(1).received + channel->stats(1).lost_to_noise,
              static_cast<std::uint64_t>(frames));
}

TEST_F(SharedChannelTest, TheTncFifoDropsAndCountsWhatItCannotHold) {
    ChannelSettings settings = always_transmit();
    settings.queue_limit = 4;
    make(2, settings);
    int accepted = 0;
    loop.at(0, [&] {
        for (int i = 0; i < 6; ++i) accepted += channel->send(0, "f" + std::to_string(i));
    });
    run_ms(60'000);
    EXPECT_EQ(accepted, 4);
    EXPECT_EQ(channel->stats(0).dropped, 2u);
    EXPECT_EQ(channel->records().size(), 4u);
    EXPECT_TRUE(channel->idle(0));
}

TEST_F(SharedChannelTest, TheIdleCallComesWhenTheLastQueuedFrameHasBeenSent) {
    make(2, always_transmit());
    std::vector<std::int64_t> idle_at;
    channel->on_idle([&](int node) {
        EXPECT_EQ(node, 0);
        idle_at.push_back(channel->now_ms());
    });
    loop.at(0, [&] {
        channel->send(0, "one");
        channel->send(0, "two");
    });
    run_ms(10'000);
    ASSERT_EQ(channel->records().size(), 2u);
    ASSERT_EQ(idle_at.size(), 1u);
    EXPECT_EQ(idle_at[0], channel->records()[1].start_ms + channel->records()[1].airtime_ms);
}

TEST_F(SharedChannelTest, TheSameSeedGivesTheSameTransmissions) {
    auto run = [](std::uint64_t seed) {
        EventLoop loop;
        ChannelSettings settings;
        settings.loss = 0.1;
        SharedChannel channel(loop, 4, settings, SimRandom(seed));
        for (int i = 0; i < 200; ++i)
            loop.at((i * 137 % 5000) * kMs, [&channel, i] { channel.send(i % 4, "frame"); });
        loop.run_until(600 * kSecond, 1'000'000);
        std::vector<std::tuple<int, std::int64_t, bool, int>> out;
        for (const auto& t : channel.records())
            out.emplace_back(t.node, t.start_ms, t.collided, t.delivered);
        return out;
    };
    EXPECT_EQ(run(7), run(7));
    EXPECT_NE(run(7), run(8));
}

}  // namespace
}  // namespace baken::sim
