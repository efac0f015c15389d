// Tests of what every modem pipe shares, on a scripted stream: when the state is reported,
// the backoff, the bound on waiting bytes, and that nothing is called after stop().
#include "radio/transport/reopening_connection.h"

#include <gtest/gtest.h>

#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <cstring>
#include <deque>
#include <vector>

#include "radio/transport/run_until.h"

namespace baken::radio {
namespace {
namespace asio = boost::asio;
using namespace std::chrono_literals;
using testing::run_for;
using testing::run_until;
using Clock = std::chrono::steady_clock;

// A stream that opens as scripted, holds reads until the test delivers bytes, and completes
// writes at once unless told to stall. Completions are posted, as Asio's are.
class ScriptedStream final : public ReopeningConnection {
  public:
    ScriptedStream(asio::io_context& io, ReopenDelays delays) : ReopeningConnection(io, delays) {}

    std::string describe() const override { return "scripted stream"; }

    // Failures for the coming opens ("" opens); once used up, every open succeeds.
    std::deque<std::string> open_results;
    std::vector<Clock::time_point> open_times;
    bool stall_writes = false;
    std::string written;

    void deliver(const std::string& bytes) {
        ASSERT_TRUE(read_done_);
        ASSERT_LE(bytes.size(), read_into_.size());
        std::memcpy(read_into_.data(), bytes.data(), bytes.size());
        asio::post(io(),
                   [done = std::exchange(read_done_, nullptr), n = bytes.size()] { done({}, n); });
    }
    void hang_up() {
        ASSERT_TRUE(read_done_);
        asio::post(io(),
                   [done = std::exchange(read_done_, nullptr)] { done(asio::error::eof, 0); });
    }

  private:
    void open_stream(OpenDone done) override {
        open_times.push_back(Clock::now());
        std::string result;
        if (!open_results.empty()) {
            result = open_results.front();
            open_results.pop_front();
        }
        asio::post(io(), [done = std::move(done), result] { done(result); });
    }
    void read_some(asio::mutable_buffer into, IoDone done) override {
        read_into_ = into;
        read_done_ = std::move(done);
    }
    void write_all(asio::const_buffer bytes, IoDone done) override {
        if (stall_writes) {
            write_done_ = std::move(done);
            return;
        }
        written.append(static_cast<const char*>(bytes.data()), bytes.size());
        asio::post(io(), [done = std::move(done), n = bytes.size()] { done({}, n); });
    }
    void close_stream() override {
        for (IoDone* done : {&read_done_, &write_done_}) {
            if (*done) {
                asio::post(io(), [done = std::exchange(*done, nullptr)] {
                    done(asio::error::operation_aborted, 0);
                });
            }
        }
    }
    std::string up_text() const override { return "open"; }
    std::string closed_text() const override { return "closed by the other end"; }

    asio::mutable_buffer read_into_;
    IoDone read_done_;
    IoDone write_done_;
};

struct StateEvent {
    bool up;
    std::string why;
};

class ReopeningConnectionTest : public ::testing::Test {
  protected:
    void start(ReopenDelays delays = {20ms, 160ms}) {
        stream = std::make_unique<ScriptedStream>(io, delays);
        stream->open_results = scripted_opens;
        stream->start([this](ByteView bytes) { received.append(as_chars(bytes)); },
                      [this](bool up, const std::string& why) {
                          states.push_back({up, why});
                      });
    }
    bool wait_up() {
        return run_until(io, [this] { return stream->is_up(); });
    }

    asio::io_context io;
    std::deque<std::string> scripted_opens;
    std::unique_ptr<ScriptedStream> stream;
    std::string received;
    std::vector<StateEvent> states;
};

TEST_F(ReopeningConnectionTest, ReportsStateFromTheIoContextNotFromWithinStart) {
    start();
    EXPECT_TRUE(states.empty());
    ASSERT_TRUE(wait_up());
    ASSERT_EQ(states.size(), 1u);
    EXPECT_TRUE(states[0].up);
    EXPECT_EQ(states[0].why, "open");
}

TEST_F(ReopeningConnectionTest, PassesBytesOnInOrderAndWritesWhatIsSent) {
    start();
    ASSERT_TRUE(wait_up());
    stream->deliver(std::string("\xc0\x00one", 5));
    ASSERT_TRUE(run_until(io, [this] { return received.size() == 5; }));
    stream->deliver("two\xc0");
    ASSERT_TRUE(run_until(io, [this] { return received.size() == 9; }));
    EXPECT_EQ(received, std::string("\xc0\x00onetwo\xc0", 9));

    stream->send("first");
    stream->send("second");
    ASSERT_TRUE(run_until(io, [this] { return stream->written.size() == 11; }));
    EXPECT_EQ(stream->written, "firstsecond");
    EXPECT_EQ(stream->queued_bytes(), 0u);
    EXPECT_EQ(stream->dropped_bytes(), 0u);
}

TEST_F(ReopeningConnectionTest, RepeatedFailuresWithTheSameReasonAreReportedOnce) {
    scripted_opens = {"open /dev/ttyUSB0: No such file or directory",
                      "open /dev/ttyUSB0: No such file or directory",
                      "open /dev/ttyUSB0: No such file or directory",
                      "open /dev/ttyUSB0: Permission denied"};
    start({5ms, 10ms});
    ASSERT_TRUE(wait_up());
    ASSERT_EQ(states.size(), 3u);
    EXPECT_FALSE(states[0].up);
    EXPECT_EQ(states[0].why, "open /dev/ttyUSB0: No such file or directory");
    EXPECT_FALSE(states[1].up);
    EXPECT_EQ(states[1].why, "open /dev/ttyUSB0: Permission denied");
    EXPECT_TRUE(states[2].up);
    EXPECT_EQ(stream->open_times.size(), 5u);
}

TEST_F(ReopeningConnectionTest, ReopensAfterTheOtherEndCloses) {
    start({5ms, 10ms});
    ASSERT_TRUE(wait_up());
    stream->hang_up();
    ASSERT_TRUE(run_until(io, [this] { return states.size() == 3; }));
    EXPECT_FALSE(states[1].up);
    EXPECT_EQ(states[1].why, "closed by the other end");
    EXPECT_TRUE(states[2].up);
    EXPECT_TRUE(stream->is_up());
}

TEST_F(ReopeningConnectionTest, WaitsDoubleAfterEachFailureUpToTheLongest) {
    scripted_opens = {"no", "no", "no", "no", "no"};
    start({40ms, 160ms});
    ASSERT_TRUE(run_until(io, [this] { return stream->open_times.size() == 6; }));
    const std::chrono::milliseconds expected[] = {40ms, 80ms, 160ms, 160ms, 160ms};
    for (std::size_t i = 0; i < 5; ++i) {
        const auto waited = stream->open_times[i + 1] - stream->open_times[i];
        EXPECT_GE(waited, expected[i]) << "wait " << i;
        EXPECT_LT(waited, expected[i] + 500ms) << "wait " << i;  // a busy machine is slow
    }
}

TEST_F(ReopeningConnectionTest, BackoffStartsAfreshAfterAConnectionThatLasted) {
    scripted_opens = {"no", "no", "no", "no", "no"};  // waits 20, 40, 80, 160, 320; then 400
    start({20ms, 400ms});
    ASSERT_TRUE(run_until(io, [this] { return stream->is_up(); }));
    run_for(io, 450ms);  // up for longer than the longest wait: healthy
    const auto hung_up = Clock::now();
    stream->hang_up();
    ASSERT_TRUE(run_until(io, [this] { return stream->open_times.size() == 7; }));
    EXPECT_LT(stream->open_times[6] - hung_up, 250ms);  // 20 ms, not 400 ms
}

TEST_F(ReopeningConnectionTest, AConnectionThatEndsAtOnceKeepsBackingOff) {
    scripted_opens = {"no", "no", "no"};  // waits 40, 80, 160; then 320
    start({40ms, 400ms});
    ASSERT_TRUE(run_until(io, [this] { return stream->is_up(); }));
    const auto hung_up = Clock::now();
    stream->hang_up();
    ASSERT_TRUE(run_until(io, [this] { return stream->open_times.size() == 5; }));
    EXPECT_GE(stream->open_times[4] - hung_up, 320ms);
}

TEST_F(ReopeningConnectionTest, SendWhileDownIsDroppedAndCounted) {
    scripted_opens = {"no"};
    start({1s, 1s});
    stream->send("before the first open");
    EXPECT_EQ(stream->dropped_bytes(), 21u);
    ASSERT_TRUE(run_until(io, [this] { return !states.empty(); }));
    stream->send("while down");
    EXPECT_EQ(stream->dropped_bytes(), 31u);
    EXPECT_EQ(stream->queued_bytes(), 0u);
    EXPECT_TRUE(stream->written.empty());
}

TEST_F(ReopeningConnectionTest, AtMost64KiBWaitAndFramesBeyondAreDroppedWhole) {
    start();
    ASSERT_TRUE(wait_up());
    stream->stall_writes = true;  // a modem that stopped reading
    const std::string frame(1000, 'x');
    for (int i = 0; i < 65; ++i) stream->send(frame);
    EXPECT_EQ(stream->queued_bytes(), 65'000u);
    EXPECT_EQ(stream->dropped_bytes(), 0u);

    stream->send(frame);  // 66,000 > 65,536: dropped whole, never cut
    EXPECT_EQ(stream->queued_bytes(), 65'000u);
    EXPECT_EQ(stream->dropped_bytes(), 1000u);

    stream->send(std::string(536, 'y'));  // exactly fills the 64 KiB
    EXPECT_EQ(stream->queued_bytes(), ReopeningConnection::kMaxQueuedBytes);
    stream->send("z");
    EXPECT_EQ(stream->dropped_bytes(), 1001u);
}

TEST_F(ReopeningConnectionTest, BytesWaitingWhenThePipeFailsCountAsDropped) {
    start({5ms, 10ms});
    ASSERT_TRUE(wait_up());
    stream->stall_writes = true;
    stream->send("in flight");
    stream->send("waiting");
    stream->hang_up();
    ASSERT_TRUE(run_until(io, [this] { return states.size() >= 2; }));
    EXPECT_EQ(stream->dropped_bytes(), 16u);
    EXPECT_EQ(stream->queued_bytes(), 0u);
}

TEST_F(ReopeningConnectionTest, NoHandlerIsCalledAfterStop) {
    start();
    ASSERT_TRUE(wait_up());
    stream->deliver("late");
    stream->stop();
    run_for(io, 50ms);
    EXPECT_TRUE(received.empty());
    EXPECT_EQ(states.size(), 1u);
    EXPECT_FALSE(stream->is_up());
    stream->send("after stop");
    EXPECT_EQ(stream->dropped_bytes(), 10u);
}

TEST_F(ReopeningConnectionTest, StopFromWithinTheBytesHandlerEndsReading) {
    stream = std::make_unique<ScriptedStream>(io, ReopenDelays{20ms, 160ms});
    int calls = 0;
    stream->start(
        [&](ByteView) {
            ++calls;
            stream->stop();
        },
        [](bool, const std::string&) {});
    ASSERT_TRUE(wait_up());
    stream->deliver("a");
    run_for(io, 50ms);
    EXPECT_EQ(calls, 1);
    EXPECT_FALSE(stream->is_up());
}

TEST_F(ReopeningConnectionTest, DestroyingWithCompletionsPendingIsSafe) {
    start();
    ASSERT_TRUE(wait_up());
    stream->deliver("pending");
    stream.reset();  // the posted completion runs after the object is gone
    run_for(io, 20ms);
    EXPECT_TRUE(received.empty());
}

}  // namespace
}  // namespace baken::radio
