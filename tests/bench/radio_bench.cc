// Radio link figures (issue 6), measured in the radio mesh simulation
// (tests/simulation/radio/): real Stores, ValidationPaths and RadioLinks on a simulated
// 1200 bit/s half-duplex channel of KISS TNCs (p-persistent CSMA, P = 63, slot 100 ms), with
// AX.25 framing. Two nodes unless said; link frames of 200 and 256 bytes; tx_delay 300 and
// 100 ms; no loss unless said.
//
//   (a) payload efficiency: a signed sitrep of about 300 bytes, posted flash (pushed at once):
//       envelope bytes delivered / bytes handed to the modem for it (AX.25 header included).
//       Target >= 80 %. Also with KISS framing and with HDLC flags, FCS and bit stuffing (for
//       information), with and without compression, and counting every frame both nodes sent
//       from post to delivery, for flash (push) and routine (summary, reconciliation, data)
//   (b) flash latency on an idle link: post to stored at the receiver, against the theoretical
//       airtime of the envelope in one transmission without headers (tx_delay + bytes * 8 /
//       bit rate), 25 trials at random moments (the mean is held to the target; CSMA draws
//       and the odd collision with the other node's summary spread them). Target <= 1.5x.
//       Also with 10 % loss, and with frames handed over as RadioService does (information).
//       Frames go to the TNC one at a time when it is idle unless said
//   (c) idle airtime: 2 and 5 nodes holding the same 100 messages for 6 simulated hours:
//       airtime per node per hour in the first hour and in hours 2-6, as a share of the budget
//       (10 % duty cycle = 360 s per hour). Target < 1 % of the budget
//
// Simulated time makes these figures exact for the model (a pure function of the seed: CSMA
// draws, loss, the links' own randomness); only the wall-clock time printed at the end depends
// on the machine (LMDB commits with fsync dominate it). Figures are reported, never asserted:
// the exit status is non-zero only when something fails functionally (a message not delivered
// within the run's bound, a store that cannot open, a problem the harness saw).
//
// Usage: radio_bench [--seed=N] [--trials=N]. --benchmark_* flags (what run-benchmarks.sh
// passes to every benchmark) are accepted and ignored: repetitions would give the same figures.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

#include "message/envelope_codec.h"
#include "radio/codec/kiss_codec.h"
#include "radio/link/airtime_budget.h"
#include "radio/link/link_policy.h"
#include "simulation/radio/air_checks.h"
#include "simulation/radio/radio_mesh_sim.h"
#include "simulation/sim_random.h"
#include "support/sample_messages.h"

namespace {

using namespace baken;
using sim::RadioMeshSettings;
using sim::RadioMeshSim;
using sim::Transmission;

constexpr std::uint32_t kBitRate = 1200;
constexpr std::size_t kSitrepBytes = 300;
constexpr double kTargetEfficiency = 0.80;
constexpr double kTargetLatencyRatio = 1.5;
constexpr double kTargetIdleShare = 0.01;
constexpr std::int64_t kMinuteMs = 60'000;
constexpr std::int64_t kHourMs = 60 * kMinuteMs;
constexpr std::int64_t kDeliveryLimitMs = 30 * kMinuteMs;  // per message, else a failure

struct LinkConfig {
    std::size_t frame_bytes;
    std::int64_t tx_delay_ms;
};
constexpr LinkConfig kConfigs[] = {{200, 300}, {256, 300}, {200, 100}, {256, 100}};

struct Options {
    std::uint64_t seed = 1;
    int trials = 25;
};

// ---------------------------------------------------------------------------------------------
// Functional failures: any of them makes the exit status non-zero.

std::vector<std::string> g_failures;

void fail(const std::string& what) {
    if (g_failures.size() < 20) g_failures.push_back(what);
}

void note_problems(const RadioMeshSim& sim, const std::string& where) {
    for (const std::string& p : sim.problems()) fail(where + ": " + p);
}

std::string config_name(const LinkConfig& c) {
    return "frame " + std::to_string(c.frame_bytes) + " B, tx_delay " +
           std::to_string(c.tx_delay_ms) + " ms";
}

// ---------------------------------------------------------------------------------------------
// Messages and meshes.

Identity author(int n) {
    std::array<std::uint8_t, 32> seed{};
    seed.fill(static_cast<std::uint8_t>(0x70 + n));
    return Identity::from_seed(seed);
}

// A signed sitrep whose envelope is `bytes` long or just over (the text grows until it is).
DecodedMessage sitrep_of_about(std::size_t bytes, v1::Precedence precedence, int serial) {
    std::string text = "Situatie " + std::to_string(serial) + ": stroomstoring in Overvecht.";
    for (int guard = 0; guard < 400; ++guard) {
        DecodedMessage m =
            sign_message(author(serial % 4),
                         testing::sample_message(testing::sample_sitrep_body(text), precedence));
        if (m.envelope_bytes.size() >= bytes) return m;
        text += (guard % 7 == 6) ? " " : "x";
    }
    return {};
}

RadioMeshSettings mesh(const LinkConfig& config, int nodes, bool compress, double loss,
                       std::uint64_t seed) {
    RadioMeshSettings s;
    s.nodes = nodes;
    s.seed = seed;
    s.channel.airtime = {kBitRate, static_cast<std::uint32_t>(config.tx_delay_ms), true};
    s.channel.loss = loss;
    s.link.policy = radio::allow_everything(true);  // amateur band: lawful, AX.25
    s.link.frame_bytes = config.frame_bytes;
    s.link.compress = compress;
    s.ax25 = true;
    return s;
}

// Posts `m` at node 0 and runs until node 1 stores it; the elapsed ms, or -1 (a failure).
std::int64_t deliver(RadioMeshSim& sim, const DecodedMessage& m, const std::string& where) {
    const std::int64_t posted = sim.elapsed_ms();
    if (!sim.post(0, as_bytes(m.envelope_bytes))) {
        fail(where + ": the sitrep was refused at the sender");
        return -1;
    }
    if (!sim.run_until([&] { return sim.holds(1, m.id); }, posted + kDeliveryLimitMs, 10)) {
        fail(where + ": not delivered within " + std::to_string(kDeliveryLimitMs / 1000) + " s");
        return -1;
    }
    return *sim.stored_at(1, m.id) - posted;
}

// ---------------------------------------------------------------------------------------------
// (a) payload efficiency.

struct Efficiency {
    std::size_t envelope = 0;
    std::uint64_t data_frames = 0;
    std::uint64_t modem_bytes = 0;  // the data frames, AX.25 header included
    std::uint64_t kiss_bytes = 0;   // the same as KISS messages (FENDs, type byte, escapes)
    double hdlc_bytes = 0;          // the same on the air: flags, FCS, stuffed bits
    std::uint64_t all_frames = 0;   // everything both nodes sent from post to delivery
    std::uint64_t all_bytes = 0;
    bool ok = false;
};

Efficiency measure_efficiency(const LinkConfig& config, bool compress, v1::Precedence precedence,
                              const Options& options) {
    Efficiency e;
    const std::string where = "efficiency, " + config_name(config);
    RadioMeshSim sim(mesh(config, 2, compress, 0.0, options.seed));
    if (!sim.error().empty()) {
        fail(where + ": " + sim.error());
        return e;
    }
    const DecodedMessage m = sitrep_of_about(kSitrepBytes, precedence, 1);
    e.envelope = m.envelope_bytes.size();
    const std::int64_t posted = sim.elapsed_ms();
    const std::int64_t took = deliver(sim, m, where);
    note_problems(sim, where);
    if (took < 0) return e;
    const auto& records = sim.channel().records();
    const radio::AirtimeModel& model = sim.settings().channel.airtime;
    std::span<const std::uint8_t> tag(m.id.data(), 6);
    for (const Transmission& t : records) {
        if (t.start_ms >= posted && t.start_ms <= posted + took) {
            ++e.all_frames;
            e.all_bytes += t.bytes.size();
        }
        if (sim::data_frames_for(std::span(&t, 1), true, tag).frames == 0) continue;
        ++e.data_frames;
        e.modem_bytes += t.bytes.size();
        e.kiss_bytes += radio::kiss_encode({0, radio::KissCommand::data, t.bytes}).size();
        e.hdlc_bytes +=
            static_cast<double>(radio::airtime_ms(model, as_bytes(t.bytes)) - model.tx_delay_ms) *
            model.bit_rate / 8000.0;
    }
    e.ok = e.data_frames > 0;
    return e;
}

double percent(double part, double whole) {
    return whole > 0 ? 100.0 * part / whole : 0;
}

void print_efficiency(const Options& options) {
    std::printf(
        "\n(a) payload efficiency: one signed sitrep, envelope bytes delivered / bytes "
        "handed to the modem\n    (flash, pushed at once; the data frames that carried it; "
        "about 300 bytes need 2 frames at either frame size)\n");
    std::printf("    %-30s %-6s %5s %6s %8s %8s %8s   %s\n", "link", "deflate", "msg B", "frames",
                "modem", "KISS", "HDLC", "target >= 80 % (modem bytes)");
    for (const LinkConfig& config : kConfigs) {
        for (bool compress : {false, true}) {
            Efficiency e = measure_efficiency(config, compress, v1::FLASH, options);
            if (!e.ok) continue;
            const double modem = percent(static_cast<double>(e.envelope), e.modem_bytes);
            std::printf("    %-30s %-6s %5zu %6llu %7.1f%% %7.1f%% %7.1f%%   %s\n",
                        config_name(config).c_str(), compress ? "on" : "off", e.envelope,
                        static_cast<unsigned long long>(e.data_frames), modem,
                        percent(static_cast<double>(e.envelope), e.kiss_bytes),
                        percent(static_cast<double>(e.envelope), e.hdlc_bytes),
                        modem >= 100.0 * kTargetEfficiency ? "met" : "NOT met");
        }
    }
    std::printf(
        "    counting every frame both nodes sent from post to delivery (summaries, "
        "requests, symbols included):\n");
    for (const LinkConfig& config : kConfigs) {
        for (v1::Precedence precedence : {v1::FLASH, v1::ROUTINE}) {
            Efficiency e = measure_efficiency(config, true, precedence, options);
            if (!e.ok) continue;
            std::printf("    %-30s %-8s %3llu frames, %5llu bytes: %5.1f%%\n",
                        config_name(config).c_str(), precedence == v1::FLASH ? "flash" : "routine",
                        static_cast<unsigned long long>(e.all_frames),
                        static_cast<unsigned long long>(e.all_bytes),
                        percent(static_cast<double>(e.envelope), e.all_bytes));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// (b) flash latency on an idle link.

struct Latency {
    std::size_t envelope = 0;
    std::int64_t theoretical_ms = 0;
    std::vector<std::int64_t> took_ms;  // one per delivered trial
};

// The two nodes hold the same 100 messages and have been idle for an hour; then, `trials`
// times, a flash sitrep is posted at node 0 at a random moment of a 30-minute slot.
Latency measure_latency(const LinkConfig& config, bool compress, double loss,
                        sim::HandOver hand_over, const Options& options) {
    Latency l;
    const std::string where = "latency, " + config_name(config);
    RadioMeshSettings settings = mesh(config, 2, compress, loss, options.seed);
    settings.hand_over = hand_over;
    RadioMeshSim sim(settings);
    if (!sim.error().empty()) {
        fail(where + ": " + sim.error());
        return l;
    }
    std::vector<DecodedMessage> held;
    std::vector<ByteView> views;
    for (int i = 0; i < 100; ++i)
        held.push_back(testing::signed_sitrep(author(i % 4), 1000 + i, v1::ROUTINE));
    for (const auto& m : held) views.push_back(as_bytes(m.envelope_bytes));
    for (int n = 0; n < 2; ++n) sim.preload(n, views);
    sim.run_to(kHourMs);

    sim::SimRandom random = sim::SimRandom(options.seed).stream("latency");
    for (int trial = 0; trial < options.trials; ++trial) {
        const std::int64_t slot = sim.elapsed_ms();
        sim.run_to(slot + random.between(0, 20 * kMinuteMs));
        const DecodedMessage m = sitrep_of_about(kSitrepBytes, v1::FLASH, 2000 + trial);
        l.envelope = m.envelope_bytes.size();
        const std::int64_t took = deliver(sim, m, where);
        if (took >= 0) l.took_ms.push_back(took);
        sim.run_to(std::max(sim.elapsed_ms(), slot + 30 * kMinuteMs));
    }
    note_problems(sim, where);
    const std::int64_t bits = static_cast<std::int64_t>(l.envelope) * 8;
    l.theoretical_ms = config.tx_delay_ms + (bits * 1000 + kBitRate - 1) / kBitRate;
    return l;
}

void print_latency_row(const LinkConfig& config, bool compress, double loss,
                       sim::HandOver hand_over, const Options& options) {
    Latency l = measure_latency(config, compress, loss, hand_over, options);
    if (l.took_ms.empty()) return;
    std::vector<std::int64_t> sorted = l.took_ms;
    std::sort(sorted.begin(), sorted.end());
    const double mean = static_cast<double>(std::accumulate(sorted.begin(), sorted.end(), 0LL)) /
                        static_cast<double>(sorted.size());
    const double ratio = mean / static_cast<double>(l.theoretical_ms);
    const bool judged = loss == 0 && hand_over == sim::HandOver::as_the_link_paces;
    std::printf("    %-30s %-7s %3.0f%% %6.2fs %6.2fs %6.2fs %6.2fs %6.2fx   %s\n",
                config_name(config).c_str(), compress ? "on" : "off", loss * 100,
                l.theoretical_ms / 1000.0, sorted[sorted.size() / 2] / 1000.0, mean / 1000.0,
                sorted.back() / 1000.0, ratio,
                !judged                        ? "(information)"
                : ratio <= kTargetLatencyRatio ? "met"
                                               : "NOT met");
}

void print_latency(const Options& options) {
    std::printf(
        "\n(b) flash latency on an idle link: post -> stored at the receiver, %d trials "
        "each,\n    against tx_delay + envelope bytes * 8 / bit rate (one transmission, "
        "no headers)\n",
        options.trials);
    std::printf("    %-30s %-7s %-5s %7s %7s %7s %7s %7s   %s\n", "link", "deflate", "loss",
                "theory", "median", "mean", "max", "mean/th", "target <= 1.5x (mean)");
    std::printf(
        "    handed to the TNC as bakend's RadioService does (every frame the link gives, the "
        "link\n    pacing itself); a TNC sends frames queued together under one key-up:\n");
    for (double loss : {0.0, 0.10})
        for (const LinkConfig& config : kConfigs)
            for (bool compress : {false, true})
                print_latency_row(config, compress, loss, sim::HandOver::as_the_link_paces,
                                  options);
    std::printf("    handed to the TNC one frame at a time, only when it is idle, no loss:\n");
    for (const LinkConfig& config : kConfigs)
        for (bool compress : {false, true})
            print_latency_row(config, compress, 0.0, sim::HandOver::when_tnc_idle, options);
}

// ---------------------------------------------------------------------------------------------
// (c) idle airtime.

struct Idle {
    double first_hour_ms = 0;  // per node, the most any node used
    double later_hour_ms = 0;  // per node per hour in hours 2-6, the most any node used
    double first_mean_ms = 0;  // the same, averaged over the nodes
    double later_mean_ms = 0;
    std::int64_t budget_ms = 0;
    std::uint64_t frames = 0;
};

Idle measure_idle(const LinkConfig& config, int nodes, const Options& options) {
    Idle idle;
    const std::string where = "idle, " + std::to_string(nodes) + " nodes, " + config_name(config);
    RadioMeshSim sim(mesh(config, nodes, true, 0.0, options.seed));
    if (!sim.error().empty()) {
        fail(where + ": " + sim.error());
        return idle;
    }
    std::vector<DecodedMessage> held;
    std::vector<ByteView> views;
    for (int i = 0; i < 100; ++i)
        held.push_back(
            testing::signed_sitrep(author(i % 4), 3000 + i, i % 10 == 0 ? v1::FLASH : v1::ROUTINE));
    for (const auto& m : held) views.push_back(as_bytes(m.envelope_bytes));
    for (int n = 0; n < nodes; ++n)
        for (const Verdict& v : sim.preload(n, views))
            if (!v) fail(where + ": a message was refused at preload");
    sim.run_to(6 * kHourMs);
    note_problems(sim, where);
    const auto& records = sim.channel().records();
    idle.frames = records.size();
    idle.budget_ms = sim.link(0).stats(sim.now_ms()).airtime_budget_ms;
    for (int n = 0; n < nodes; ++n) {
        const auto first = static_cast<double>(sim::airtime_between(records, n, 0, kHourMs));
        const double later =
            static_cast<double>(sim::airtime_between(records, n, kHourMs, 6 * kHourMs)) / 5;
        idle.first_hour_ms = std::max(idle.first_hour_ms, first);
        idle.later_hour_ms = std::max(idle.later_hour_ms, later);
        idle.first_mean_ms += first / nodes;
        idle.later_mean_ms += later / nodes;
    }
    return idle;
}

void print_idle(const Options& options) {
    std::printf(
        "\n(c) idle airtime with nothing new: nodes holding the same 100 messages, 6 "
        "simulated hours;\n    airtime per node per hour (the busiest node; mean over "
        "nodes) as a share of the budget\n");
    std::printf("    %-5s %-30s %-24s %-24s %6s   %s\n", "nodes", "link", "hour 1",
                "hours 2-6 (per hour)", "frames", "target < 1 %");
    for (int nodes : {2, 5}) {
        for (const LinkConfig& config : kConfigs) {
            Idle idle = measure_idle(config, nodes, options);
            if (idle.budget_ms <= 0) continue;
            const double budget = static_cast<double>(idle.budget_ms);
            auto figure = [&](double busiest, double mean) {
                char text[64];
                std::snprintf(text, sizeof text, "%5.1fs %5.2f%% (%4.2f%%)", busiest / 1000,
                              percent(busiest, budget), percent(mean, budget));
                return std::string(text);
            };
            const bool first_met = idle.first_hour_ms < kTargetIdleShare * budget;
            const bool later_met = idle.later_hour_ms < kTargetIdleShare * budget;
            std::printf("    %-5d %-30s %-24s %-24s %6llu   hour 1 %s, hours 2-6 %s\n", nodes,
                        config_name(config).c_str(),
                        figure(idle.first_hour_ms, idle.first_mean_ms).c_str(),
                        figure(idle.later_hour_ms, idle.later_mean_ms).c_str(),
                        static_cast<unsigned long long>(idle.frames), first_met ? "met" : "NOT met",
                        later_met ? "met" : "NOT met");
        }
    }
}

// ---------------------------------------------------------------------------------------------

bool parse(int argc, char** argv, Options& options) {
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (arg.starts_with("--benchmark_")) continue;  // see the header comment
        if (arg.starts_with("--seed=")) {
            options.seed = std::strtoull(argv[i] + 7, nullptr, 10);
        } else if (arg.starts_with("--trials=")) {
            options.trials = std::clamp(std::atoi(argv[i] + 9), 1, 1000);
        } else {
            std::fprintf(stderr, "usage: radio_bench [--seed=N] [--trials=N]\n");
            return false;
        }
    }
    return true;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    if (!parse(argc, argv, options)) return 2;
    ensure_sodium();
    const auto start = std::chrono::steady_clock::now();

    std::printf("== Baken radio link benchmark (simulated time) ==\n");
    std::printf(
        "2 nodes unless said, %u bit/s, AX.25 UI frames, lawful mode, KISS TNCs with "
        "p-persistent CSMA (P = 63, slot 100 ms),\ncarrier sensed after tx_delay; real "
        "Store + ValidationPath + RadioLink per node; seed %llu.\n",
        kBitRate, static_cast<unsigned long long>(options.seed));
    std::printf(
        "Figures are exact for this model in virtual time (only the seed changes "
        "them); the wall-clock time is at the end.\n");

    auto part = std::chrono::steady_clock::now();
    print_efficiency(options);
    std::printf("    (%.1f s wall-clock)\n", seconds_since(part));
    part = std::chrono::steady_clock::now();
    print_latency(options);
    std::printf("    (%.1f s wall-clock)\n", seconds_since(part));
    part = std::chrono::steady_clock::now();
    print_idle(options);
    std::printf("    (%.1f s wall-clock)\n", seconds_since(part));

    std::printf("\nwall-clock: %.1f s for the whole simulation (stores commit with fsync)\n",
                seconds_since(start));
    for (const std::string& f : g_failures) std::fprintf(stderr, "FAILED: %s\n", f.c_str());
    return g_failures.empty() ? 0 : 1;
}
