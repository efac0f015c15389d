// Two real bakend processes whose only path is the firmware bridge: each opens the
// pseudo-terminal of its own baken-lora-modem as a serial KISS TNC (framing "raw", as for any
// LoRa modem), and the two modems share one simulated LoRa channel (baken-lora-channel) at
// the modem's default settings: 869.525 MHz, SF9, 125 kHz, 4/5, the 10 % sub-band. A flash
// sitrep posted on one node must reach the other's picture; neither modem may spend more than
// 10 % of an hour on the air, and neither may ever have had to hold or drop a frame (the
// daemon's own budget, configured from the LoRa airtime, keeps it below the modem's).
// Figures printed: frames, bytes and airtime per modem, the delivery time.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

#include "core/lora_airtime.h"
#include "core/radio_settings.h"
#include "support/child_process.h"
#include "support/temp_dir.h"

namespace baken::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

const modem::RadioSettings kLora{};  // the modem's defaults: SF9, 125 kHz, 4/5, 869.525 MHz
// The largest link frame bakend hands the modem (the modem refuses more than 255).
constexpr std::size_t kFrameBytes = 200;
// What the 869.4-869.65 MHz sub-band allows, over the hour ETSI EN 300 220 counts. The daemon
// keeps the real hour: nothing in this short run comes near the budget, which is the point
// (the daemon's pacing alone keeps the modem from ever holding a frame).
constexpr double kDutyCycle = 0.10;
constexpr int kWindowS = 3600;

// The daemon's airtime model for raw framing: tx_delay + ceil(bytes * 8000 / bit_rate) ms.
std::int64_t daemon_airtime_ms(std::size_t bytes, std::int64_t bit_rate, std::int64_t tx_delay) {
    return tx_delay + (static_cast<std::int64_t>(bytes) * 8000 + bit_rate - 1) / bit_rate;
}
// What the modem charges: the Semtech time on air, rounded up to whole milliseconds.
std::int64_t modem_airtime_ms(std::size_t bytes) {
    return (modem::lora_time_on_air_us(kLora, static_cast<std::uint16_t>(bytes)) + 999) / 1000;
}
// bit_rate: the net rate of a full frame (payload bits over its whole time on air).
std::int64_t lora_bit_rate() {
    return static_cast<std::int64_t>(kFrameBytes * 8 * 1'000'000 /
                                     modem::lora_time_on_air_us(kLora, kFrameBytes));
}
// tx_delay_ms: what LoRa spends regardless of length (preamble, header, the last partly filled
// block), in the 10 ms steps the config takes; the smallest that makes the daemon's estimate
// at least the modem's for every frame length it may send.
std::int64_t lora_tx_delay_ms() {
    std::int64_t delay = 0;
    for (std::size_t n = 1; n <= kFrameBytes; ++n)
        delay = std::max(delay, modem_airtime_ms(n) - daemon_airtime_ms(n, lora_bit_rate(), 0));
    return (delay + 9) / 10 * 10;
}

TEST(LoraBridge, TheDaemonsAirtimeEstimateIsNeverBelowTheModemsForAnyFrame) {
    std::int64_t rate = lora_bit_rate(), delay = lora_tx_delay_ms();
    std::cout << "LoRa SF9/125 kHz/4-5: a " << kFrameBytes << "-byte frame takes "
              << modem_airtime_ms(kFrameBytes) << " ms; bit_rate " << rate << ", tx_delay_ms "
              << delay << "\n";
    EXPECT_GT(rate, 1500);  // about 1760 bit/s raw, less the preamble and header
    EXPECT_LT(rate, 1760);
    for (std::size_t n = 1; n <= kFrameBytes; ++n)
        EXPECT_GE(daemon_airtime_ms(n, rate, delay), modem_airtime_ms(n)) << n << " bytes";
    // And not wastefully: within 20 % for a full frame.
    EXPECT_LE(daemon_airtime_ms(kFrameBytes, rate, delay), modem_airtime_ms(kFrameBytes) * 6 / 5);
}

std::string read_text(const fs::path& path) {
    std::stringstream s;
    s << std::ifstream(path).rdbuf();
    return s.str();
}

bool wait_for_file(const fs::path& path, std::chrono::seconds limit) {
    auto deadline = Clock::now() + limit;
    while (!fs::exists(path) && Clock::now() < deadline) std::this_thread::sleep_for(20ms);
    return fs::exists(path);
}

// What the channel log says one modem put on the air.
struct AirTotals {
    std::size_t frames = 0, bytes = 0, delivered = 0, collided = 0, lost = 0, cut = 0;
    double airtime_s = 0;
};

// "<start s> <sender> bytes=<n> airtime_ms=<ms> <outcome> delivered_to=<n> lost_at=<n>"
std::map<std::string, AirTotals> read_air_log(const fs::path& path) {
    std::map<std::string, AirTotals> totals;
    std::istringstream lines(read_text(path));
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        double start = 0;
        std::string sender, bytes, airtime, outcome;
        if (!(fields >> start >> sender >> bytes >> airtime >> outcome)) continue;
        AirTotals& t = totals[sender];
        ++t.frames;
        t.bytes += std::stoul(bytes.substr(bytes.find('=') + 1));
        t.airtime_s += std::stod(airtime.substr(airtime.find('=') + 1)) / 1000;
        t.delivered += outcome == "delivered";
        t.collided += outcome == "collided";
        t.lost += outcome == "lost";
        t.cut += outcome == "cut";
    }
    return totals;
}

// The counters a modem printed on exit (--stats-on-exit): "  <name> <value>" lines.
std::map<std::string, long> read_modem_stats(const std::string& output) {
    std::map<std::string, long> stats;
    std::istringstream lines(output);
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::string name;
        long value = 0;
        if (line.starts_with("  ") && fields >> name >> value) stats[name] = value;
    }
    return stats;
}

struct LoraNode {
    explicit LoraNode(std::string n) : name(std::move(n)) {}
    std::string name;
    fs::path data, config, tty;
    std::unique_ptr<DaemonProcess> modem, daemon;
};

// The channel, two modems and a daemon on each; every part checked as it comes up.
struct LoraBridge {
    TempDir dir;
    std::unique_ptr<DaemonProcess> channel;
    LoraNode a{"a"};
    LoraNode b{"b"};

    fs::path air_log() const { return dir.path() / "air.log"; }

    bool start() {
        fs::path port_file = dir.path() / "channel.port";
        channel = std::make_unique<DaemonProcess>(
            dir.path() / "channel",
            DaemonProcess::Command{{BAKEN_LORA_CHANNEL, "--port-file", port_file.string(), "--log",
                                    air_log().string(), "--seed", "1"}});
        if (!wait_for_file(port_file, 10s)) {
            ADD_FAILURE() << "the channel did not start:\n" << channel->log();
            return false;
        }
        std::string port;
        std::ifstream(port_file) >> port;
        for (LoraNode* node : {&a, &b})
            if (!start_modem(*node, "127.0.0.1:" + port)) return false;
        for (LoraNode* node : {&a, &b})
            if (!start_daemon(*node)) return false;
        return true;
    }

    bool start_modem(LoraNode& node, const std::string& channel_address) {
        node.tty = dir.path() / ("modem-" + node.name + ".tty");
        node.modem = std::make_unique<DaemonProcess>(
            dir.path() / ("modem-" + node.name),
            DaemonProcess::Command{{BAKEN_LORA_MODEM, "--channel", channel_address, "--link",
                                    node.tty.string(), "--name", node.name, "--seed",
                                    node.name == "a" ? "11" : "22", "--stats-on-exit"}});
        if (wait_for_file(node.tty, 10s)) return true;
        ADD_FAILURE() << "modem " << node.name << " did not start:\n" << node.modem->log();
        return false;
    }

    bool start_daemon(LoraNode& node) {
        node.data = dir.path() / node.name;
        node.config = dir.path() / (node.name + ".toml");
        fs::create_directories(node.data);
        // Sync and discovery off and no sticks watched: the LoRa link is the only way across.
        std::ofstream(node.config) << "[node]\nname = \"" << node.name << "\"\n"
                                   << "[sync]\nenabled = false\n"
                                   << "[discovery]\nenabled = false\n"
                                   << "[sticks]\nwatch = []\n"
                                   << "[[radio]]\n"
                                   << "name = \"lora-869\"\n"
                                   << "device = \"" << node.tty.string() << "\"\n"
                                   << "baud = 115200\n"
                                   << "framing = \"raw\"\n"
                                   << "lawful = false\n"
                                   << "bit_rate = " << lora_bit_rate() << "\n"
                                   << "tx_delay_ms = " << lora_tx_delay_ms() << "\n"
                                   << "frame_bytes = " << kFrameBytes << "\n"
                                   << "duty_cycle_percent = " << kDutyCycle * 100 << "\n"
                                   << "duty_cycle_window_s = " << kWindowS << "\n";
        node.daemon = std::make_unique<DaemonProcess>(
            node.data, std::vector<std::string>{"--config", node.config.string()});
        if (node.daemon->wait_ready()) return true;
        ADD_FAILURE() << "bakend " << node.name << " did not start:\n" << node.daemon->log();
        return false;
    }

    std::vector<std::string> baken(const LoraNode& node, std::vector<std::string> args) const {
        std::vector<std::string> argv{baken_path().string(), "--data", node.data.string()};
        argv.insert(argv.end(), args.begin(), args.end());
        return argv;
    }

    // Polls B's picture every 200 ms; how long until `text` was in it, or nothing.
    std::optional<double> wait_for_picture(const LoraNode& node, const std::string& text,
                                           Clock::time_point since, std::chrono::seconds limit) {
        while (Clock::now() < since + limit) {
            auto cop = run(baken(node, {"cop", "--json"}), 10s);
            if (cop.exit_code == 0 && cop.out.find(text) != std::string::npos)
                return std::chrono::duration<double>(Clock::now() - since).count();
            std::this_thread::sleep_for(200ms);
        }
        return std::nullopt;
    }

    // Stops everything in order (daemons, then modems, which print their counters, then the
    // channel, which has logged every transmission by then) and returns each modem's counters.
    std::map<std::string, std::map<std::string, long>> stop() {
        for (LoraNode* node : {&a, &b}) node->daemon->stop();
        std::map<std::string, std::map<std::string, long>> stats;
        for (LoraNode* node : {&a, &b}) {
            EXPECT_EQ(node->modem->stop(), 0) << node->modem->log();
            stats[node->name] = read_modem_stats(node->modem->log());
        }
        channel->stop();
        return stats;
    }
};

TEST(LoraBridge, FlashSitrepsCrossBothWaysWithinTheDutyCycleAndNoFrameIsHeld) {
    LoraBridge bridge;
    ASSERT_TRUE(bridge.start());
    // One each way at once, so both modems share the channel (listen before talk decides).
    const std::string to_b = "Flits via LoRa: stroomstoring Overvecht";
    const std::string to_a = "Flits via LoRa: gemaal Zuilen valt uit";
    auto posted_at = Clock::now();
    auto posted = run(post_sitrep_args(bridge.a.data, to_b));
    ASSERT_EQ(posted.exit_code, 0) << posted.err;
    // Another topic: the picture keeps the latest sitrep per pillar and topic, so B's on the
    // same topic would replace A's in both pictures.
    auto args = post_sitrep_args(bridge.b.data, to_a);
    *(std::find(args.begin(), args.end(), "--topic") + 1) = "drinking-water";
    posted = run(args);
    ASSERT_EQ(posted.exit_code, 0) << posted.err;
    auto took = bridge.wait_for_picture(bridge.b, to_b, posted_at, 120s);
    EXPECT_TRUE(took) << "not in B's picture after 120 s\n"
                      << bridge.a.daemon->log() << bridge.b.daemon->log();
    auto took_back = bridge.wait_for_picture(bridge.a, to_a, posted_at, 120s);
    EXPECT_TRUE(took_back) << "not in A's picture after 120 s\n"
                           << bridge.a.daemon->log() << bridge.b.daemon->log();
    for (const LoraNode* node : {&bridge.a, &bridge.b})
        std::cout << node->name << " says (baken links):\n"
                  << run(bridge.baken(*node, {"links"}), 10s).out;
    double run_s = std::chrono::duration<double>(Clock::now() - posted_at).count();

    auto stats = bridge.stop();
    auto air = read_air_log(bridge.air_log());
    std::cout << "--- LoRa SF9/125 kHz, 869.525 MHz, 10 % of " << kWindowS << " s; bit_rate "
              << lora_bit_rate() << ", tx_delay " << lora_tx_delay_ms() << " ms, frame_bytes "
              << kFrameBytes << "\n";
    for (const std::string name : {"a", "b"}) {
        const AirTotals& t = air[name];
        auto& s = stats[name];
        std::cout << "modem " << name << ": " << t.frames << " frames, " << t.bytes << " bytes, "
                  << t.airtime_s << " s airtime on the channel (delivered " << t.delivered
                  << ", collided " << t.collided << ", lost " << t.lost << ", cut by the end "
                  << t.cut << "); the modem counted " << s["frames_sent"] << " frames, "
                  << s["airtime_ms"] << " ms, holds " << s["duty_cycle_holds"] << ", received "
                  << s["frames_received"] << "\n";
        // Within the duty cycle: nothing here lasts an hour, so the whole run is one window.
        EXPECT_LE(t.airtime_s, kDutyCycle * kWindowS) << name;
        // The modem's count and the channel's agree (each frame rounded up to a millisecond).
        ASSERT_FALSE(s.empty()) << "modem " << name << " printed no counters";
        EXPECT_EQ(s["frames_sent"], static_cast<long>(t.frames)) << name;
        EXPECT_EQ(s["bytes_sent"], static_cast<long>(t.bytes)) << name;
        EXPECT_NEAR(s["airtime_ms"], t.airtime_s * 1000, t.frames + 1.0) << name;
        // The daemon paced itself: the modem never had to hold a frame for the duty cycle,
        // nor drop one for any reason.
        for (const char* counter : {"duty_cycle_holds", "queue_displaced", "queue_refused",
                                    "frames_expired", "channel_gave_up", "serial_overflow",
                                    "serial_oversized", "serial_bad_escape", "radio_faults"})
            EXPECT_EQ(s[counter], 0) << "modem " << name << " " << counter;
    }
    EXPECT_GT(air["a"].delivered, 0u);
    EXPECT_GT(air["b"].delivered, 0u);
    auto seconds = [](std::optional<double> t) {
        return t ? std::to_string(*t) + " s" : std::string("never");
    };
    std::cout << "flash sitreps posted together: in B's picture after " << seconds(took)
              << ", in A's after " << seconds(took_back) << " (run " << run_s << " s)\n";
}

}  // namespace
}  // namespace baken::testing
