// Two real bakend processes whose only path is a simulated 1200 bit/s packet-radio channel
// (issue 6, docs/radio-link.md): each opens its own pseudo-terminal as a serial KISS TNC, and
// KissLinkSimulator plays the TNCs and the air between them, half duplex, losing 10% of the
// frames. A flash sitrep posted on one node must reach the other's picture; with a backlog
// of routine sitreps it must go first; a burst of flash sitreps must be paced across
// windows; and no node may spend more airtime than its duty cycle allows, in any window,
// nor send a frame without its callsign. Each test prints its figures (frames, bytes and
// airtime per node, on the air and as the daemons count them; delivery times).
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <thread>
#include <variant>

#include "baken/v1/api.pb.h"
#include "kiss_link_simulator.h"
#include "radio/codec/ax25_frame.h"
#include "radio/codec/callsign.h"
#include "radio/link/link_frame.h"
#include "support/child_process.h"
#include "support/temp_dir.h"

namespace baken::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// The interface both nodes get, as an operator would configure a 2 m packet link; only the
// 60 s window is unusual (an hour is the norm) so that the budget binds within a short test.
constexpr double kBitRate = 1200;
constexpr double kDutyCycle = 0.10;
constexpr double kWindowS = 60;
// The link's frame, before the AX.25 header. bakend wants room for four frames within the
// 70 % of a window's budget that routine data may use (4.2 s here): 100 + 20 bytes and the
// tx delay take 0.9 s (200 would take 1.57 s and be refused).
constexpr std::size_t kFrameBytes = 100;
constexpr double kTxDelayS = 0.100;
constexpr double kLoss = 0.10;
// With this seed the 2nd delivery is lost (the second frame of the first flash sitrep), then
// the 5th, 6th and 11th: loss and its repair happen early, within the short tests.
constexpr std::uint64_t kSeed = 5;
constexpr std::size_t kAx25HeaderBytes = 16;  // destination + source, no digipeaters

struct RadioNode {
    std::string name;
    std::string callsign;
    fs::path data;
    fs::path config;
};

RadioNode make_node(const fs::path& root, const std::string& name, const std::string& callsign,
                    const std::string& device) {
    RadioNode node{name, callsign, root / name, root / (name + ".toml")};
    fs::create_directories(node.data);
    // Sync and discovery off and no sticks watched: the radio is the only way across.
    std::ofstream(node.config) << "[node]\nname = \"" << name << "\"\n"
                               << "[sync]\nenabled = false\n"
                               << "[discovery]\nenabled = false\n"
                               << "[sticks]\nwatch = []\n"
                               << "[[radio]]\n"
                               << "name = \"test-2m\"\n"
                               << "device = \"" << device << "\"\n"
                               << "baud = 9600\n"
                               << "bit_rate = " << kBitRate << "\n"
                               << "framing = \"ax25\"\n"
                               << "callsign = \"" << callsign << "\"\n"
                               << "duty_cycle_percent = " << kDutyCycle * 100 << "\n"
                               << "duty_cycle_window_s = " << kWindowS << "\n"
                               << "frame_bytes = " << kFrameBytes << "\n"
                               << "tx_delay_ms = " << kTxDelayS * 1000 << "\n";
    return node;
}

// The daemon on `node`, or nothing if it did not come up (the failure names why).
std::unique_ptr<DaemonProcess> start(const RadioNode& node) {
    auto daemon = std::make_unique<DaemonProcess>(
        node.data, std::vector<std::string>{"--config", node.config.string()});
    if (daemon->wait_ready()) return daemon;
    ADD_FAILURE() << node.name << " did not start:\n" << daemon->log();
    return nullptr;
}

std::vector<std::string> baken(const fs::path& data, std::vector<std::string> args) {
    std::vector<std::string> argv{baken_path().string(), "--data", data.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
}

// Posts a sitrep (flash unless told otherwise) and returns its id.
std::string post(const RadioNode& node, const std::string& text,
                 const std::string& precedence = "flash") {
    auto args = post_sitrep_args(node.data, text);
    args.back() = precedence;  // the helper's last argument is the value of --precedence
    auto posted = run(args);
    EXPECT_EQ(posted.exit_code, 0) << posted.err;
    auto at = posted.out.find("\"id\":\"");
    return at == std::string::npos ? "" : posted.out.substr(at + 6, 64);
}

bool in_picture(const RadioNode& node, const std::string& text) {
    auto cop = run(baken(node.data, {"cop", "--json"}), 10s);
    return cop.exit_code == 0 && cop.out.find(text) != std::string::npos;
}

// Polls (every 200 ms) until `text` is in the node's picture; the time it took, or nothing.
std::optional<double> wait_for_picture(const RadioNode& node, const std::string& text,
                                       Clock::time_point since, std::chrono::seconds limit) {
    while (Clock::now() < since + limit) {
        if (in_picture(node, text))
            return std::chrono::duration<double>(Clock::now() - since).count();
        std::this_thread::sleep_for(200ms);
    }
    return std::nullopt;
}

std::uint64_t sitreps_held(const RadioNode& node) {
    auto r = run(baken(node.data, {"status", "--json"}), 10s);
    v1::NodeStatus status;
    if (r.exit_code != 0 || !google::protobuf::util::JsonStringToMessage(r.out, &status).ok())
        return 0;
    auto sitreps = status.messages_by_kind().find("sitrep");
    return sitreps == status.messages_by_kind().end() ? 0 : sitreps->second;
}

// The size of a message's exact envelope bytes, from its base64 in `baken show --json`.
std::size_t envelope_bytes(const RadioNode& node, const std::string& id) {
    auto r = run(baken(node.data, {"show", id, "--json"}), 10s);
    v1::MessageView view;
    if (r.exit_code != 0 || !google::protobuf::util::JsonStringToMessage(r.out, &view).ok())
        return 0;
    const std::string& b64 = view.envelope();
    std::size_t padding = b64.ends_with("==") ? 2 : b64.ends_with("=") ? 1 : 0;
    return b64.size() / 4 * 3 - padding;
}

// The least airtime that carries `bytes` of envelope at all: link frames of kFrameBytes
// holding nothing but envelope (no link header, no summaries, no loss), each with its AX.25
// header, HDLC flags and FCS, and the tx delay.
double theoretical_airtime(std::size_t bytes) {
    std::size_t frames = (bytes + kFrameBytes - 1) / kFrameBytes;
    return static_cast<double>(frames) * kTxDelayS +
           (static_cast<double>(bytes + frames * (kAx25HeaderBytes + 4)) * 8) / kBitRate;
}

// What `node` put on air, by narrow-link frame type ("data 2, summary 3"), for the log.
struct FrameTypeName {
    std::string operator()(const radio::SummaryFrame&) const { return "summary"; }
    std::string operator()(const radio::SymbolRequestFrame&) const { return "symbol_request"; }
    std::string operator()(const radio::SymbolsFrame&) const { return "symbols"; }
    std::string operator()(const radio::WantFrame&) const { return "want"; }
    std::string operator()(const radio::DataFrame&) const { return "data"; }
    std::string operator()(const radio::MissingFrame&) const { return "missing"; }
};

std::string frame_types(const std::vector<Transmission>& frames, std::size_t node) {
    std::map<std::string, int> counts;
    for (const auto& t : frames) {
        if (t.node != node) continue;
        auto ax25 = radio::ax25_parse(as_bytes(t.payload));
        auto link = ax25 ? radio::decode_link_frame(as_bytes(ax25->info))
                         : Result<radio::LinkFrame, radio::LinkFrameError>(
                               fail(radio::LinkFrameError::not_ours));
        ++counts[link ? std::visit(FrameTypeName{}, link->body)
                      : std::string(radio::link_frame_error_name(link.error()))];
    }
    std::string out;
    for (const auto& [name, count] : counts)
        out += (out.empty() ? "" : ", ") + name + " " + std::to_string(count);
    return out.empty() ? "none" : out;
}

// A two-node radio link with a daemon on each end.
struct RadioPair {
    TempDir dir;
    std::unique_ptr<KissLinkSimulator> air;
    RadioNode a, b;
    std::unique_ptr<DaemonProcess> da, db;

    RadioPair() {
        LinkSimulatorOptions options;
        options.nodes = 2;
        options.bit_rate = kBitRate;
        options.loss = kLoss;
        options.seed = kSeed;
        auto made = KissLinkSimulator::create(options);
        EXPECT_TRUE(made) << (made ? "" : made.error());
        if (!made) return;
        air = std::move(made).value();
        air->start();  // before the daemons open their ports
        a = make_node(dir.path(), "a", "PA3AAA-1", air->device_path(0));
        b = make_node(dir.path(), "b", "PA3BBB-2", air->device_path(1));
        da = start(a);
        db = start(b);
    }
    bool ready() const { return air && da && db; }

    // Every frame on air is an AX.25 UI frame from the sending node's callsign.
    void expect_every_frame_signed_with_its_callsign() const {
        radio::Callsign calls[2] = {*radio::parse_callsign(a.callsign),
                                    *radio::parse_callsign(b.callsign)};
        std::size_t bad = 0;
        for (const auto& t : air->transmissions()) {
            auto frame = radio::ax25_parse(as_bytes(t.payload));
            bool ok =
                frame && frame->source == calls[t.node] && frame->pid == radio::kAx25PidNoLayer3;
            if (!ok && ++bad <= 5)
                ADD_FAILURE() << "node " << t.node << " frame at " << t.start_s
                              << " s is not an AX.25 UI frame from "
                              << radio::to_string(calls[t.node]) << " (" << t.payload.size()
                              << " bytes)";
        }
        EXPECT_EQ(bad, 0u);
    }

    // The airtime rule. The daemon counts a frame when it hands it to its TNC; the frame goes
    // on air later, when the channel is free (the other node may be sending, and frames
    // queue in the TNC behind it). That delay can move one frame from the end of one of the
    // daemon's windows into the next on-air window, so on air a window may hold up to one
    // frame (the largest: kFrameBytes, its AX.25 header and tx delay) more than the daemon's own
    // accounting allows. More than that would mean the daemon overspent.
    void expect_budget_held() const {
        double budget = kDutyCycle * kWindowS;
        double one_frame =
            KissLinkSimulator::airtime_of(kFrameBytes + kAx25HeaderBytes, kBitRate, kTxDelayS);
        for (std::size_t n = 0; n < 2; ++n) {
            double used = air->max_airtime_in_window(n, kWindowS);
            EXPECT_LE(used, budget + one_frame)
                << "node " << n << " used " << used << " s of air in one " << kWindowS
                << " s window; budget " << budget << " s";
        }
    }

    void print_figures(const std::string& title) const {
        std::cout << "--- " << title << " (1200 bit/s, " << kLoss * 100 << "% loss, budget "
                  << kDutyCycle * kWindowS << " s per " << kWindowS << " s)\n";
        for (std::size_t n = 0; n < 2; ++n) {
            NodeTotals t = air->totals(n);
            std::cout << "node " << (n == 0 ? a.callsign : b.callsign) << ": " << t.frames_sent
                      << " frames, " << t.payload_bytes << " bytes, " << t.airtime_s
                      << " s airtime (busiest " << kWindowS
                      << " s window: " << air->max_airtime_in_window(n, kWindowS)
                      << " s); received " << t.frames_received << ", lost on air " << t.frames_lost
                      << ", TNC queue drops " << t.queue_drops << ", tx delay " << t.tx_delay_s
                      << " s\n  frames by type: " << frame_types(air->transmissions(), n) << "\n";
        }
        // The daemons' own account of the same link, to compare with the air's.
        for (const RadioNode* node : {&a, &b})
            std::cout << node->callsign << " says (baken links):\n"
                      << run(baken(node->data, {"links"}), 10s).out;
    }
};

TEST(RadioLink, AFlashSitrepPostedOnOneSideIsInTheOthersPicture) {
    RadioPair link;
    ASSERT_TRUE(link.ready());
    const std::string text = "Flits via de radio: stroomstoring Overvecht";
    auto posted_at = Clock::now();
    std::string id = post(link.a, text);
    ASSERT_EQ(id.size(), 64u);
    auto took = wait_for_picture(link.b, text, posted_at, 90s);
    EXPECT_TRUE(took) << "not in B's picture after 90 s\n" << link.da->log() << link.db->log();

    link.print_figures("idle link, one flash sitrep");
    std::size_t bytes = envelope_bytes(link.a, id);
    double theory = theoretical_airtime(bytes);
    std::cout << "flash sitrep: " << bytes << " envelope bytes, theoretical airtime " << theory
              << " s, delivered into B's picture after "
              << (took ? std::to_string(*took) + " s (" + std::to_string(*took / theory) + "x)"
                       : std::string("never"))
              << "\n";
    link.expect_every_frame_signed_with_its_callsign();
    link.expect_budget_held();
}

TEST(RadioLink, AFlashSitrepOvertakesARoutineBacklogAndTheBudgetHolds) {
    RadioPair link;
    ASSERT_TRUE(link.ready());
    constexpr int kBacklog = 30;
    auto began = Clock::now();
    for (int i = 0; i < kBacklog; ++i)
        post(link.a, "Routinebericht " + std::to_string(i), "routine");
    const std::string text = "Flits na de achterstand: dijk Lek bezwijkt";
    auto posted_at = Clock::now();
    std::string id = post(link.a, text);
    ASSERT_EQ(id.size(), 64u);

    auto took = wait_for_picture(link.b, text, posted_at, 150s);
    std::uint64_t routine_before = took ? sitreps_held(link.b) - 1 : 0;
    EXPECT_TRUE(took) << "not in B's picture after 150 s\n" << link.da->log() << link.db->log();
    // The backlog wants about 10 minutes of A's budget; the flash must not wait for it. A
    // few routine ones may cross before it: those already on air or handed to the TNC while
    // the backlog was being posted.
    EXPECT_LE(routine_before, 5u) << "B held " << routine_before << " routine sitreps first";

    // Keep the link saturated past two whole windows, so the budget is tested where it binds.
    auto until = began + 2 * std::chrono::seconds(static_cast<int>(kWindowS)) + 10s;
    while (Clock::now() < until) std::this_thread::sleep_for(500ms);
    std::uint64_t routine_after = sitreps_held(link.b) - (took ? 1 : 0);

    link.print_figures("backlog of 30 routine sitreps, then one flash");
    std::size_t bytes = envelope_bytes(link.a, id);
    std::cout << "flash sitrep: " << bytes << " envelope bytes, theoretical airtime "
              << theoretical_airtime(bytes) << " s, in B's picture after "
              << (took ? std::to_string(*took) + " s" : std::string("never")) << "; B held "
              << routine_before << " routine sitreps then, " << routine_after << " of " << kBacklog
              << " after " << std::chrono::duration<double>(Clock::now() - began).count() << " s\n";
    link.expect_every_frame_signed_with_its_callsign();
    link.expect_budget_held();
}

// Flash messages are pushed at once, without a summary round, so a burst of them is the
// quickest way to make the budget bind: six flash sitreps want about 13 s of air, more than
// two windows' budget. Posts them on A and waits until B holds all six or `limit` passes;
// prints the figures. Returns how many B holds.
std::uint64_t send_flash_burst(RadioPair& link, std::chrono::seconds limit) {
    constexpr std::uint64_t kBurst = 6;
    auto began = Clock::now();
    std::size_t bytes = 0;
    for (std::uint64_t i = 0; i < kBurst; ++i) {
        std::string id = post(link.a, "Flits " + std::to_string(i) + ": evacuatie wijk Overvecht");
        bytes += envelope_bytes(link.a, id);
    }
    std::uint64_t held = 0;
    while (Clock::now() < began + limit && (held = sitreps_held(link.b)) < kBurst)
        std::this_thread::sleep_for(500ms);
    link.print_figures("a burst of 6 flash sitreps");
    std::cout << "burst: " << bytes << " envelope bytes, theoretical airtime "
              << theoretical_airtime(bytes / kBurst) * kBurst << " s; B held " << held << " of "
              << kBurst << " after " << std::chrono::duration<double>(Clock::now() - began).count()
              << " s\n";
    return held;
}

TEST(RadioLink, ABurstOfFlashSitrepsIsPacedAcrossWindowsWithinTheBudget) {
    RadioPair link;
    ASSERT_TRUE(link.ready());
    // Two whole windows and a little: long enough for the pacing to show, however far the
    // burst got (that it all arrives is the disabled test below).
    send_flash_burst(link, 130s);
    link.expect_every_frame_signed_with_its_callsign();
    link.expect_budget_held();
    // It did bind: A sent more than routine data alone may (70 %) in one window.
    EXPECT_GT(link.air->max_airtime_in_window(0, kWindowS), 0.75 * kDutyCycle * kWindowS);
}

// With 10 % frame loss a burst of six flash sitreps gets across within the budget. Before the
// listener kept the fragments it held and asked less and less often while the sender waited
// for its budget, B held 1 of 6 after 240 s, having spent its whole budget on 48 MISSING
// frames.
TEST(RadioLink, ABurstOfFlashSitrepsAllArriveDespiteTenPercentLoss) {
    RadioPair link;
    ASSERT_TRUE(link.ready());
    EXPECT_EQ(send_flash_burst(link, 240s), 6u) << link.da->log() << link.db->log();
    link.expect_budget_held();
}

}  // namespace
}  // namespace baken::testing
