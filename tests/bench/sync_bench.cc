// Peer sync, measured: what reconciliation costs on the wire, and how fast a whole transfer
// runs over loopback TCP against the ingest rate measured in the same run.
//
// Part 1, wire cost (in memory, two real SyncSessions over real stores). Both stores hold the
// same n messages; d more are split between them (all on one side when d = 1), either recent
// (the newest) or scattered (ages uniform over 80 days). Reported per case: every byte the
// sessions sent but the handshake's own frames, both directions, channel framing and
// encryption included; one-way flights (round trips = flights / 2, rounded up), the
// bytes of the missing messages themselves, and the overhead (wire − missing) / missing.
// Targets: identical stores of 100,000 in at most 256 bytes and one round trip; for d ≥ 10
// the overhead under 10 %, recent or scattered.
//
// Part 2, throughput (two SyncServices on their own threads over 127.0.0.1): node B, empty,
// syncs N messages from A; messages/s until B holds them all, against ValidationPath ingest
// of the same messages in frame-sized batches into a fresh store. Target: ≥ 60 %.
//
// Figures are printed, never asserted; the exit status is non-zero only if sync fails.
// Flags: --quick (n = 10,000 only, smaller transfer; what CI runs), unknown flags ignored.
#include <sodium.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <thread>

#include "message/envelope_codec.h"
#include "support/sample_messages.h"
#include "support/sync_pair.h"
#include "support/temp_dir.h"
#include "sync/peer_table.h"
#include "sync/tcp/sync_service.h"

namespace baken {
namespace {
namespace fs = std::filesystem;
using testing::SyncNode;

constexpr std::int64_t kNow = testing::kSampleNowMs;
constexpr std::int64_t kDay = 24LL * 3600 * 1000;

std::vector<DecodedMessage> make_messages(int first, int count, std::int64_t newest,
                                          std::int64_t spread_ms, std::mt19937_64& rng) {
    static const Identity author = Identity::from_seed(testing::filled<32>(0x42));
    std::uniform_int_distribution<std::int64_t> age(0, std::max<std::int64_t>(spread_ms, 1));
    std::vector<DecodedMessage> out;
    out.reserve(count);
    for (int i = first; i < first + count; ++i) {
        // A typical sitrep entry, a sentence or two: ~300 bytes signed, like the radio issue's.
        std::string text =
            "Bericht " + std::to_string(i) +
            ": stroomstoring in de wijk, aggregaat draait, drinkwaterpunt open tot 20:00.";
        v1::Message m = testing::sample_message(testing::sample_sitrep_body(text), v1::ROUTINE,
                                                newest - age(rng));
        m.set_expires_ms(kNow + 10 * kDay);  // live at kNow; lifetimes stay under 90 days
        out.push_back(sign_message(author, std::move(m)));
    }
    return out;
}

void put(Store& store, const std::vector<DecodedMessage>& messages) {
    std::vector<const DecodedMessage*> pointers;
    for (const auto& m : messages) pointers.push_back(&m);
    store.put_batch(pointers, kNow, kNow);
}

// What a session sent after (or with) the handshake, framing and encryption included.
std::uint64_t data_bytes_out(const sync::SyncSession& session) {
    return session.counters().bytes_out - session.counters().handshake_bytes_out;
}

struct WireCase {
    int n;
    int d;
    bool recent;
};

bool run_wire_case(const fs::path& base, const std::vector<DecodedMessage>& common,
                   const WireCase& c) {
    testing::TempDir dir;
    fs::copy(base, dir.path() / "a", fs::copy_options::recursive);
    fs::copy(base, dir.path() / "b", fs::copy_options::recursive);
    SyncNode a(dir.path() / "a", 1, kNow), b(dir.path() / "b", 2, kNow);
    std::mt19937_64 rng(static_cast<std::uint64_t>(c.n * 1000 + c.d * 2 + c.recent));
    auto extra = make_messages(1'000'000, c.d, c.recent ? kNow : kNow - kDay,
                               c.recent ? 1000 : 70 * kDay, rng);
    std::size_t missing_bytes = 0;
    std::vector<DecodedMessage> to_a, to_b;
    for (int i = 0; i < c.d; ++i) {
        missing_bytes += extra[i].envelope_bytes.size();
        (i % 2 == 0 ? to_a : to_b).push_back(extra[i]);
    }
    put(*a.store, to_a);
    put(*b.store, to_b);

    auto sa = a.session(sync::Role::initiator), sb = b.session(sync::Role::responder);
    // The handshake first. The initiator's first sync frame already travels with the
    // handshake's last message: counted below as reconciliation, with its flight.
    for (int i = 0; i < 10 && !(sa->established() && sb->established()); ++i) {
        std::string x = sa->take_output(1 << 20, kNow), y = sb->take_output(1 << 20, kNow);
        if (!x.empty()) sb->on_bytes(as_bytes(x), kNow);
        if (!y.empty()) sa->on_bytes(as_bytes(y), kNow);
    }
    bool first_flight_shared = data_bytes_out(*sa) > 0;
    auto tally = testing::pump(a, *sa, b, *sb);
    tally.flights += first_flight_shared ? 1 : 0;
    std::uint64_t wire = data_bytes_out(*sa) + data_bytes_out(*sb);
    bool equal = a.store->stats().message_count == b.store->stats().message_count &&
                 a.store->stats().message_count == common.size() + static_cast<std::size_t>(c.d);
    double overhead =
        missing_bytes ? 100.0 * (double(wire) - double(missing_bytes)) / double(missing_bytes) : 0;
    std::printf(
        "%7d %5d %-9s %9llu %7d %5d %9zu %8s %s\n", c.n, c.d,
        c.d == 0 ? "-" : (c.recent ? "recent" : "scattered"), static_cast<unsigned long long>(wire),
        tally.flights, (tally.flights + 1) / 2, missing_bytes,
        c.d ? (std::to_string(overhead).substr(0, std::to_string(overhead).find('.') + 2) + "%")
                  .c_str()
            : "-",
        equal ? "" : "NOT CONVERGED");
    return equal;
}

bool wire_costs(bool quick) {
    std::printf("\n== Reconciliation on the wire (all but the handshake; both directions) ==\n");
    std::printf("%7s %5s %-9s %9s %7s %5s %9s %8s\n", "n", "d", "where", "bytes", "flights", "RTs",
                "missing", "overhead");
    bool ok = true;
    for (int n : quick ? std::vector<int>{10'000} : std::vector<int>{10'000, 100'000}) {
        testing::TempDir base;
        std::mt19937_64 rng(static_cast<std::uint64_t>(n));
        std::vector<DecodedMessage> common;
        {
            auto store = std::move(Store::open({base.path() / "s", 1ull << 30})).value();
            for (int start = 0; start < n; start += 5000) {
                auto batch = make_messages(start, std::min(5000, n - start), kNow, 70 * kDay, rng);
                put(*store, batch);
                common.insert(common.end(), std::make_move_iterator(batch.begin()),
                              std::make_move_iterator(batch.end()));
            }
        }
        for (int d : {0, 1, 10, 100, 1000}) {
            for (bool recent : {true, false}) {
                if (d == 0 && !recent) continue;
                ok = run_wire_case(base.path() / "s", common, {n, d, recent}) && ok;
            }
        }
    }
    return ok;
}

// Ingest of the same messages in batches the size a sync frame carries.
double ingest_rate(const std::vector<DecodedMessage>& messages) {
    testing::TempDir dir;
    auto store = std::move(Store::open({dir.path() / "s", 1ull << 30})).value();
    ManualClock clock(kNow);
    ValidationPath path(*store, clock);
    constexpr std::size_t kFrameBatch = 200;  // ~64 KiB of ~310-byte envelopes
    auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < messages.size(); i += kFrameBatch) {
        std::vector<ByteView> batch;
        for (std::size_t j = i; j < std::min(messages.size(), i + kFrameBatch); ++j) {
            batch.push_back(as_bytes(messages[j].envelope_bytes));
        }
        path.submit_batch(batch);
    }
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return double(messages.size()) / s;
}

struct LiveNode {
    explicit LiveNode(const fs::path& dir, std::uint8_t seed)
        : identity(Identity::from_seed(testing::filled<32>(seed))),
          store(std::move(Store::open({dir, 1ull << 30})).value()),
          validation(*store, clock),
          service(io, identity, *store, validation, clock, peers, "bench", 4) {
        validation.on_stored([this](const DecodedMessage& m) { service.on_stored(m.id); });
    }
    ManualClock clock{kNow};
    Identity identity;
    std::unique_ptr<Store> store;
    ValidationPath validation;
    boost::asio::io_context io;
    sync::PeerTable peers;
    sync::SyncService service;
};

bool throughput(bool quick) {
    const int count = quick ? 10'000 : 40'000;
    std::mt19937_64 rng(7);
    auto messages = make_messages(0, count, kNow, 70 * kDay, rng);
    double ingest = ingest_rate(messages);

    testing::TempDir dir;
    LiveNode a(dir.path() / "a", 1), b(dir.path() / "b", 2);
    put(*a.store, messages);
    if (!a.service.listen("127.0.0.1", 0)) return false;
    auto port = a.service.local_port();
    std::thread ta([&] { a.io.run_for(std::chrono::seconds(120)); });
    auto start = std::chrono::steady_clock::now();
    boost::asio::post(b.io, [&] { b.service.add_peer({"127.0.0.1", port, ""}); });
    std::thread tb([&] {
        while (b.store->stats().message_count < static_cast<std::uint64_t>(count) &&
               std::chrono::steady_clock::now() - start < std::chrono::seconds(120)) {
            b.io.run_for(std::chrono::milliseconds(20));
        }
    });
    tb.join();
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::uint64_t got = b.store->stats().message_count;
    boost::asio::post(a.io, [&] { a.service.stop(); });
    boost::asio::post(b.io, [&] { b.service.stop(); });
    b.io.run_for(std::chrono::milliseconds(200));
    a.io.stop();
    ta.join();
    double rate = double(got) / seconds;
    std::printf("\n== Sync throughput over loopback TCP (B empty, A holds %d) ==\n", count);
    std::printf("  ingest (validation path, batches of 200)  %9.0f msg/s\n", ingest);
    std::printf(
        "  sync A -> B, handshake to last message     %9.0f msg/s  (%llu messages in %.2f s)\n",
        rate, static_cast<unsigned long long>(got), seconds);
    std::printf("sync/ingest ratio: %.2f (target >= 0.60) %s\n", rate / ingest,
                rate / ingest >= 0.60 ? "PASS" : "BELOW");
    return got == static_cast<std::uint64_t>(count);
}

}  // namespace
}  // namespace baken

int main(int argc, char** argv) {
    bool quick = false;
    for (int i = 1; i < argc; ++i) quick = quick || std::strcmp(argv[i], "--quick") == 0;
    baken::ensure_sodium();
    bool ok = baken::wire_costs(quick);
    ok = baken::throughput(quick) && ok;
    return ok ? 0 : 1;
}
