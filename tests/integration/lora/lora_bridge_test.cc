// Two real bakend processes whose only path is the firmware bridge: each opens the
// pseudo-terminal of its own baken-lora-modem as a serial KISS TNC (framing "raw", as for any
// LoRa modem), and the two modems share one simulated LoRa channel (baken-lora-channel) at
// the modem's default settings: 869.525 MHz, SF9, 125 kHz, 4/5, the 10 % sub-band. Each
// daemon gets a backlog of routine sitreps and then a burst of flash ones for the other side,
// far more air than its budget (10 % of a 60 s window, so that the budget binds within a short
// test). The first flash sitrep each way must cross; in every 60 s window on the channel each modem
// must be on the air for at most the budget and, the budget having bound, not much less; and
// neither modem may ever have had to hold or drop a frame (the daemon's budget, configured
// from the LoRa airtime, keeps it below the modem's own hourly limit).
// Figures printed: frames, bytes, airtime and the busiest window per modem, delivery times.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include "core/lora_airtime.h"
#include "core/radio_settings.h"
#include "kiss_link_simulator.h"  // Transmission, max_airtime_in_window
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
// What the 869.4-869.65 MHz sub-band allows. ETSI EN 300 220 counts it over an hour, and so
// does the modem; the daemons count it over 60 s (as radio_link_test does) so that their
// budget binds within a short test, while the modem's own limit (360 s of air per hour) stays
// far away: if the modem ever holds a frame, the daemon sent more than it should have.
constexpr double kDutyCycle = 0.10;
constexpr int kWindowS = 60;
constexpr double kBudgetS = kDutyCycle * kWindowS;
// Posted on each side: a backlog of routine sitreps, then a burst of flash ones, each about
// 0.5 KB of envelope (three LoRa frames, some 2.6 s of air): some 35 s of air per side in
// all, several budgets' worth.
constexpr int kBacklog = 8;
constexpr int kFlashBurst = 5;
constexpr std::size_t kPaddingChars = 300;
// Routine data may have 70 % of the budget by the daemon's estimate, which is above the real
// time on air: a window with more than that on the channel proves the flash sitreps took the
// budget beyond the routine share, i.e. that it bound (a full budget is some 5.2-5.3 s on air).
constexpr double kMinBusiestShare = 0.7;
constexpr auto kRunFor = std::chrono::seconds(kWindowS + 30);

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

struct AirLog {
    std::map<std::string, AirTotals> totals;  // by sender
    // Every transmission, in the log's order (by start); node 0 is modem a, 1 is modem b.
    std::vector<Transmission> transmissions;
};

// "<start s> <sender> bytes=<n> airtime_ms=<ms> <outcome> delivered_to=<n> lost_at=<n>"
AirLog read_air_log(const fs::path& path) {
    AirLog log;
    std::istringstream lines(read_text(path));
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        double start = 0;
        std::string sender, bytes, airtime, outcome;
        if (!(fields >> start >> sender >> bytes >> airtime >> outcome)) continue;
        double airtime_s = std::stod(airtime.substr(airtime.find('=') + 1)) / 1000;
        AirTotals& t = log.totals[sender];
        ++t.frames;
        t.bytes += std::stoul(bytes.substr(bytes.find('=') + 1));
        t.airtime_s += airtime_s;
        t.delivered += outcome == "delivered";
        t.collided += outcome == "collided";
        t.lost += outcome == "lost";
        t.cut += outcome == "cut";
        Transmission sent;
        sent.node = sender == "a" ? 0 : 1;
        sent.start_s = start;
        sent.airtime_s = airtime_s;
        log.transmissions.push_back(sent);
    }
    return log;
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

// Posts a sitrep on `node` and fails the test if baken refused it. The picture keeps the latest
// sitrep per pillar and topic, so each gets its own topic or it would replace the others.
void post(const LoraNode& node, const std::string& text, const std::string& topic,
          const std::string& precedence) {
    auto args = post_sitrep_args(node.data, text);
    *(std::find(args.begin(), args.end(), "--topic") + 1) = topic;
    args.back() = precedence;  // the helper's last argument is the value of --precedence
    auto posted = run(args);
    EXPECT_EQ(posted.exit_code, 0) << node.name << ": " << posted.err;
}

// Words that deflate hardly at all (the daemon compresses what it sends), so that each sitrep
// costs the air its length says: with kPaddingChars, three LoRa frames.
std::string padding(std::uint32_t seed) {
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> letter(0, 26);
    std::string text(kPaddingChars, ' ');
    for (char& c : text) {
        int drawn = letter(random);
        c = static_cast<char>(drawn == 26 ? ' ' : 'a' + drawn);
    }
    return text;
}

// The sitreps one side posts: a routine backlog, then a burst of flash ones. Each text starts
// with a label ("flash a0:") by which the other side's picture is searched.
struct Posted {
    std::vector<std::string> routine, flash;
    Clock::time_point first_flash_at;
};

Posted post_load(const LoraNode& node) {
    Posted posted;
    std::uint32_t seed = node.name == "a" ? 1000 : 2000;
    for (int i = 0; i < kBacklog; ++i) {
        std::string label = "routine " + node.name + std::to_string(i) + ":";
        post(node, label + padding(seed++), "routine-" + node.name + std::to_string(i), "routine");
        posted.routine.push_back(label);
    }
    posted.first_flash_at = Clock::now();
    for (int i = 0; i < kFlashBurst; ++i) {
        std::string label = "flash " + node.name + std::to_string(i) + ":";
        post(node, label + padding(seed++), "flash-" + node.name + std::to_string(i), "flash");
        posted.flash.push_back(label);
    }
    return posted;
}

// How many of `labels` are in `node`'s picture.
std::size_t count_in_picture(const LoraBridge& bridge, const LoraNode& node,
                             const std::vector<std::string>& labels) {
    auto cop = run(bridge.baken(node, {"cop", "--json"}), 10s);
    return static_cast<std::size_t>(std::count_if(labels.begin(), labels.end(), [&](auto& label) {
        return cop.exit_code == 0 && cop.out.find(label) != std::string::npos;
    }));
}

// The transmissions of one modem, in order of start; fails the test if two overlap (a modem
// is half duplex: the window sum below relies on it).
std::vector<Transmission> sent_by(const std::vector<Transmission>& all, std::size_t node) {
    std::vector<Transmission> mine;
    for (const Transmission& t : all)
        if (t.node == node) mine.push_back(t);
    std::sort(mine.begin(), mine.end(),
              [](const Transmission& x, const Transmission& y) { return x.start_s < y.start_s; });
    for (std::size_t i = 1; i < mine.size(); ++i)
        EXPECT_GE(mine[i].start_s + 1e-6, mine[i - 1].start_s + mine[i - 1].airtime_s)
            << "modem " << node << " frames " << i - 1 << " and " << i << " overlap";
    return mine;
}

TEST(LoraBridge, FlashSitrepsCrossBothWaysWhileTheBudgetBindsAndNoModemHoldsAFrame) {
    LoraBridge bridge;
    ASSERT_TRUE(bridge.start());
    // Both sides at once, so both daemons want the channel (listen before talk decides) and
    // both budgets bind. Flash sitreps go at once and may use all of the budget: the burst is
    // what makes it bind (13 s of air wanted per side). Routine data waits for a summary round
    // (30-60 s) and may use only 70 %: the backlog stays behind the burst.
    auto began = Clock::now();
    Posted from_a = post_load(bridge.a);
    Posted from_b = post_load(bridge.b);
    // The first flash sitrep each way must arrive; the rest of the burst waits for budget.
    auto limit = std::chrono::duration_cast<std::chrono::seconds>(kRunFor);
    auto took = bridge.wait_for_picture(bridge.b, from_a.flash[0], from_a.first_flash_at, limit);
    EXPECT_TRUE(took) << "not in B's picture after " << limit.count() << " s\n"
                      << bridge.a.daemon->log() << bridge.b.daemon->log();
    auto took_back =
        bridge.wait_for_picture(bridge.a, from_b.flash[0], from_b.first_flash_at, limit);
    EXPECT_TRUE(took_back) << "not in A's picture after " << limit.count() << " s\n"
                           << bridge.a.daemon->log() << bridge.b.daemon->log();
    // Keep both links loaded until the budgets have bound a second time.
    while (Clock::now() < began + kRunFor) std::this_thread::sleep_for(500ms);
    std::size_t flash_at_b = count_in_picture(bridge, bridge.b, from_a.flash);
    std::size_t flash_at_a = count_in_picture(bridge, bridge.a, from_b.flash);
    std::size_t routine_at_b = count_in_picture(bridge, bridge.b, from_a.routine);
    std::size_t routine_at_a = count_in_picture(bridge, bridge.a, from_b.routine);
    for (const LoraNode* node : {&bridge.a, &bridge.b})
        std::cout << node->name << " says (baken links):\n"
                  << run(bridge.baken(*node, {"links"}), 10s).out;
    double run_s = std::chrono::duration<double>(Clock::now() - began).count();

    auto stats = bridge.stop();
    AirLog air = read_air_log(bridge.air_log());
    std::cout << "--- LoRa SF9/125 kHz, 869.525 MHz; daemons' budget " << kBudgetS << " s per "
              << kWindowS << " s; bit_rate " << lora_bit_rate() << ", tx_delay "
              << lora_tx_delay_ms() << " ms, frame_bytes " << kFrameBytes << "\n";
    for (std::size_t n = 0; n < 2; ++n) {
        const std::string name = n == 0 ? "a" : "b";
        const AirTotals& t = air.totals[name];
        auto& s = stats[name];
        double busiest = max_airtime_in_window(sent_by(air.transmissions, n), n, kWindowS);
        std::cout << "modem " << name << ": " << t.frames << " frames, " << t.bytes << " bytes, "
                  << t.airtime_s << " s airtime on the channel, busiest " << kWindowS
                  << " s window " << busiest << " s (delivered " << t.delivered << ", collided "
                  << t.collided << ", lost " << t.lost << ", cut by the end " << t.cut
                  << "); the modem counted " << s["frames_sent"] << " frames, " << s["airtime_ms"]
                  << " ms, holds " << s["duty_cycle_holds"] << ", received " << s["frames_received"]
                  << "\n";
        // The budget, in every window on the air (1 ms for the log's rounding). The daemon
        // counts a frame when it expects it on the air, moved later for every frame it hears
        // from the other modem meanwhile; its margin covers the rest (listen-before-talk
        // backoff, the serial line).
        EXPECT_LE(busiest, kBudgetS + 0.001) << "modem " << name << " (it found the channel busy "
                                             << s["channel_busy"] << " times); the channel's log:\n"
                                             << read_text(bridge.air_log());
        // And it bound: each side wanted far more air than its budget, so a modem that stayed
        // well below the budget in every window was not paced by it (or the test sent too
        // little). The daemon's estimate is above the real time on air (tx_delay rounded up),
        // so a full budget is somewhat less than 6 s on the channel.
        EXPECT_GT(busiest, kMinBusiestShare * kBudgetS) << "modem " << name;
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
    EXPECT_GT(air.totals["a"].delivered, 0u);
    EXPECT_GT(air.totals["b"].delivered, 0u);
    auto seconds = [](std::optional<double> t) {
        return t ? std::to_string(*t) + " s" : std::string("never");
    };
    auto since_began = [&](Clock::time_point t) {
        return std::chrono::duration<double>(t - began).count();
    };
    std::cout << "posted on each side: " << kBacklog << " routine, then " << kFlashBurst
              << " flash sitreps (A's flash from " << since_began(from_a.first_flash_at)
              << " s, B's from " << since_began(from_b.first_flash_at)
              << " s); the first flash one in B's picture " << seconds(took)
              << " after it was posted, in A's " << seconds(took_back) << " after; by the end ("
              << run_s << " s) B held " << flash_at_b << " of A's " << kFlashBurst << " flash and "
              << routine_at_b << " of its " << kBacklog << " routine sitreps, A " << flash_at_a
              << " and " << routine_at_a << "\n";
}

}  // namespace
}  // namespace baken::testing
