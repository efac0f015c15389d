// Whole radio meshes (radio_mesh_sim.h): real stores, validation paths and RadioLinks on one
// shared channel with collisions and loss. What issue 6 asks the narrow-link protocol to show:
// nodes converge, no node exceeds its airtime budget in any window, lawful mode sends nothing
// sealed and puts the callsign in every frame, hidden stations are reached through the one
// between them, flash traffic overtakes a routine backlog, and an idle channel stays quiet.
//
// A failing seed is printed; RadioMeshSettings with that seed replays the run exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "message/envelope_codec.h"
#include "radio/link/link_policy.h"
#include "simulation/radio/air_checks.h"
#include "simulation/radio/radio_mesh_sim.h"
#include "support/sample_messages.h"
#include "trust/sealed_content.h"

namespace baken::sim {
namespace {

constexpr std::int64_t kMinuteMs = 60'000;
constexpr std::int64_t kHourMs = 60 * kMinuteMs;

const v1::Precedence kPrecedences[] = {v1::FLASH, v1::IMMEDIATE, v1::PRIORITY, v1::ROUTINE};

Identity author(int n) {
    std::array<std::uint8_t, 32> seed{};
    seed.fill(static_cast<std::uint8_t>(0x40 + n));
    return Identity::from_seed(seed);
}

RadioMeshSettings mesh(int nodes, std::uint64_t seed, double loss) {
    RadioMeshSettings s;
    s.nodes = nodes;
    s.seed = seed;
    s.channel.airtime = {1200, 300, true};
    s.channel.loss = loss;
    s.link.policy = radio::allow_everything(false);
    s.link.frame_bytes = 200;
    return s;
}

std::string seed_note(const RadioMeshSettings& s) {
    char loss[16];
    std::snprintf(loss, sizeof loss, "%.2f", s.channel.loss);
    return "seed " + std::to_string(s.seed) + ", " + std::to_string(s.nodes) + " nodes, loss " +
           loss +
           (s.hand_over == HandOver::when_tnc_idle ? ", frames handed over when the TNC is idle"
                                                   : ", frames handed over as the link paces");
}

constexpr HandOver kBothWays[] = {HandOver::when_tnc_idle, HandOver::as_the_link_paces};

std::uint64_t collisions(const RadioMeshSim& sim) {
    const auto& records = sim.channel().records();
    return static_cast<std::uint64_t>(
        std::count_if(records.begin(), records.end(), [](const auto& t) { return t.collided; }));
}

void print_run(const RadioMeshSim& sim) {
    std::printf("[ %s ] %llu frames, %llu polls (%llu empty), %llu events, %lld s simulated\n",
                seed_note(sim.settings()).c_str(),
                static_cast<unsigned long long>(sim.channel().records().size()),
                static_cast<unsigned long long>(sim.polls()),
                static_cast<unsigned long long>(sim.empty_polls()),
                static_cast<unsigned long long>(sim.events_run()),
                static_cast<long long>(sim.elapsed_ms() / 1000));
    std::string kinds;
    for (const auto& [type, tally] : frames_by_type(sim.channel().records(), sim.settings().ax25))
        kinds += " " + type + " " + std::to_string(tally.frames);
    std::uint64_t dropped = 0;
    for (int n = 0; n < sim.nodes(); ++n) dropped += sim.channel().stats(n).dropped;
    std::printf("    frames by type:%s; collided %llu; dropped by full TNC queues %llu\n",
                kinds.c_str(), static_cast<unsigned long long>(collisions(sim)),
                static_cast<unsigned long long>(dropped));
}

// No node used more than its budget in any window, counted when its frames were handed to the
// TNC (what the link controls) or when they went on the air (what the law counts; the TNC's
// queue and CSMA wait come between the two).
void expect_within_budget(RadioMeshSim& sim, AirtimeInstant instant) {
    for (int n = 0; n < sim.nodes(); ++n) {
        const radio::LinkStats stats = sim.link(n).stats(sim.now_ms());
        const std::int64_t most =
            max_airtime_in_window(sim.channel().records(), n, stats.window_ms, instant);
        EXPECT_LE(most, stats.airtime_budget_ms)
            << seed_note(sim.settings()) << ": node " << n << " used " << most
            << " ms in one window of " << stats.window_ms << " ms, counted when "
            << (instant == AirtimeInstant::keyed_up ? "keyed up" : "handed over");
    }
}

// No problem seen by the harness, and within the budget in every window either way.
void expect_healthy(RadioMeshSim& sim) {
    print_run(sim);
    for (const std::string& p : sim.problems())
        ADD_FAILURE() << seed_note(sim.settings()) << ": " << p;
    expect_within_budget(sim, AirtimeInstant::handed_over);
    expect_within_budget(sim, AirtimeInstant::keyed_up);
    // frame_bytes bounds the link frame; AX.25 adds its 16-byte header.
    const std::size_t largest = sim.settings().link.frame_bytes + (sim.settings().ax25 ? 16 : 0);
    for (const Transmission& t : sim.channel().records())
        EXPECT_LE(t.bytes.size(), largest)
            << seed_note(sim.settings()) << ": node " << t.node << " at " << t.start_ms << " ms";
}

// ---------------------------------------------------------------------------------------------

TEST(RadioMeshTest, FiveNodesOnALossySharedChannelWithCollisionsConverge) {
    std::uint64_t collided = 0;
    for (HandOver hand_over : kBothWays)
        for (std::uint64_t seed : {1, 2, 3, 4}) {
            RadioMeshSettings settings = mesh(5, seed, 0.10 + 0.05 * static_cast<double>(seed % 3));
            settings.hand_over = hand_over;
            RadioMeshSim sim(settings);
            ASSERT_EQ(sim.error(), "");
            std::vector<MessageId> posted;
            // Four rounds, five minutes apart: every node posts one message per round, the
            // precedences mixed across nodes and rounds.
            for (int round = 0; round < 4; ++round) {
                sim.run_to(round * 5 * kMinuteMs);
                for (int n = 0; n < sim.nodes(); ++n) {
                    auto m = testing::signed_sitrep(author(n), round * 10 + n,
                                                    kPrecedences[(n + round) % 4]);
                    ASSERT_TRUE(sim.post(n, as_bytes(m.envelope_bytes)));
                    posted.push_back(m.id);
                }
            }
            EXPECT_TRUE(sim.run_until([&] { return sim.all_hold(posted); }, 3 * kHourMs))
                << seed_note(settings) << ": not converged after 3 h";
            expect_healthy(sim);
            collided += collisions(sim);
        }
    EXPECT_GT(collided, 0u) << "the channel never had a collision: the test proves less";
}

// A backlog far beyond one window's budget: the link must spread it over several windows
// (a 10-minute window here, so the run stays short) and never exceed the duty cycle.
void run_backlog_beyond_the_budget(std::uint64_t seed, HandOver hand_over, AirtimeInstant instant) {
    RadioMeshSettings settings = mesh(3, seed, 0.10);
    settings.hand_over = hand_over;
    settings.link.window_ms = 10 * kMinuteMs;  // budget: 60 s per 10 min
    RadioMeshSim sim(settings);
    ASSERT_EQ(sim.error(), "");
    std::vector<MessageId> posted;
    for (int i = 0; i < 60; ++i) {
        auto m =
            testing::signed_sitrep(author(0), 100 + i, i % 10 == 0 ? v1::PRIORITY : v1::ROUTINE);
        ASSERT_TRUE(sim.post(0, as_bytes(m.envelope_bytes)));
        posted.push_back(m.id);
    }
    EXPECT_TRUE(sim.run_until([&] { return sim.all_hold(posted); }, 4 * kHourMs))
        << seed_note(settings) << ": not converged after 4 h";
    EXPECT_GT(sim.link(0).stats(sim.now_ms()).budget_waits, 0u)
        << "the budget never bound: the test proves less";
    print_run(sim);
    for (const std::string& p : sim.problems()) ADD_FAILURE() << seed_note(settings) << ": " << p;
    expect_within_budget(sim, instant);
}

TEST(RadioMeshTest, ABacklogLargerThanTheBudgetStaysWithinItAsHandedToTheTnc) {
    for (HandOver hand_over : kBothWays)
        for (std::uint64_t seed : {11, 12})
            run_backlog_beyond_the_budget(seed, hand_over, AirtimeInstant::handed_over);
}

// Counted when frames go on the air, not when they are handed over: the TNC sends a frame
// after its CSMA wait, so the link keeps a margin for that wait (airtime_budget.h). Without
// it a window held up to ~2.5 % more than the budget (seed 11: 61,263 ms of 60,000).
TEST(RadioMeshTest, ABacklogLargerThanTheBudgetStaysWithinItOnTheAir) {
    for (HandOver hand_over : kBothWays)
        for (std::uint64_t seed : {11, 12})
            run_backlog_beyond_the_budget(seed, hand_over, AirtimeInstant::keyed_up);
}

// Lawful mode: a sitrep with sealed content never leaves its node, every frame is an AX.25
// UI frame with the sender's callsign and PID 0xF0, and everything else still arrives.
TEST(RadioMeshTest, LawfulModeNeverSendsSealedContentAndSignsEveryFrameWithTheCallsign) {
    for (HandOver hand_over : kBothWays)
        for (std::uint64_t seed : {21, 22}) {
            RadioMeshSettings settings = mesh(3, seed, 0.10);
            settings.hand_over = hand_over;
            settings.link.policy = radio::allow_everything(true);
            RadioMeshSim sim(settings);
            ASSERT_EQ(sim.error(), "");

            const Identity region = author(9);
            const PublicKey recipients[] = {region.public_key()};
            auto sealed = trust::seal("Mevr. A. de Jong, Kastanjelaan 4, insulinepomp", recipients,
                                      author(0).public_key());
            ASSERT_TRUE(sealed) << sealed.error();
            v1::Body body = testing::sample_sitrep_body("Evacuatie, zie vertrouwelijk deel");
            *body.mutable_sitrep()->mutable_restricted() = *sealed;
            const DecodedMessage secret =
                sign_message(author(0), testing::sample_message(body, v1::FLASH));

            std::vector<MessageId> ordinary;
            std::vector<std::string> ordinary_bytes;
            auto post = [&](int node, const DecodedMessage& m) {
                ASSERT_TRUE(sim.post(node, as_bytes(m.envelope_bytes)));
                ordinary.push_back(m.id);
                ordinary_bytes.push_back(m.envelope_bytes);
            };
            post(0, testing::signed_sitrep(author(0), 1, v1::FLASH));
            ASSERT_TRUE(sim.post(0, as_bytes(secret.envelope_bytes)));
            post(0, testing::signed_sitrep(author(0), 2, v1::ROUTINE));
            post(1, testing::signed_sitrep(author(1), 3, v1::IMMEDIATE));
            post(2, testing::signed_sitrep(author(2), 4, v1::ROUTINE));

            EXPECT_TRUE(sim.run_until([&] { return sim.all_hold(ordinary); }, 2 * kHourMs))
                << seed_note(settings);
            sim.run_to(sim.elapsed_ms() + kHourMs);  // every later chance to leak it

            const auto& records = sim.channel().records();
            std::vector<radio::Callsign> callsigns;
            for (int n = 0; n < sim.nodes(); ++n) callsigns.push_back(sim.callsign(n));
            for (const std::string& p : framing_problems(records, callsigns))
                ADD_FAILURE() << seed_note(settings) << ": " << p;
            EXPECT_FALSE(any_frame_contains(records, sealed->ciphertext().substr(0, 16)));
            const auto on_air = envelopes_on_air(records, true);
            EXPECT_EQ(std::count(on_air.begin(), on_air.end(), secret.envelope_bytes), 0)
                << seed_note(settings) << ": the sealed sitrep crossed the air";
            for (const auto& bytes : ordinary_bytes)  // the check above can see messages at all
                EXPECT_EQ(std::count(on_air.begin(), on_air.end(), bytes), 1);
            for (const ReceivedByLink& r : sim.received())
                EXPECT_NE(r.bytes, secret.envelope_bytes) << "node " << r.node << " received it";
            EXPECT_FALSE(sim.holds(1, secret.id));
            EXPECT_FALSE(sim.holds(2, secret.id));
            expect_healthy(sim);
        }
}

// A - B - C, where A and C cannot hear each other: what each posts reaches the other through
// B's store (B holds it, its summaries differ from C's, C asks and B answers).
TEST(RadioMeshTest, HiddenStationsConvergeThroughTheStationBetweenThem) {
    for (HandOver hand_over : kBothWays)
        for (std::uint64_t seed : {31, 32, 33}) {
            RadioMeshSettings settings = mesh(3, seed, 0.10);
            settings.hand_over = hand_over;
            RadioMeshSim sim(settings);
            ASSERT_EQ(sim.error(), "");
            sim.make_deaf(0, 2);
            std::vector<MessageId> posted;
            for (int i = 0; i < 4; ++i) {
                for (int n : {0, 2}) {
                    auto m = testing::signed_sitrep(author(n), 200 + 10 * n + i, kPrecedences[i]);
                    ASSERT_TRUE(sim.post(n, as_bytes(m.envelope_bytes)));
                    posted.push_back(m.id);
                }
            }
            EXPECT_TRUE(sim.run_until([&] { return sim.all_hold(posted); }, 3 * kHourMs))
                << seed_note(settings) << ": not converged after 3 h";
            expect_healthy(sim);
        }
}

// A routine backlog is on its way from A to B when a flash sitrep is posted at A. Returns
// how long the flash one took to reach B; B must store it before the last of the backlog.
std::int64_t flash_during_a_backlog(std::uint64_t seed, HandOver hand_over) {
    RadioMeshSettings settings = mesh(2, seed, 0.0);
    settings.hand_over = hand_over;
    RadioMeshSim sim(settings);
    EXPECT_EQ(sim.error(), "");
    std::vector<MessageId> backlog;
    for (int i = 0; i < 30; ++i) {
        auto m = testing::signed_sitrep(author(0), 300 + i, v1::ROUTINE);
        EXPECT_TRUE(sim.post(0, as_bytes(m.envelope_bytes)));
        backlog.push_back(m.id);
    }
    // Wait until the backlog is flowing: B holds a few of it.
    auto b_holds = [&] {
        return std::count_if(backlog.begin(), backlog.end(),
                             [&](const MessageId& id) { return sim.holds(1, id); });
    };
    EXPECT_TRUE(sim.run_until([&] { return b_holds() >= 3; }, kHourMs, 100))
        << seed_note(settings) << ": the backlog never started";
    EXPECT_LT(b_holds(), 30);
    const DecodedMessage flash = testing::signed_sitrep(author(0), 399, v1::FLASH);
    const std::int64_t posted_at = sim.elapsed_ms();
    EXPECT_TRUE(sim.post(0, as_bytes(flash.envelope_bytes)));
    backlog.push_back(flash.id);
    EXPECT_TRUE(sim.run_until([&] { return sim.all_hold(backlog); }, 4 * kHourMs))
        << seed_note(settings);

    std::int64_t backlog_done = 0;
    for (std::size_t i = 0; i + 1 < backlog.size(); ++i)
        backlog_done = std::max(backlog_done, sim.stored_at(1, backlog[i]).value_or(0));
    const std::int64_t flash_at = sim.stored_at(1, flash.id).value_or(INT64_MAX);
    EXPECT_LT(flash_at, backlog_done) << seed_note(settings);
    expect_healthy(sim);
    std::printf("    flash after %lld ms; the TNC of A held up to %zu frames\n",
                static_cast<long long>(flash_at - posted_at), sim.channel().stats(0).deepest);
    return flash_at - posted_at;
}

TEST(RadioMeshTest, AFlashMessageOvertakesARoutineBacklog) {
    for (HandOver hand_over : kBothWays) {
        for (std::uint64_t seed : {41, 42}) {
            const std::int64_t took = flash_during_a_backlog(seed, hand_over);
            if (hand_over == HandOver::when_tnc_idle) {
                EXPECT_LT(took, 30'000);
            }
        }
    }
}

// Handed over as RadioService does (every frame the link gives), the link must keep the TNC's
// queue short: the TNC does not know precedence. Before the link counted the CSMA wait and the
// frames it hears from others into its pacing, routine frames piled up in the TNC (18 and 15)
// and the flash sitrep took 181 s (seed 41) and 118 s (seed 42).
TEST(RadioMeshTest, AFlashMessageOvertakesARoutineBacklogHandedOverAsTheLinkPaces) {
    for (std::uint64_t seed : {41, 42})
        EXPECT_LT(flash_during_a_backlog(seed, HandOver::as_the_link_paces), 30'000);
}

// Three nodes that each hold 60 routine messages the others lack: the backlog fills the
// windows for hours. A flash sitrep posted in the middle of it must still find room at once:
// routine and priority data may use only 70 % of the budget so that flash traffic always can.
//
// Routine and priority data may use 70 % of the budget and the protocol's own frames 85 %, so
// flash always finds room. Without the cap on control frames (seed 1) node 0 had used 359.9 s
// of its 360 s by minute 35 (140 s of it control frames) and the flash took 39.5 minutes.
TEST(RadioMeshTest, AFlashMessageFindsRoomWhileABacklogFillsTheBudget) {
    RadioMeshSettings settings = mesh(3, 1, 0.10);
    RadioMeshSim sim(settings);
    ASSERT_EQ(sim.error(), "");
    for (int n = 0; n < 3; ++n) {
        std::vector<DecodedMessage> mine;
        for (int i = 0; i < 60; ++i)
            mine.push_back(testing::signed_sitrep(author(n), 700 + 100 * n + i, v1::ROUTINE));
        std::vector<ByteView> views;
        for (const auto& m : mine) views.push_back(as_bytes(m.envelope_bytes));
        for (const Verdict& v : sim.preload(n, views)) ASSERT_TRUE(v);
    }
    sim.run_to(35 * kMinuteMs);
    for (int n = 0; n < 3; ++n) {
        std::vector<Transmission> sent;
        for (const Transmission& t : sim.channel().records())
            if (t.node == n) sent.push_back(t);
        std::string by_type;
        for (const auto& [type, tally] : frames_by_type(sent, true))
            by_type += " " + type + " " + std::to_string(tally.airtime_ms / 1000) + " s";
        std::printf("    node %d, airtime before the flash:%s\n", n, by_type.c_str());
    }
    const DecodedMessage flash = testing::signed_sitrep(author(0), 799, v1::FLASH);
    const std::int64_t posted_at = sim.elapsed_ms();
    ASSERT_TRUE(sim.post(0, as_bytes(flash.envelope_bytes)));
    EXPECT_TRUE(sim.run_until([&] { return sim.holds(1, flash.id) && sim.holds(2, flash.id); },
                              posted_at + 2 * kMinuteMs, 100))
        << seed_note(settings) << ": node 0 had used "
        << sim.link(0).stats(posted_at + settings.epoch_ms).airtime_used_ms << " ms";
    print_run(sim);
    for (int n = 1; n < 3; ++n)
        if (auto at = sim.stored_at(n, flash.id))
            std::printf("    flash at node %d after %lld ms\n", n,
                        static_cast<long long>(*at - posted_at));
}

// Nodes that hold the same messages: after the first hour the channel carries a few summaries
// an hour, well under 1 % of the budget.
TEST(RadioMeshTest, AnIdleChannelIsNearlySilent) {
    RadioMeshSettings settings = mesh(3, 51, 0.0);
    RadioMeshSim sim(settings);
    ASSERT_EQ(sim.error(), "");
    std::vector<DecodedMessage> messages;
    for (int i = 0; i < 20; ++i)
        messages.push_back(testing::signed_sitrep(author(i % 3), 500 + i, kPrecedences[i % 4]));
    std::vector<ByteView> views;
    for (const auto& m : messages) views.push_back(as_bytes(m.envelope_bytes));
    for (int n = 0; n < sim.nodes(); ++n)
        for (const Verdict& v : sim.preload(n, views)) ASSERT_TRUE(v);
    sim.run_to(3 * kHourMs);
    const std::int64_t budget = sim.link(0).stats(sim.now_ms()).airtime_budget_ms;
    for (int n = 0; n < sim.nodes(); ++n) {
        const std::int64_t used =
            airtime_between(sim.channel().records(), n, kHourMs, 3 * kHourMs) / 2;
        EXPECT_LT(used, budget / 100) << "node " << n << " used " << used << " ms per hour";
    }
    expect_healthy(sim);
}

TEST(RadioMeshTest, TheSameSeedReplaysTheSameRun) {
    auto run = [](std::uint64_t seed) {
        RadioMeshSim sim(mesh(3, seed, 0.15));
        for (int n = 0; n < 3; ++n) {
            auto m = testing::signed_sitrep(author(n), 600 + n, kPrecedences[n]);
            EXPECT_TRUE(sim.post(n, as_bytes(m.envelope_bytes)));
        }
        sim.run_to(30 * kMinuteMs);
        std::vector<std::tuple<int, std::int64_t, std::string>> out;
        for (const auto& t : sim.channel().records()) out.emplace_back(t.node, t.start_ms, t.bytes);
        return out;
    };
    const auto first = run(61);
    EXPECT_FALSE(first.empty());
    EXPECT_EQ(first, run(61));
}

}  // namespace
}  // namespace baken::sim
