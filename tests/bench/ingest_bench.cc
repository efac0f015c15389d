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
#include <sodium.h>

#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bench_support.h"
#include "common/clock.h"
#include "crypto/identity.h"
#include "message/envelope_codec.h"
#include "store/store.h"
#include "support/sample_messages.h"
#include "trust/credential_book.h"
#include "trust/credential_issue.h"
#include "validation/validation_path.h"

namespace {

using namespace baken;
using bench::FreshStore;
using bench::functional_failure;

constexpr int kMessageCount = 20000;
constexpr int kAuthorCount = 4;
constexpr std::size_t kBatchSizes[] = {500, 1000};
constexpr double kTargetRatio = 0.70;
constexpr double kAuthorisedTargetRatio = 0.90;
constexpr std::size_t kAuthorisedBatch = 1000;
constexpr int kRateLabelWidth = 28;  // of the summary's rate lines

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

const Corpus& corpus() {
    static const Corpus c = [] {
        ensure_sodium();
        std::vector<Identity> authors;
        for (int a = 0; a < kAuthorCount; ++a) authors.push_back(Identity::generate());
        Corpus out;
        out.decoded.reserve(kMessageCount);
        // Created over the last hours, one a second.
        out.average_envelope_bytes =
            bench::sign_sitreps(authors, kMessageCount, 1000,
                                [&](DecodedMessage d) { out.decoded.push_back(std::move(d)); });
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
// Stores: a fresh, empty one on the real disk (bench::FreshStore), and what it must hold.

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
        if (std::string why = bench::first_not_stored(verdicts, next); !why.empty()) {
            functional_failure(state, why);
            break;
        }
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

    bench::CapturingReporter reporter;
    const bench::MachineLoad load = bench::run_benchmarks(reporter);

    if (reporter.any()) {
        const Corpus& c = corpus();
        std::printf("\n== Baken ingest benchmark (single thread, wall-clock) ==\n");
        bench::print_sitrep_corpus(kMessageCount, kAuthorCount, c.average_envelope_bytes);
        std::printf("store: fresh LMDB per run under %s (%s), durable commits (fsync)\n",
                    bench::store_base().parent_path().c_str(),
                    bench::filesystem_type(bench::store_base()).c_str());
        bench::print_machine(load);
        auto raw = reporter.rate("raw_verify");
        bench::print_rate("raw libsodium verify", raw, kRateLabelWidth);
        for (std::size_t batch : kBatchSizes) {
            std::string label = "ingest (batch " + std::to_string(batch) + ")";
            bench::print_rate(label.c_str(), reporter.rate(ingest_name(batch)), kRateLabelWidth);
        }
        bench::print_rate("ingest, authorisation on", reporter.rate(authorised_name()),
                          kRateLabelWidth);
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

    const bool failed = bench::report_failures(reporter);
    bench::remove_store_base();
    return failed ? 1 : 0;
}
