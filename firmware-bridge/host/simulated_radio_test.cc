// SimulatedRadio through a real baken-lora-channel process: a frame reaches the radios on the
// same settings after its airtime, overlapping transmissions are lost at every receiver,
// channel activity detection sees a transmission in progress, and loss is applied.
#include "host/simulated_radio.h"

#include <gtest/gtest.h>
#include <poll.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/lora_airtime.h"
#include "support/child_process.h"
#include "support/temp_dir.h"

namespace baken::modem::host {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using testing::DaemonProcess;
using Kind = RadioEvent::Kind;

// A baken-lora-channel on a free port, with its log in a temporary directory.
class ChannelProcess {
  public:
    explicit ChannelProcess(double loss = 0) {
        auto port_file = dir_.path() / "port";
        process_ = std::make_unique<DaemonProcess>(
            dir_.path() / "channel",
            DaemonProcess::Command{{BAKEN_LORA_CHANNEL, "--port-file", port_file.string(), "--log",
                                    log_path().string(), "--loss", std::to_string(loss), "--seed",
                                    "3"}});
        for (int i = 0; i < 250 && !std::filesystem::exists(port_file); ++i)
            std::this_thread::sleep_for(20ms);
        std::ifstream(port_file) >> endpoint_.port;
    }
    bool up() const { return endpoint_.port != 0; }
    const Endpoint& endpoint() const { return endpoint_; }
    std::filesystem::path log_path() const { return dir_.path() / "air.log"; }
    std::string log() const {
        std::stringstream s;
        s << std::ifstream(log_path()).rdbuf();
        return s.str();
    }
    std::string output() const { return process_->log(); }

  private:
    testing::TempDir dir_;
    std::unique_ptr<DaemonProcess> process_;
    Endpoint endpoint_{0x7F000001, 0};
};

RadioSettings with_sf(std::uint8_t sf) {
    RadioSettings s;
    s.spreading_factor = sf;
    return s;
}

std::unique_ptr<SimulatedRadio> radio_on(const Endpoint& channel, const std::string& name,
                                         const RadioSettings& settings = RadioSettings{}) {
    std::string error;
    auto radio = SimulatedRadio::open(channel, name, error);
    EXPECT_TRUE(radio) << error;
    if (radio && !radio->configure(settings)) {
        ADD_FAILURE() << name << " did not attach";
        return nullptr;
    }
    return radio;
}

struct Heard {
    RadioEvent event;
    std::vector<std::uint8_t> bytes;
    double after_s = 0;  // since the wait began
};

// The next event from `radio` within `limit`; kind none if there was none.
Heard next_event(SimulatedRadio& radio, std::chrono::milliseconds limit) {
    Heard heard;
    std::uint8_t buffer[kMaxLoraPayload];
    auto began = Clock::now();
    while (Clock::now() < began + limit) {
        heard.event = radio.poll(buffer, sizeof buffer);
        if (heard.event.kind != Kind::none) {
            heard.bytes.assign(buffer, buffer + heard.event.length);
            heard.after_s = std::chrono::duration<double>(Clock::now() - began).count();
            return heard;
        }
        pollfd socket{radio.fd(), POLLIN, 0};
        ::poll(&socket, 1, 20);
    }
    return heard;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

TEST(SimulatedRadio, ConfigureFailsWhenNoChannelAnswers) {
    std::string error;
    int silent = open_udp_socket(Endpoint{0x7F000001, 0}, error);  // bound, never answers
    ASSERT_GE(silent, 0) << error;
    auto radio = SimulatedRadio::open(local_endpoint(silent), "lonely", error);
    ASSERT_TRUE(radio) << error;
    auto began = Clock::now();
    EXPECT_FALSE(radio->configure(RadioSettings{}));
    EXPECT_LT(Clock::now() - began, 1s);
    std::uint8_t data[] = {1, 2, 3};
    EXPECT_FALSE(radio->start_transmit(data, sizeof data)) << "unconfigured radios refuse";
    ::close(silent);
}

TEST(SimulatedRadio, AFrameReachesRadiosOnTheSameSettingsAfterItsAirtime) {
    ChannelProcess channel;
    ASSERT_TRUE(channel.up()) << channel.output();
    auto a = radio_on(channel.endpoint(), "a");
    auto b = radio_on(channel.endpoint(), "b");
    auto c = radio_on(channel.endpoint(), "c", with_sf(10));  // another spreading factor
    ASSERT_TRUE(a && b && c);
    b->start_receive();
    c->start_receive();

    std::vector<std::uint8_t> frame(100);
    for (std::size_t i = 0; i < frame.size(); ++i) frame[i] = static_cast<std::uint8_t>(i * 7);
    double airtime_s = lora_time_on_air_us(RadioSettings{}, 100) / 1e6;
    auto sent_at = Clock::now();
    ASSERT_TRUE(a->start_transmit(frame.data(), frame.size()));
    EXPECT_FALSE(a->start_transmit(frame.data(), frame.size())) << "one frame at a time";

    Heard heard = next_event(*b, 3s);
    double took = std::chrono::duration<double>(Clock::now() - sent_at).count();
    ASSERT_EQ(heard.event.kind, Kind::received);
    EXPECT_EQ(heard.bytes, frame);
    EXPECT_EQ(heard.event.rssi_dbm, -80);
    EXPECT_EQ(heard.event.snr_db, 7);
    EXPECT_GE(took, airtime_s);
    EXPECT_LT(took, airtime_s + 0.5);
    EXPECT_EQ(next_event(*a, 1s).event.kind, Kind::transmit_done);
    EXPECT_EQ(next_event(*c, 200ms).event.kind, Kind::none);
    std::cout << "100 bytes at SF9/125 kHz: airtime " << airtime_s << " s, heard after " << took
              << " s\n";
    EXPECT_EQ(count(channel.log(), " a bytes=100 airtime_ms="), 1u) << channel.log();
    EXPECT_EQ(count(channel.log(), " delivered delivered_to=1 lost_at=0"), 1u) << channel.log();
}

TEST(SimulatedRadio, OverlappingTransmissionsAreLostAtEveryReceiver) {
    ChannelProcess channel;
    ASSERT_TRUE(channel.up()) << channel.output();
    auto a = radio_on(channel.endpoint(), "a");
    auto b = radio_on(channel.endpoint(), "b");
    auto c = radio_on(channel.endpoint(), "c");
    ASSERT_TRUE(a && b && c);
    c->start_receive();
    std::vector<std::uint8_t> frame(50, 0x55);
    ASSERT_TRUE(a->start_transmit(frame.data(), frame.size()));
    ASSERT_TRUE(b->start_transmit(frame.data(), frame.size()));
    EXPECT_EQ(next_event(*a, 2s).event.kind, Kind::transmit_done);
    EXPECT_EQ(next_event(*b, 2s).event.kind, Kind::transmit_done);
    EXPECT_EQ(next_event(*c, 300ms).event.kind, Kind::none);
    EXPECT_EQ(count(channel.log(), " collided "), 2u) << channel.log();
}

TEST(SimulatedRadio, AChannelCheckSeesATransmissionInProgress) {
    ChannelProcess channel;
    ASSERT_TRUE(channel.up()) << channel.output();
    auto a = radio_on(channel.endpoint(), "a");
    auto b = radio_on(channel.endpoint(), "b");
    ASSERT_TRUE(a && b);
    b->start_channel_check();
    EXPECT_EQ(next_event(*b, 1s).event.kind, Kind::channel_free);

    std::vector<std::uint8_t> frame(255, 0xAA);  // 1.25 s on air at SF9
    ASSERT_TRUE(a->start_transmit(frame.data(), frame.size()));
    b->start_channel_check();
    EXPECT_EQ(next_event(*b, 1s).event.kind, Kind::channel_busy);
    EXPECT_EQ(next_event(*a, 3s).event.kind, Kind::transmit_done);
    b->start_channel_check();
    EXPECT_EQ(next_event(*b, 1s).event.kind, Kind::channel_free);
}

TEST(SimulatedRadio, ARadioThatIsNotReceivingHearsNothing) {
    ChannelProcess channel;
    ASSERT_TRUE(channel.up()) << channel.output();
    auto a = radio_on(channel.endpoint(), "a");
    auto b = radio_on(channel.endpoint(), "b");  // configured: standby, not receiving
    ASSERT_TRUE(a && b);
    std::uint8_t data[] = {1, 2, 3};
    ASSERT_TRUE(a->start_transmit(data, sizeof data));
    EXPECT_EQ(next_event(*a, 2s).event.kind, Kind::transmit_done);
    EXPECT_EQ(next_event(*b, 300ms).event.kind, Kind::none);
}

TEST(SimulatedRadio, TheChannelLosesFramesWithTheGivenProbability) {
    ChannelProcess channel(1.0);
    ASSERT_TRUE(channel.up()) << channel.output();
    auto a = radio_on(channel.endpoint(), "a");
    auto b = radio_on(channel.endpoint(), "b");
    ASSERT_TRUE(a && b);
    b->start_receive();
    std::uint8_t data[] = {1, 2, 3};
    ASSERT_TRUE(a->start_transmit(data, sizeof data));
    EXPECT_EQ(next_event(*a, 2s).event.kind, Kind::transmit_done);
    EXPECT_EQ(next_event(*b, 300ms).event.kind, Kind::none);
    EXPECT_EQ(count(channel.log(), " lost delivered_to=0 lost_at=1"), 1u) << channel.log();
}

}  // namespace
}  // namespace baken::modem::host
