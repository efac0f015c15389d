// The link simulator itself, driven through its pseudo-terminals with plain file descriptors
// (no daemon): airtime at 1200 bit/s, loss 0 and 1, one transmission at a time, turns, the
// TNC's bounded queue, and the sliding-window airtime check the end-to-end test relies on.
#include "kiss_link_simulator.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace baken::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// A daemon's end of a simulated TNC: the pty slave, opened as a serial port would be.
class TncPort {
  public:
    explicit TncPort(const std::string& path) : fd_(::open(path.c_str(), O_RDWR | O_NOCTTY)) {}
    ~TncPort() {
        if (fd_ >= 0) ::close(fd_);
    }
    TncPort(const TncPort&) = delete;
    TncPort& operator=(const TncPort&) = delete;
    bool is_open() const { return fd_ >= 0; }

    void send(const radio::KissFrame& frame) { send_bytes(radio::kiss_encode(frame)); }
    void send_bytes(const std::string& bytes) {
        ASSERT_EQ(::write(fd_, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
    }
    void send_data(const std::string& payload) { send({0, radio::KissCommand::data, payload}); }

    // Reads until `count` frames have arrived or `limit` has passed.
    std::vector<radio::KissFrame> receive(std::size_t count, std::chrono::milliseconds limit) {
        auto deadline = Clock::now() + limit;
        while (received_.size() < count && Clock::now() < deadline) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 10) <= 0) continue;
            std::uint8_t buffer[1024];
            ssize_t got = ::read(fd_, buffer, sizeof buffer);
            if (got > 0) decoder_.feed(ByteView(buffer, static_cast<std::size_t>(got)), received_);
        }
        return received_;
    }

  private:
    int fd_;
    radio::KissDecoder decoder_;
    std::vector<radio::KissFrame> received_;
};

std::unique_ptr<KissLinkSimulator> simulator(LinkSimulatorOptions options) {
    auto made = KissLinkSimulator::create(options);
    EXPECT_TRUE(made) << (made ? "" : made.error());
    if (!made) return nullptr;
    auto sim = std::move(made).value();
    sim->start();
    return sim;
}

LinkSimulatorOptions at(double bit_rate, std::size_t nodes = 2, double loss = 0) {
    LinkSimulatorOptions options;
    options.nodes = nodes;
    options.bit_rate = bit_rate;
    options.loss = loss;
    return options;
}

// Waits (at most `limit`) until `sim` has put `count` frames on air.
bool wait_for_transmissions(const KissLinkSimulator& sim, std::size_t count,
                            std::chrono::milliseconds limit) {
    auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
        auto records = sim.transmissions();
        bool all_done = records.size() >= count &&
                        sim.totals(0).frames_received + sim.totals(0).frames_lost +
                                sim.totals(1).frames_received + sim.totals(1).frames_lost >=
                            count;
        if (all_done) return true;
        std::this_thread::sleep_for(5ms);
    }
    return false;
}

TEST(KissLinkSimulator, EachNodeGetsItsOwnPseudoTerminal) {
    auto sim = simulator(at(1200, 3));
    ASSERT_TRUE(sim);
    EXPECT_EQ(sim->nodes(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(sim->device_path(i).rfind("/dev/pts/", 0), 0u) << sim->device_path(i);
        EXPECT_TRUE(TncPort(sim->device_path(i)).is_open()) << sim->device_path(i);
    }
    EXPECT_NE(sim->device_path(0), sim->device_path(1));
}

TEST(KissLinkSimulator, A150ByteFrameAt1200BitPerSecondTakesAboutOneSecondPlusTxDelay) {
    auto sim = simulator(at(1200));
    ASSERT_TRUE(sim);
    TncPort a(sim->device_path(0)), b(sim->device_path(1));
    a.send({0, radio::KissCommand::tx_delay, std::string(1, '\x0a')});  // 10 x 10 ms
    std::string payload(150, 'x');
    payload[0] = static_cast<char>(0xC0);  // FEND inside: escaped on the pty, 150 bytes on air
    auto sent_at = Clock::now();
    a.send_data(payload);
    auto got = b.receive(1, 5s);
    double took = std::chrono::duration<double>(Clock::now() - sent_at).count();

    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].command, radio::KissCommand::data);
    EXPECT_EQ(got[0].port, 0);
    EXPECT_EQ(got[0].payload, payload);
    double expected = 0.100 + (150 + 4) * 8 / 1200.0;  // 1.127 s
    EXPECT_NEAR(took, expected, 0.25);
    EXPECT_GE(took, expected - 0.01);  // never faster than the air allows

    auto records = sim->transmissions();
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].node, 0u);
    EXPECT_NEAR(records[0].airtime_s, expected, 1e-9);
    EXPECT_EQ(records[0].payload, payload);
    auto totals = sim->totals(0);
    EXPECT_EQ(totals.frames_sent, 1u);
    EXPECT_EQ(totals.payload_bytes, 150u);
    EXPECT_EQ(totals.parameter_frames, 1u);
    EXPECT_DOUBLE_EQ(totals.tx_delay_s, 0.100);
    EXPECT_EQ(sim->totals(1).frames_received, 1u);
}

TEST(KissLinkSimulator, WithoutLossEveryFrameReachesEveryOtherNode) {
    auto sim = simulator(at(9600, 3));
    ASSERT_TRUE(sim);
    TncPort a(sim->device_path(0)), b(sim->device_path(1)), c(sim->device_path(2));
    for (int i = 0; i < 20; ++i) a.send_data("frame " + std::to_string(i));
    auto at_b = b.receive(20, 5s);
    auto at_c = c.receive(20, 5s);
    ASSERT_EQ(at_b.size(), 20u);
    ASSERT_EQ(at_c.size(), 20u);
    for (int i = 0; i < 20; ++i) {
        EXPECT_EQ(at_b[i].payload, "frame " + std::to_string(i));
        EXPECT_EQ(at_c[i].payload, "frame " + std::to_string(i));
    }
    EXPECT_TRUE(a.receive(1, 100ms).empty());  // a sender does not hear itself
    EXPECT_EQ(sim->totals(1).frames_lost + sim->totals(2).frames_lost, 0u);
}

TEST(KissLinkSimulator, WithLossOneNothingArrivesButTheAirtimeIsSpent) {
    auto sim = simulator(at(9600, 2, 1.0));
    ASSERT_TRUE(sim);
    TncPort a(sim->device_path(0)), b(sim->device_path(1));
    for (int i = 0; i < 10; ++i) a.send_data("lost " + std::to_string(i));
    ASSERT_TRUE(wait_for_transmissions(*sim, 10, 5s));
    EXPECT_TRUE(b.receive(1, 200ms).empty());
    EXPECT_EQ(sim->totals(1).frames_lost, 10u);
    EXPECT_EQ(sim->totals(1).frames_received, 0u);
    EXPECT_EQ(sim->totals(0).frames_sent, 10u);
    for (const auto& t : sim->transmissions()) EXPECT_EQ(t.lost, 1u);
}

TEST(KissLinkSimulator, PartialLossIsReproducibleFromTheSeed) {
    auto lost_with = [](std::uint64_t seed) {
        LinkSimulatorOptions options = at(9600, 2, 0.3);
        options.seed = seed;
        auto sim = simulator(options);
        TncPort a(sim->device_path(0)), b(sim->device_path(1));
        for (int i = 0; i < 40; ++i) a.send_data("frame " + std::to_string(i));
        EXPECT_TRUE(wait_for_transmissions(*sim, 40, 5s));
        std::vector<std::size_t> lost;
        for (const auto& t : sim->transmissions()) lost.push_back(t.lost);
        EXPECT_EQ(b.receive(40, 300ms).size(), 40 - sim->totals(1).frames_lost);
        return lost;
    };
    auto first = lost_with(7);
    std::size_t count = 0;
    for (auto l : first) count += l;
    EXPECT_GT(count, 2u);  // 12 expected out of 40
    EXPECT_LT(count, 25u);
    EXPECT_EQ(lost_with(7), first);
}

TEST(KissLinkSimulator, TwoNodesSendingAtOnceAreSerialisedOnTheOneChannel) {
    auto sim = simulator(at(1200));
    ASSERT_TRUE(sim);
    TncPort a(sim->device_path(0)), b(sim->device_path(1));
    std::string from_a(150, 'a'), from_b(150, 'b');
    auto sent_at = Clock::now();
    a.send_data(from_a);
    b.send_data(from_b);
    auto at_b = b.receive(1, 5s);
    auto at_a = a.receive(1, 5s);
    double took = std::chrono::duration<double>(Clock::now() - sent_at).count();

    ASSERT_EQ(at_a.size(), 1u);
    ASSERT_EQ(at_b.size(), 1u);
    EXPECT_EQ(at_a[0].payload, from_b);
    EXPECT_EQ(at_b[0].payload, from_a);
    double one = KissLinkSimulator::airtime_of(150, 1200, 0);
    EXPECT_GE(took, 2 * one - 0.01);  // both frames, one after the other
    EXPECT_LT(took, 2 * one + 0.5);
    auto records = sim->transmissions();
    ASSERT_EQ(records.size(), 2u);
    EXPECT_NE(records[0].node, records[1].node);
    EXPECT_GE(records[1].start_s, records[0].start_s + records[0].airtime_s);
}

TEST(KissLinkSimulator, WaitingNodesTakeTurnsOneFrameEach) {
    auto sim = simulator(at(1200));
    ASSERT_TRUE(sim);
    TncPort a(sim->device_path(0)), b(sim->device_path(1));
    for (int i = 0; i < 3; ++i) a.send_data(std::string(30, 'a'));
    for (int i = 0; i < 3; ++i) b.send_data(std::string(30, 'b'));
    ASSERT_TRUE(wait_for_transmissions(*sim, 6, 5s));
    auto records = sim->transmissions();
    ASSERT_EQ(records.size(), 6u);
    for (std::size_t i = 1; i < records.size(); ++i) {
        EXPECT_NE(records[i].node, records[i - 1].node) << "frame " << i;
        EXPECT_GE(records[i].start_s, records[i - 1].start_s + records[i - 1].airtime_s);
    }
}

TEST(KissLinkSimulator, AFullTncQueueDropsAndCountsTheRest) {
    LinkSimulatorOptions options = at(1200);
    options.tnc_queue_frames = 4;
    auto sim = simulator(options);
    ASSERT_TRUE(sim);
    TncPort a(sim->device_path(0));
    std::string burst;
    for (int i = 0; i < 10; ++i)
        burst += radio::kiss_encode({0, radio::KissCommand::data, std::string(40, 'q')});
    a.send_bytes(burst);  // one write: the simulator usually reads all ten before sending
    for (int i = 0; i < 200 && sim->totals(0).frames_sent + sim->totals(0).queue_drops < 10; ++i)
        std::this_thread::sleep_for(20ms);
    auto totals = sim->totals(0);
    EXPECT_EQ(totals.frames_sent + totals.queue_drops, 10u);
    EXPECT_GE(totals.queue_drops, 5u);  // at most one on air and four waiting
}

TEST(KissLinkSimulator, TheWindowCheckFindsTheBusiestWindowIncludingPartFrames) {
    // Node 0 on air in [0,1), [5,6) and [10,11); node 1 in [2,4).
    std::vector<Transmission> frames{
        {0, 0, 1, "", 0, 0}, {1, 2, 2, "", 0, 0}, {0, 5, 1, "", 0, 0}, {0, 10, 1, "", 0, 0}};
    EXPECT_DOUBLE_EQ(max_airtime_in_window(frames, 0, 6), 2);      // [0,6) or [5,11)
    EXPECT_DOUBLE_EQ(max_airtime_in_window(frames, 0, 11), 3);     // all of it
    EXPECT_DOUBLE_EQ(max_airtime_in_window(frames, 0, 5.5), 1.5);  // never two whole frames
    EXPECT_DOUBLE_EQ(max_airtime_in_window(frames, 0, 0.5), 0.5);
    EXPECT_DOUBLE_EQ(max_airtime_in_window(frames, 1, 1), 1);
    EXPECT_DOUBLE_EQ(max_airtime_in_window(frames, 1, 60), 2);
    EXPECT_DOUBLE_EQ(max_airtime_in_window(frames, 2, 60), 0);  // a node that never sent
    EXPECT_DOUBLE_EQ(max_airtime_in_window({}, 0, 60), 0);
}

TEST(KissLinkSimulator, TheWindowCheckOnARealRunMatchesTheAirtimeSpent) {
    auto sim = simulator(at(1200));
    ASSERT_TRUE(sim);
    TncPort a(sim->device_path(0));
    for (int i = 0; i < 3; ++i) a.send_data(std::string(46, 'w'));  // 1/3 s each
    ASSERT_TRUE(wait_for_transmissions(*sim, 3, 5s));
    EXPECT_NEAR(sim->max_airtime_in_window(0, 10), 1.0, 1e-9);
    // Back to back, so any half second inside the burst is airtime, but for the moments the
    // simulator's thread took to wake up between frames (up to 0.1 s on a loaded machine).
    EXPECT_NEAR(sim->max_airtime_in_window(0, 0.5), 0.5, 0.1);
    EXPECT_EQ(sim->max_airtime_in_window(1, 10), 0);
}

TEST(KissLinkSimulator, StopReturnsPromptlyAndTwiceIsHarmless) {
    auto sim = simulator(at(1200));
    ASSERT_TRUE(sim);
    TncPort a(sim->device_path(0));
    a.send_data(std::string(1000, 's'));  // ~7 s on air
    std::this_thread::sleep_for(50ms);
    auto asked = Clock::now();
    sim->stop();
    sim->stop();
    EXPECT_LT(Clock::now() - asked, 500ms);
}

}  // namespace
}  // namespace baken::testing
