// Ingest throughput against the raw signature-verification rate of this machine.
//
// Requirement: ingest (decode -> author -> signature -> structure -> durable store, in
// batches) reaches at least 70% of the rate at which libsodium alone verifies the same
// messages' signatures. Both are measured in the same run, single-threaded, in wall-clock
// time, and the summary at the end prints their ratio against the target.
//
//   raw_verify           crypto_sign_verify_detached over each message's exact signed bytes
//                        (domain prefix + signed Message, as signature_matches() builds them),
//                        the buffers built before timing starts: the baseline.
//   ingest/batch:N       ValidationPath::submit_batch of N new envelopes into a fresh Store in
//                        a directory under $TMPDIR (real disk; LMDB commits with fsync as in
//                        production). Every envelope must come back Accepted and not duplicate.
//   ingest_authorised/batch:1000
//                        the same with authorisation on: a credential book trusting one region
//                        root, holding a municipal-staff credential for each author. Target
//                        (the trust issue): at least 90% of the ingest rate without it.
//
// With --breakdown it also measures the parts ingest is made of, to show where time goes:
//   decode               decode_envelope (two protobuf parses, envelope copy, BLAKE2b id)
//   blake2b_id           message_id_of alone
//   signature_matches    the validation path's signature check (prefix copy + verify)
//   check                ValidationPath::check: everything but the store
//   store_put/batch:N    Store::put_batch of already-decoded messages (LMDB puts + commit)
//
// The summary also gives the ratio by CPU time: steadier on a busy machine, but blind to
// what ingest waits for (fsync), so the target is judged on the wall-clock ratio.
//
// The ratio is reported, never asserted (machines are noisy): the exit status is 0 unless
// something fails functionally (a message refused or not stored, a store that cannot open).
// Accepts the usual --benchmark_* flags, e.g. --benchmark_min_time=0.1, --benchmark_out=f.json.
// On a busy machine, --benchmark_repetitions=5 --benchmark_enable_random_interleaving=true
// spreads the noise over both sides of the ratio; the summary then uses the medians.
#include <benchmark/benchmark.h>
#include <linux/magic.h>
#include <sodium.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/clock.h"
#include "crypto/identity.h"
#include "message/envelope_codec.h"
#include "store/store.h"
#include "support/sample_messages.h"
#include "support/temp_dir.h"
#include "trust/credential_book.h"
#include "trust/credential_issue.h"
#include "validation/validation_path.h"

namespace {

using namespace baken;

constexpr int kMessageCount = 20000;
constexpr int kAuthorCount = 4;
constexpr std::size_t kBatchSizes[] = {500, 1000};
constexpr double kTargetRatio = 0.70;
constexpr double kAuthorisedTargetRatio = 0.90;
constexpr std::size_t kAuthorisedBatch = 1000;

// ---------------------------------------------------------------------------------------------
// Functional failures: any of these makes the exit status non-zero.

std::vector<std::string> g_failures;

void functional_failure(benchmark::State& state, const std::string& what) {
    if (g_failures.size() < 20) g_failures.push_back(what);
    state.SkipWithError(what.c_str());
}

// ---------------------------------------------------------------------------------------------
// The messages: distinct signed sitreps from a few authors, made once, outside any timing.

struct Corpus {
    std::vector<DecodedMessage> decoded;          // as produced by the author
    std::vector<const DecodedMessage*> pointers;  // for Store::put_batch
    std::vector<ByteView> envelopes;              // wire bytes, what ingest receives
    // Raw-verify inputs, exactly what signature_matches() hands to libsodium.
    std::vector<std::string> signed_with_prefix;
    std::vector<Signature> signatures;
    std::vector<PublicKey> authors;
    double average_envelope_bytes = 0;
};

const v1::Precedence kPrecedences[] = {v1::ROUTINE, v1::ROUTINE,  v1::PRIORITY, v1::IMMEDIATE,
                                       v1::ROUTINE, v1::PRIORITY, v1::ROUTINE,  v1::FLASH};

const Corpus& corpus() {
    static const Corpus c = [] {
        ensure_sodium();
        std::vector<Identity> authors;
        for (int a = 0; a < kAuthorCount; ++a) authors.push_back(Identity::generate());
        Corpus out;
        out.decoded.reserve(kMessageCount);
        std::size_t total_bytes = 0;
        for (int i = 0; i < kMessageCount; ++i) {
            // A realistic sitrep of about 300 bytes on the wire; created over the last hours.
            std::string text =
                "Situatie " + std::to_string(i) +
                ": stroomstoring, aggregaat draait, 12.000 huishoudens zonder stroom";
            auto message =
                testing::sample_message(testing::sample_sitrep_body(text), kPrecedences[i % 8],
                                        testing::kSampleNowMs - 1000LL * (kMessageCount - i));
            out.decoded.push_back(sign_message(authors[i % kAuthorCount], std::move(message)));
            total_bytes += out.decoded.back().envelope_bytes.size();
        }
        out.average_envelope_bytes = static_cast<double>(total_bytes) / kMessageCount;
        for (const auto& d : out.decoded) {
            out.pointers.push_back(&d);
            out.envelopes.push_back(as_bytes(d.envelope_bytes));
            std::string buffer(kMessageSignaturePrefix);
            buffer += d.envelope.signed_();
            out.signed_with_prefix.push_back(std::move(buffer));
            Signature sig{};
            std::memcpy(sig.data(), d.envelope.signature().data(), sig.size());
            out.signatures.push_back(sig);
            PublicKey key{};
            std::memcpy(key.data(), d.envelope.author().data(), key.size());
            out.authors.push_back(key);
        }
        return out;
    }();
    return c;
}

// ---------------------------------------------------------------------------------------------
// A fresh, empty store on the real disk, removed afterwards.

std::optional<testing::TempDir> g_base;  // $TMPDIR/baken-test-XXXXXX for the whole run

const std::filesystem::path& store_base() {
    if (!g_base) g_base.emplace();
    return g_base->path();
}

class FreshStore {
  public:
    FreshStore() {
        static int counter = 0;
        dir_ = store_base() / ("store-" + std::to_string(counter++));
        auto opened = Store::open({dir_});
        if (opened) {
            store_ = std::move(opened).value();
        } else {
            error_ = opened.error();
        }
    }
    ~FreshStore() {
        store_.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    FreshStore(const FreshStore&) = delete;
    FreshStore& operator=(const FreshStore&) = delete;

    Store* get() const { return store_.get(); }
    const std::string& error() const { return error_; }

  private:
    std::filesystem::path dir_;
    std::unique_ptr<Store> store_;
    std::string error_;
};

// Checks that a store holds exactly what was put in it (outside timing).
bool holds(benchmark::State& state, const Store& store, std::uint64_t expected) {
    auto count = store.stats().message_count;
    if (count == expected) return true;
    functional_failure(state, "store holds " + std::to_string(count) + " messages, expected " +
                                  std::to_string(expected));
    return false;
}

// ---------------------------------------------------------------------------------------------
// The benchmarks. Every one cycles through the whole corpus so caches see the same data.

void bm_raw_verify(benchmark::State& state) {
    const Corpus& c = corpus();
    std::size_t i = 0;
    int failed = 0;
    for (auto _ : state) {
        const std::string& m = c.signed_with_prefix[i];
        int rc = crypto_sign_verify_detached(c.signatures[i].data(),
                                             reinterpret_cast<const unsigned char*>(m.data()),
                                             m.size(), c.authors[i].data());
        failed += rc != 0;
        if (++i == c.signed_with_prefix.size()) i = 0;
    }
    if (failed) functional_failure(state, std::to_string(failed) + " raw verifications failed");
    state.SetItemsProcessed(state.iterations());
}

// A book that trusts one root, which gave every corpus author a municipal-staff credential.
std::unique_ptr<trust::CredentialBook> authorising_book() {
    const Corpus& c = corpus();
    Identity root = Identity::generate();
    auto book = std::make_unique<trust::CredentialBook>(std::vector<PublicKey>{root.public_key()});
    for (int a = 0; a < kAuthorCount; ++a) {
        trust::CredentialRequest request;
        request.subject = c.authors[static_cast<std::size_t>(a)];
        request.role = v1::MUNICIPAL_STAFF;
        request.scope = "GM0344";
        request.valid_from_ms = testing::kSampleNowMs - 12LL * 3600 * 1000;  // covers the corpus
        request.validity_ms = trust::kMaxValidityMs;
        auto credential = trust::issue_credential(root, request, testing::kSampleNowMs);
        if (credential) book->learn(*credential);
    }
    return book;
}

void bm_ingest(benchmark::State& state, std::size_t batch, bool authorised) {
    const Corpus& c = corpus();
    ManualClock clock(testing::kSampleNowMs);
    auto fresh = std::make_unique<FreshStore>();
    if (!fresh->get()) return functional_failure(state, "cannot open store: " + fresh->error());
    auto book = authorised ? authorising_book() : nullptr;
    auto path = std::make_unique<ValidationPath>(*fresh->get(), clock, book.get());
    const std::span<const ByteView> all(c.envelopes);
    std::size_t next = 0;
    for (auto _ : state) {
        if (next + batch > all.size()) {
            // Every message has been ingested once: start again on an empty store, so that
            // what is measured is always new messages, never duplicates.
            state.PauseTiming();
            bool ok = holds(state, *fresh->get(), next);
            path.reset();
            fresh = std::make_unique<FreshStore>();
            if (ok && !fresh->get())
                functional_failure(state, "cannot open store: " + fresh->error());
            if (!ok || !fresh->get()) break;
            path = std::make_unique<ValidationPath>(*fresh->get(), clock, book.get());
            next = 0;
            state.ResumeTiming();
        }
        auto verdicts = path->submit_batch(all.subspan(next, batch));
        for (std::size_t j = 0; j < verdicts.size(); ++j) {
            if (!verdicts[j] || verdicts[j]->duplicate) {
                std::string why =
                    verdicts[j] ? "accepted as a duplicate" : describe(verdicts[j].error());
                functional_failure(state,
                                   "message " + std::to_string(next + j) + " not stored: " + why);
                break;
            }
        }
        if (state.error_occurred()) break;
        next += batch;
    }
    if (!state.error_occurred()) holds(state, *fresh->get(), next);
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(batch));
}

// --- breakdown ---

void bm_decode(benchmark::State& state) {
    const Corpus& c = corpus();
    std::size_t i = 0;
    for (auto _ : state) {
        auto decoded = decode_envelope(c.envelopes[i]);
        if (!decoded) return functional_failure(state, "decode: " + describe(decoded.error()));
        benchmark::DoNotOptimize(decoded->id);
        if (++i == c.envelopes.size()) i = 0;
    }
    state.SetItemsProcessed(state.iterations());
}

void bm_blake2b_id(benchmark::State& state) {
    const Corpus& c = corpus();
    std::size_t i = 0;
    for (auto _ : state) {
        auto id = message_id_of(as_bytes(c.decoded[i].envelope.signed_()));
        benchmark::DoNotOptimize(id);
        if (++i == c.decoded.size()) i = 0;
    }
    state.SetItemsProcessed(state.iterations());
}

void bm_signature_matches(benchmark::State& state) {
    const Corpus& c = corpus();
    std::size_t i = 0;
    int failed = 0;
    for (auto _ : state) {
        const v1::Envelope& e = c.decoded[i].envelope;
        failed += !signature_matches(c.authors[i], as_bytes(e.signed_()), as_bytes(e.signature()));
        if (++i == c.decoded.size()) i = 0;
    }
    if (failed) functional_failure(state, std::to_string(failed) + " signature_matches() failed");
    state.SetItemsProcessed(state.iterations());
}

void bm_check(benchmark::State& state) {
    const Corpus& c = corpus();
    ManualClock clock(testing::kSampleNowMs);
    FreshStore fresh;  // check() does not touch it; ValidationPath needs one
    if (!fresh.get()) return functional_failure(state, "cannot open store: " + fresh.error());
    ValidationPath path(*fresh.get(), clock);
    std::size_t i = 0;
    for (auto _ : state) {
        auto checked = path.check(c.envelopes[i]);
        if (!checked) return functional_failure(state, "check: " + describe(checked.error()));
        benchmark::DoNotOptimize(checked->id);
        if (++i == c.envelopes.size()) i = 0;
    }
    state.SetItemsProcessed(state.iterations());
}

void bm_store_put(benchmark::State& state, std::size_t batch) {
    const Corpus& c = corpus();
    auto fresh = std::make_unique<FreshStore>();
    if (!fresh->get()) return functional_failure(state, "cannot open store: " + fresh->error());
    const std::span<const DecodedMessage* const> all(c.pointers);
    std::size_t next = 0;
    for (auto _ : state) {
        if (next + batch > all.size()) {
            state.PauseTiming();
            bool ok = holds(state, *fresh->get(), next);
            fresh = std::make_unique<FreshStore>();
            if (ok && !fresh->get())
                functional_failure(state, "cannot open store: " + fresh->error());
            if (!ok || !fresh->get()) break;
            next = 0;
            state.ResumeTiming();
        }
        auto outcomes = fresh->get()->put_batch(all.subspan(next, batch), testing::kSampleNowMs,
                                                testing::kSampleNowMs);
        for (std::size_t j = 0; j < outcomes.size(); ++j) {
            if (outcomes[j].status != PutStatus::stored) {
                std::string why = outcomes[j].reject ? describe(*outcomes[j].reject) : "duplicate";
                functional_failure(state, "put " + std::to_string(next + j) + ": " + why);
                break;
            }
        }
        if (state.error_occurred()) break;
        next += batch;
    }
    if (!state.error_occurred()) holds(state, *fresh->get(), next);
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(batch));
}

// ---------------------------------------------------------------------------------------------
// Registration and the summary.

void add(const std::string& name, auto fn) {
    benchmark::RegisterBenchmark(name.c_str(), fn)->UseRealTime()->Unit(benchmark::kMicrosecond);
}

std::string ingest_name(std::size_t batch) {
    return "ingest/batch:" + std::to_string(batch);
}
std::string authorised_name() {
    return "ingest_authorised/batch:" + std::to_string(kAuthorisedBatch);
}
std::string store_put_name(std::size_t batch) {
    return "store_put/batch:" + std::to_string(batch);
}

// Shows the runs as the console reporter does and keeps each one's items_per_second (which
// is per wall-clock second: every benchmark here uses real time).
class CapturingReporter : public benchmark::ConsoleReporter {
  public:
    using ConsoleReporter::ConsoleReporter;

    void ReportRuns(const std::vector<Run>& runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const Run& run : runs) {
            const std::string& name = run.run_name.function_name;
            if (run.error_occurred) {
                errors_.push_back(name + ": " + run.error_message);
                continue;
            }
            auto rate = run.counters.find("items_per_second");
            if (rate == run.counters.end()) continue;
            // The same items over CPU time instead of wall-clock time.
            double cpu_rate =
                run.cpu_accumulated_time > 0
                    ? rate->second.value * run.real_accumulated_time / run.cpu_accumulated_time
                    : 0;
            if (run.run_type == Run::RT_Iteration) {
                rates_[name].push_back(rate->second.value);
                cpu_rates_[name].push_back(cpu_rate);
            } else if (run.aggregate_name == "median") {  // --benchmark_report_aggregates_only
                medians_[name] = rate->second.value;
                cpu_medians_[name] = cpu_rate;
            }
        }
    }

    // Messages per wall-clock second (the median over repetitions), if the benchmark ran.
    std::optional<double> rate(const std::string& name) const {
        return median(rates_, medians_, name);
    }
    // Messages per second of this thread's CPU time: leaves out waiting for fsync and for a CPU.
    std::optional<double> cpu_rate(const std::string& name) const {
        return median(cpu_rates_, cpu_medians_, name);
    }
    bool any() const { return !rates_.empty() || !medians_.empty(); }
    const std::vector<std::string>& errors() const { return errors_; }

  private:
    static std::optional<double> median(const std::map<std::string, std::vector<double>>& runs,
                                        const std::map<std::string, double>& medians,
                                        const std::string& name) {
        auto it = runs.find(name);
        if (it == runs.end() || it->second.empty()) {
            auto m = medians.find(name);
            if (m == medians.end()) return std::nullopt;
            return m->second;
        }
        std::vector<double> v = it->second;
        std::sort(v.begin(), v.end());
        std::size_t n = v.size();
        return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    std::map<std::string, std::vector<double>> rates_, cpu_rates_;
    std::map<std::string, double> medians_, cpu_medians_;
    std::vector<std::string> errors_;
};

std::string filesystem_type(const std::filesystem::path& dir) {
    struct statfs fs {};
    if (::statfs(dir.c_str(), &fs) != 0) return "unknown";
    switch (static_cast<unsigned long>(fs.f_type)) {
        case EXT4_SUPER_MAGIC:
            return "ext2/3/4";
        case TMPFS_MAGIC:
            return "tmpfs (fsync costs nothing here: figures are optimistic)";
        case XFS_SUPER_MAGIC:
            return "xfs";
        case BTRFS_SUPER_MAGIC:
            return "btrfs";
        case OVERLAYFS_SUPER_MAGIC:
            return "overlayfs";
        default: {
            char hex[32];
            std::snprintf(hex, sizeof hex, "0x%lx", static_cast<unsigned long>(fs.f_type));
            return std::string("filesystem magic ") + hex;
        }
    }
}

void print_rate(const char* label, std::optional<double> rate) {
    if (rate) {
        std::printf("  %-28s %9.0f msg/s  (%7.1f us/msg)\n", label, *rate, 1e6 / *rate);
    } else {
        std::printf("  %-28s not measured (filtered out or failed)\n", label);
    }
}

double load_average() {
    double load = -1;
    if (std::FILE* f = std::fopen("/proc/loadavg", "r")) {
        if (std::fscanf(f, "%lf", &load) != 1) load = -1;
        std::fclose(f);
    }
    return load;
}

// Removes --breakdown from argv (the rest goes to Google Benchmark); true if it was there.
bool take_flag(int& argc, char** argv, const char* flag) {
    bool found = false;
    int out = 1;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], flag) == 0) {
            found = true;
        } else {
            argv[out++] = argv[i];
        }
    }
    argc = out;
    argv[argc] = nullptr;
    return found;
}

}  // namespace

int main(int argc, char** argv) {
    const bool breakdown = take_flag(argc, argv, "--breakdown");
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;

    add("raw_verify", bm_raw_verify);
    for (std::size_t batch : kBatchSizes) {
        add(ingest_name(batch), [batch](benchmark::State& s) { bm_ingest(s, batch, false); });
    }
    add(authorised_name(), [](benchmark::State& s) { bm_ingest(s, kAuthorisedBatch, true); });
    if (breakdown) {
        add("decode", bm_decode);
        add("blake2b_id", bm_blake2b_id);
        add("signature_matches", bm_signature_matches);
        add("check", bm_check);
        const std::size_t batch = kBatchSizes[std::size(kBatchSizes) - 1];
        add(store_put_name(batch), [batch](benchmark::State& s) { bm_store_put(s, batch); });
    }

    CapturingReporter reporter(isatty(STDOUT_FILENO) ? benchmark::ConsoleReporter::OO_ColorTabular
                                                     : benchmark::ConsoleReporter::OO_Tabular);
    const double load_before = load_average();
    benchmark::RunSpecifiedBenchmarks(&reporter);
    const double load_after = load_average();
    benchmark::Shutdown();

    if (reporter.any()) {
        const Corpus& c = corpus();
        std::printf("\n== Baken ingest benchmark (single thread, wall-clock) ==\n");
        std::printf(
            "messages: %d signed sitreps from %d authors, %.0f bytes per envelope on average\n",
            kMessageCount, kAuthorCount, c.average_envelope_bytes);
        std::printf("store: fresh LMDB per run under %s (%s), durable commits (fsync)\n",
                    store_base().parent_path().c_str(), filesystem_type(store_base()).c_str());
        const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        std::printf("libsodium %s, %ld online CPUs, load average %.2f before, %.2f after%s\n",
                    sodium_version_string(), cpus, load_before, load_after,
                    std::max(load_before, load_after) > static_cast<double>(cpus) - 0.5
                        ? " (busy machine: wall-clock figures are noisy)"
                        : "");
        auto raw = reporter.rate("raw_verify");
        print_rate("raw libsodium verify", raw);
        for (std::size_t batch : kBatchSizes) {
            std::string label = "ingest (batch " + std::to_string(batch) + ")";
            print_rate(label.c_str(), reporter.rate(ingest_name(batch)));
        }
        print_rate("ingest, authorisation on", reporter.rate(authorised_name()));
        bool below = false;
        for (std::size_t batch : kBatchSizes) {
            auto ingest = reporter.rate(ingest_name(batch));
            if (!raw || !ingest) continue;
            double ratio = *ingest / *raw;
            below = below || ratio < kTargetRatio;
            std::printf("ingest/verify ratio (batch %zu): %.2f (target >= %.2f) %s\n", batch, ratio,
                        kTargetRatio, ratio >= kTargetRatio ? "PASS" : "BELOW");
        }
        auto plain = reporter.rate(ingest_name(kAuthorisedBatch));
        auto authorised = reporter.rate(authorised_name());
        if (plain && authorised) {
            double ratio = *authorised / *plain;
            std::printf("authorised/plain ingest ratio (batch %zu): %.2f (target >= %.2f) %s\n",
                        kAuthorisedBatch, ratio, kAuthorisedTargetRatio,
                        ratio >= kAuthorisedTargetRatio ? "PASS" : "BELOW");
        }
        // The same ratio by CPU time: less sensitive to other load, but blind to fsync waits.
        auto raw_cpu = reporter.cpu_rate("raw_verify");
        for (std::size_t batch : kBatchSizes) {
            auto ingest_cpu = reporter.cpu_rate(ingest_name(batch));
            if (!raw_cpu || !ingest_cpu || *raw_cpu <= 0) continue;
            std::printf(
                "  by CPU time, for comparison (batch %zu): %.2f (leaves out fsync and scheduling "
                "waits)\n",
                batch, *ingest_cpu / *raw_cpu);
        }
        if (breakdown) {
            const std::size_t batch = kBatchSizes[std::size(kBatchSizes) - 1];
            struct Cost {
                double wall = 0, cpu = 0;
            };
            auto cost = [&](const std::string& name) -> std::optional<Cost> {
                auto wall = reporter.rate(name);
                auto cpu = reporter.cpu_rate(name);
                if (!wall || !cpu || *wall <= 0 || *cpu <= 0) return std::nullopt;
                return Cost{1e6 / *wall, 1e6 / *cpu};
            };
            auto line = [](const char* what, std::optional<Cost> c, const char* note) {
                if (c) std::printf("  %-32s %8.2f %8.2f  %s\n", what, c->wall, c->cpu, note);
            };
            auto minus = [](std::optional<Cost> a, std::initializer_list<std::optional<Cost>> bs) {
                for (const auto& b : bs) {
                    if (!a || !b) return std::optional<Cost>();
                    a = Cost{a->wall - b->wall, a->cpu - b->cpu};
                }
                return a;
            };
            auto ingest = cost(ingest_name(batch)), check = cost("check"), decode = cost("decode");
            auto sig = cost("signature_matches"), raw_cost = cost("raw_verify");
            auto put = cost(store_put_name(batch));
            std::printf("breakdown, us per message (batch %zu)  wall      cpu\n", batch);
            line("ingest", ingest, "everything");
            line("  check", check, "decode + author + signature + structure");
            line("    decode", decode, "2 protobuf parses, envelope copy, BLAKE2b id");
            line("      blake2b id", cost("blake2b_id"), "");
            line("    signature_matches", sig, "prefix copy + verify");
            line("      raw verify", raw_cost, "libsodium alone");
            line("      prefix copy etc. (derived)", minus(sig, {raw_cost}),
                 "signature_matches - raw verify");
            line("    structure etc. (derived)", minus(check, {decode, sig}),
                 "check - decode - signature_matches");
            line("  store_put", put, "LMDB puts + commit; wall - cpu ~ fsync wait");
            line("  glue (derived)", minus(ingest, {check, put}), "ingest - check - store_put");
            std::printf(
                "  (derived lines are differences of separate runs: within noise, they can be "
                "negative)\n");
        } else if (below) {
            std::printf("run with --breakdown to see where ingest spends its time\n");
        }
    }

    bool failed = !g_failures.empty() || !reporter.errors().empty();
    for (const auto& e : reporter.errors()) std::fprintf(stderr, "FAILED: %s\n", e.c_str());
    if (reporter.errors().empty()) {
        for (const auto& f : g_failures) std::fprintf(stderr, "FAILED: %s\n", f.c_str());
    }
    g_base.reset();
    return failed ? 1 : 0;
}
