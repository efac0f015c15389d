// Rateless set reconciliation (daemon/sync/reconciliation/): bytes and time for two stores to
// find their symmetric difference, against the targets of the mesh-sync issue:
//   * identical stores of 100,000 messages: at most 256 bytes, one round trip;
//   * d >= 10 differences: everything reconciliation sends (symbols and key requests) under
//     10% of the missing messages' bytes (d x 300), recent or scattered differences alike.
//
// For n in {10,000, 100,000} and d in {0, 1, 10, 100, 1,000}, over several seeds: a universe
// of n random ids in age order; d of them (the newest: "recent", or uniform: "scattered") are
// missing, alternately from B and from A (so B lacks ceil(d/2), A lacks floor(d/2)). A encodes,
// B decodes, one symbol at a time, which gives the exact number of symbols needed; B then
// requests the keys it lacks (5 bytes each). Columns:
//   symbols   mean symbols B needed [90th percentile and max over seeds]
//   sym/d     symbols per difference
//   bytes     8 x symbols + 5 x requested keys (mean)
//   ovh       bytes / (d x 300), the 10% target
//   batched   the same with the session's batching (docs/sync-protocol.md: a first batch of
//             16 symbols or 1.5 x the count gap, then a quarter of what was received, at least
//             8): symbols sent, the
//             overhead, and round trips of symbols
//   enc/dec   CPU time of A's encoder (build + produce) and B's decoder (build + add), ms,
//             mean per reconciliation (keys hashed beforehand: see the short-key index line)
// Identical stores settle by comparing set summaries (count and an 8-byte keyed digest).
// The symbols needed depend on d alone (common keys cancel exactly), not on n: n changes
// only the time, so n = 100,000 runs fewer seeds.
//
// A plain program: prints a table, exits non-zero only if a difference decodes wrongly.
// Options: --quick (n = 10,000 only, 3 seeds), --seeds=N; --benchmark_* flags are ignored
// (tests/bench/run-benchmarks.sh passes them to every benchmark).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "crypto/keys.h"
#include "sync/reconciliation/set_summary.h"
#include "sync/reconciliation/short_key.h"
#include "sync/reconciliation/symbol_decoder.h"
#include "sync/reconciliation/symbol_encoder.h"
#include "sync/reconciliation/symbol_wire.h"

namespace {

using namespace baken;
using namespace baken::sync;

constexpr double kMessageBytes = 300;
constexpr double kRequestBytes = 5;

struct Options {
    bool quick = false;
    int seeds = 0;  // 0: the defaults below
};

class Random {
  public:
    explicit Random(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
        z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
        return z ^ (z >> 31);
    }
    std::size_t below(std::size_t bound) { return static_cast<std::size_t>(next() % bound); }

  private:
    std::uint64_t state_;
};

// CPU time of this thread: steadier than wall-clock time on a shared machine, and
// reconciliation waits for nothing.
struct CpuClock {
    using time_point = double;  // ms
    static double now() {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
    }
};

using Clock = CpuClock;

double ms_since(double start) {
    return CpuClock::now() - start;
}

std::vector<MessageId> random_ids(std::size_t n, Random& random) {
    std::vector<MessageId> ids(n);
    for (MessageId& id : ids) {
        for (std::size_t i = 0; i < id.size(); i += 8) {
            std::uint64_t r = random.next();
            std::memcpy(id.data() + i, &r, 8);
        }
    }
    return ids;
}

// Positions (in age order, 0 oldest) of the d differences.
std::vector<std::size_t> pick(std::size_t n, std::size_t d, bool recent, Random& random) {
    std::vector<std::size_t> out;
    if (recent) {
        for (std::size_t i = n - d; i < n; ++i) out.push_back(i);
        return out;
    }
    std::vector<bool> taken(n, false);
    while (out.size() < d) {
        std::size_t i = random.below(n);
        if (!taken[i]) {
            taken[i] = true;
            out.push_back(i);
        }
    }
    return out;
}

// The session's batching: a first batch of max(16, 1.5 x count gap), then max(8, received/4)
// until at least `needed` symbols were sent. Returns {symbols sent, batches}.
std::pair<std::size_t, std::size_t> batched(std::size_t needed, std::size_t gap) {
    std::size_t sent = std::max<std::size_t>(16, gap + gap / 2), batches = 1;
    while (sent < needed) {
        sent += std::max<std::size_t>(8, sent / 4);
        ++batches;
    }
    return {sent, batches};
}

struct Sample {
    std::size_t symbols = 0, requests = 0, sent = 0, batches = 0;
    double enc_ms = 0, dec_ms = 0;
};

// A holds every key except `missing_a`, B every key except `missing_b`; A encodes, B decodes.
bool reconcile_once(const std::vector<ShortKey>& universe, const std::vector<std::size_t>& diff,
                    Sample& out) {
    std::vector<bool> lacks_a(universe.size()), lacks_b(universe.size());
    std::vector<ShortKey> missing_a, missing_b;
    for (std::size_t j = 0; j < diff.size(); ++j) {
        (j % 2 == 0 ? lacks_b : lacks_a)[diff[j]] = true;
        (j % 2 == 0 ? missing_b : missing_a).push_back(universe[diff[j]]);
    }
    std::vector<ShortKey> a, b;
    for (std::size_t i = 0; i < universe.size(); ++i) {
        if (!lacks_a[i]) a.push_back(universe[i]);
        if (!lacks_b[i]) b.push_back(universe[i]);
    }
    auto start = Clock::now();
    SymbolEncoder encoder(a);
    out.enc_ms += ms_since(start);
    start = Clock::now();
    SymbolDecoder decoder(b);
    out.dec_ms += ms_since(start);
    std::vector<CodedSymbol> batch;
    while (true) {
        batch.clear();
        start = Clock::now();
        encoder.produce(1, batch);
        out.enc_ms += ms_since(start);
        start = Clock::now();
        auto status = decoder.add_remote(batch);
        out.dec_ms += ms_since(start);
        if (!status.ok()) {
            std::fprintf(stderr, "decode failed: %s\n", status.error().reason.c_str());
            return false;
        }
        if (*status == DecodeStatus::done) break;
    }
    std::sort(missing_a.begin(), missing_a.end());
    std::sort(missing_b.begin(), missing_b.end());
    if (decoder.remote_only() != missing_b || decoder.local_only() != missing_a) {
        std::fprintf(stderr, "decoded a wrong difference\n");
        return false;
    }
    out.symbols = decoder.received();
    out.requests = decoder.remote_only().size();
    std::size_t gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
    std::tie(out.sent, out.batches) = batched(out.symbols, gap);
    return true;
}

void print_header() {
    std::printf("%7s %5s %-9s %20s %6s %8s %6s | %8s %6s %6s | %7s %7s\n", "n", "d", "where",
                "symbols [p90, max]", "sym/d", "bytes", "ovh", "batched", "ovh", "rounds", "enc ms",
                "dec ms");
}

std::string percent(double bytes, std::size_t d) {
    if (d == 0) return "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * bytes / (d * kMessageBytes));
    return buf;
}

bool run_row(std::size_t n, std::size_t d, bool recent, int seeds) {
    double symbols = 0, requests = 0, sent = 0, batches = 0, enc = 0, dec = 0;
    std::vector<std::size_t> needed;
    for (int seed = 0; seed < seeds; ++seed) {
        Random random(n * 1000003 + d * 7919 + seed * 2 + (recent ? 1 : 0));
        std::vector<MessageId> ids = random_ids(n, random);
        Salt salt{};
        for (std::size_t i = 0; i < salt.size(); ++i)
            salt[i] = static_cast<std::uint8_t>(random.next());
        std::vector<ShortKey> universe(n);
        for (std::size_t i = 0; i < n; ++i) universe[i] = short_key(ids[i], salt);
        Sample s;
        if (!reconcile_once(universe, pick(n, d, recent, random), s)) return false;
        symbols += s.symbols;
        requests += s.requests;
        sent += s.sent;
        batches += s.batches;
        enc += s.enc_ms;
        dec += s.dec_ms;
        needed.push_back(s.symbols);
    }
    symbols /= seeds, requests /= seeds, sent /= seeds, batches /= seeds, enc /= seeds,
        dec /= seeds;
    double bytes = symbols * kSymbolWireSize + requests * kRequestBytes;
    double batched_bytes = sent * kSymbolWireSize + requests * kRequestBytes;
    std::sort(needed.begin(), needed.end());
    std::size_t p90 = needed[needed.size() * 9 / 10];
    char sym[40], per_d[16];
    std::snprintf(sym, sizeof sym, "%.1f [%zu, %zu]", symbols, p90, needed.back());
    std::snprintf(per_d, sizeof per_d, d ? "%.2f" : "-", d ? symbols / d : 0.0);
    std::printf("%7zu %5zu %-9s %20s %6s %8.0f %6s | %8.1f %6s %6.1f | %7.1f %7.1f\n", n, d,
                recent ? "recent" : "scattered", sym, per_d, bytes, percent(bytes, d).c_str(), sent,
                percent(batched_bytes, d).c_str(), batches, enc, dec);
    std::fflush(stdout);
    return true;
}

void print_fixed_costs(std::size_t n) {
    Random random(n);
    std::vector<MessageId> ids = random_ids(n, random);
    Salt salt{};
    auto start = Clock::now();
    SetSummary summary = summarize(ids);
    double summary_ms = ms_since(start);
    start = Clock::now();
    ShortKeyIndex index = ShortKeyIndex::build(ids, salt);
    double index_ms = ms_since(start);
    std::printf(
        "n = %zu: set summary %.1f ms (count %llu: identical stores settle with "
        "one hello each way), short-key index %.1f ms per side\n",
        n, summary_ms, static_cast<unsigned long long>(summary.count), index_ms);
}

// Symbols needed depend only on the difference: the common keys cancel exactly. So the
// distribution of the symbols needed is sampled with many seeds on the difference alone.
void print_distribution(std::size_t d, int runs) {
    std::vector<std::size_t> needed;
    for (int run = 0; run < runs; ++run) {
        Random random(d * 1000003 + run);
        std::vector<ShortKey> universe(d);
        for (ShortKey& key : universe) key = random.next() & kShortKeyMask;
        std::vector<std::size_t> all(d);
        std::iota(all.begin(), all.end(), 0);
        Sample s;
        if (!reconcile_once(universe, all, s)) std::exit(1);
        needed.push_back(s.symbols);
    }
    std::sort(needed.begin(), needed.end());
    double mean = std::accumulate(needed.begin(), needed.end(), 0.0) / runs;
    auto at = [&](double q) { return needed[static_cast<std::size_t>(q * (runs - 1))]; };
    auto ovh = [&](double symbols) {
        return percent(symbols * kSymbolWireSize + (d - d / 2) * kRequestBytes, d);
    };
    std::printf("%5zu %5d %7.1f %5.2f %6zu %6zu %6zu %6zu | %6s %6s %6s\n", d, runs, mean, mean / d,
                at(0.5), at(0.9), at(0.99), needed.back(), ovh(mean).c_str(),
                ovh(static_cast<double>(at(0.9))).c_str(),
                ovh(static_cast<double>(at(0.99))).c_str());
}

Options parse(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--quick") {
            options.quick = true;
        } else if (arg.rfind("--seeds=", 0) == 0) {
            options.seeds = std::max(1, std::atoi(arg.c_str() + 8));
        } else if (arg.rfind("--benchmark_", 0) != 0) {
            std::fprintf(stderr, "ignoring unknown option %s\n", arg.c_str());
        }
    }
    return options;
}

}  // namespace

int main(int argc, char** argv) {
    Options options = parse(argc, argv);
    ensure_sodium();
    std::vector<std::size_t> sizes{10000};
    if (!options.quick) sizes.push_back(100000);
    std::printf(
        "Rateless reconciliation: %zu-byte symbols, %g-byte key requests, messages of "
        "%g bytes; target: overhead < 10%% for d >= 10\n\n",
        kSymbolWireSize, kRequestBytes, kMessageBytes);
    for (std::size_t n : sizes) print_fixed_costs(n);

    std::printf("\nSymbols needed by d alone (no common keys: they cancel exactly), many seeds\n");
    std::printf("%5s %5s %7s %5s %6s %6s %6s %6s | %6s %6s %6s\n", "d", "runs", "mean", "/d", "p50",
                "p90", "p99", "max", "ovh", "at p90", "at p99");
    const std::pair<std::size_t, int> kDistributions[] = {
        {2, 2000}, {5, 2000}, {10, 2000}, {20, 1000}, {100, 500}, {1000, options.quick ? 20 : 100}};
    for (auto [d, runs] : kDistributions) print_distribution(d, runs);

    std::printf("\nBy store size and where the differences lie\n");
    print_header();
    for (std::size_t n : sizes) {
        int seeds = options.seeds ? options.seeds : options.quick ? 3 : n > 10000 ? 8 : 60;
        for (std::size_t d : {0u, 1u, 10u, 100u, 1000u}) {
            for (bool recent : {true, false}) {
                if (!run_row(n, d, recent, seeds)) return 1;
            }
        }
    }
    return 0;
}
