// USB-stick bundles at 100,000 messages: exporting a node's held set to a bundle and importing
// it on another node, against the raw signature-verification rate measured in the same run.
//
// Requirement: importing a bundle (read -> validation path -> durable store, in the
// importer's batches) reaches at least 70% of the rate at which decode_and_verify alone
// checks the same messages. All single-threaded, in wall-clock time.
//
//   verify    decode_and_verify (message/envelope_codec.h) of each of the 100,000 envelopes:
//             the baseline (a message cannot be imported faster than it can be checked)
//   export    select_for_bundle over a Store holding the 100,000 (every live message, most
//             urgent first) + Store::get + BundleWriter into a memory sink, trailer signed;
//             also the bundle's size, in all and per message
//   read      BundleReader alone over that bundle, 64 KiB at a time: framing, record checks,
//             content hash, trailer signature (the part of import that is not validation)
//   import    BundleReader fed 64 KiB at a time (as from a file) + BundleImporter into a fresh
//             Store through ValidationPath (LMDB commits with fsync, one per batch of 2,048).
//             Every message must come back accepted, the trailer verified, no damage
//   stick_out, stick_in   whole stick visits (stick_visit.h) writing and then importing all
//             100,000 through a folder on the same disk (see bm_stick_out below)
//
// The messages: distinct signed sitreps of about 300 bytes on the wire (as ingest_bench makes
// them) from 8 authors, created over the last three hours, made once outside any timing.
// Stores live in directories under $TMPDIR (tests/support/temp_dir.h), quota 1 GiB: the
// filesystem there decides what fsync costs, and the summary says which it is.
//
// Each benchmark runs one iteration (the whole 100,000) per repetition. Figures are reported,
// never asserted: the exit status is 0 unless something fails functionally (a message refused,
// a bundle that does not verify, a store that cannot open). Accepts the usual --benchmark_*
// flags, e.g. --benchmark_repetitions=3 (what run-benchmarks.sh passes); the summary then uses
// the medians, and also gives the import/verify ratio by CPU time (steadier on a busy machine,
// blind to fsync), as ingest_bench does.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "bench_support.h"
#include "bundle/bundle_import.h"
#include "bundle/bundle_reader.h"
#include "bundle/bundle_selection.h"
#include "bundle/bundle_writer.h"
#include "bundle/stick_visit.h"
#include "common/clock.h"
#include "crypto/identity.h"
#include "message/envelope_codec.h"
#include "store/store.h"
#include "support/sample_messages.h"
#include "validation/validation_path.h"

namespace {

using namespace baken;
using bench::FreshStore;
using bench::functional_failure;

constexpr int kMessageCount = 100'000;
constexpr int kAuthorCount = 8;
constexpr double kTargetRatio = 0.70;
constexpr std::uint64_t kQuotaBytes = 1ull << 30;
constexpr std::size_t kFillBatch = 1000;
constexpr std::size_t kReadChunk = 64 * 1024;
constexpr std::int64_t kNowMs = testing::kSampleNowMs;

// ---------------------------------------------------------------------------------------------
// The messages, made once outside any timing.

const Identity& exporter() {
    static const Identity id = bench::identity_from(0xE0);
    return id;
}

struct Corpus {
    std::vector<std::string> envelopes;  // wire bytes
    std::vector<ByteView> views;
    double average_envelope_bytes = 0;
};

const Corpus& corpus() {
    static const Corpus c = [] {
        ensure_sodium();
        std::vector<Identity> authors;
        for (int a = 0; a < kAuthorCount; ++a)
            authors.push_back(bench::identity_from(static_cast<std::uint8_t>(0x10 + a)));
        Corpus out;
        out.envelopes.reserve(kMessageCount);
        // One every 100 ms before now, so all are live (a day's lifetime) when exported and
        // imported.
        out.average_envelope_bytes = bench::sign_sitreps(
            authors, kMessageCount, 100,
            [&](DecodedMessage d) { out.envelopes.push_back(std::move(d.envelope_bytes)); });
        for (const auto& e : out.envelopes) out.views.push_back(as_bytes(e));
        return out;
    }();
    return c;
}

// ---------------------------------------------------------------------------------------------
// Stores: a fresh one per import, and one holding the corpus that export reads.

// The store export reads: every corpus message, stored through the validation path once
// (outside timing). Made by the first benchmark that needs it; main() drops it at the end.
struct SourceStore {
    std::unique_ptr<FreshStore> fresh;
    std::string error;  // why it could not be made; empty when it holds the corpus
};

std::unique_ptr<SourceStore> g_source;

const SourceStore& source_store() {
    if (g_source) return *g_source;
    g_source = std::make_unique<SourceStore>();
    SourceStore& out = *g_source;
    std::fprintf(stderr, "bundle_bench: storing %d messages for export...\n", kMessageCount);
    out.fresh = std::make_unique<FreshStore>(kQuotaBytes);
    if (!out.fresh->get()) {
        out.error = "cannot open store: " + out.fresh->error();
        return out;
    }
    ManualClock clock(kNowMs);
    ValidationPath path(*out.fresh->get(), clock);
    const std::span<const ByteView> all(corpus().views);
    for (std::size_t at = 0; at < all.size() && out.error.empty(); at += kFillBatch) {
        auto verdicts = path.submit_batch(all.subspan(at, std::min(kFillBatch, all.size() - at)));
        out.error = bench::first_not_stored(verdicts, at);
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Export and import, as a node does them.

struct Exported {
    std::string bytes;
    std::uint64_t messages = 0;
    bool ok = false;
};

Exported export_bundle(const Store& store) {
    Exported out;
    // A memory sink: reserve the size the last export had, so the copying measured is the
    // writer's, not the string's growth.
    static std::size_t last_size = 0;
    out.bytes.reserve(last_size);
    auto selected = bundle::select_for_bundle(store, {}, kNowMs);
    bundle::BundleWriter writer(
        [&](ByteView b) {
            out.bytes.append(as_chars(b));
            return true;
        },
        exporter(), kNowMs, "Steunpunt De Linde");
    bool all_held = true;
    for (const auto& s : selected) {
        auto held = store.get(s.id);
        if (!held) {
            all_held = false;
            continue;
        }
        writer.add(as_bytes(held->envelope_bytes));
    }
    out.ok = writer.finish() && all_held;
    out.messages = writer.message_count();
    last_size = out.bytes.size();
    return out;
}

// The bundle import reads: what export writes from the source store (made once).
const Exported& the_bundle() {
    static const Exported b = [] {
        const SourceStore& source = source_store();
        return source.error.empty() ? export_bundle(*source.fresh->get()) : Exported{};
    }();
    return b;
}

// Reads `bytes` as a file is read, kReadChunk at a time, handing every event to `on_event`.
template <typename OnEvent>
void read_bundle(const std::string& bytes, OnEvent&& on_event) {
    bundle::BundleReader reader;
    std::size_t at = 0;
    for (;;) {
        while (auto event = reader.next()) on_event(std::move(*event));
        if (reader.done()) break;
        if (at < bytes.size()) {
            const std::size_t n = std::min(kReadChunk, bytes.size() - at);
            reader.feed(as_bytes(std::string_view(bytes).substr(at, n)));
            at += n;
        } else {
            reader.finish();
        }
    }
}

bundle::ImportReport import_bundle(const std::string& bytes, ValidationPath& path) {
    bundle::BundleImporter importer(path);
    read_bundle(bytes, [&](bundle::BundleEvent event) { importer.on_event(std::move(event)); });
    importer.flush();
    return importer.report();
}

// ---------------------------------------------------------------------------------------------
// The benchmarks.

void bm_verify(benchmark::State& state) {
    const Corpus& c = corpus();
    int failed = 0;
    for (auto _ : state) {
        for (ByteView envelope : c.views) {
            auto verified = decode_and_verify(envelope);
            failed += !verified;
            benchmark::DoNotOptimize(verified);
        }
    }
    if (failed) functional_failure(state, std::to_string(failed) + " envelopes did not verify");
    state.SetItemsProcessed(state.iterations() * kMessageCount);
}

void bm_export(benchmark::State& state) {
    const SourceStore& source = source_store();
    if (!source.error.empty()) return functional_failure(state, source.error);
    std::uint64_t bundle_bytes = 0;
    for (auto _ : state) {
        Exported out = export_bundle(*source.fresh->get());
        if (!out.ok || out.messages != kMessageCount) {
            functional_failure(state, "export wrote " + std::to_string(out.messages) +
                                          " messages, expected " + std::to_string(kMessageCount));
            break;
        }
        bundle_bytes = out.bytes.size();
        state.PauseTiming();
        out = Exported{};  // freeing the bundle is not the export's cost
        state.ResumeTiming();
    }
    state.counters["bundle_bytes"] = static_cast<double>(bundle_bytes);
    state.counters["bytes_per_msg"] = static_cast<double>(bundle_bytes) / kMessageCount;
    state.SetItemsProcessed(state.iterations() * kMessageCount);
}

// The reader alone (framing, record checks, content hash, trailer signature): the part of
// import that is not the validation path.
void bm_read(benchmark::State& state) {
    const Exported& bundle = the_bundle();
    if (!bundle.ok) return functional_failure(state, "no bundle to read (export failed)");
    for (auto _ : state) {
        std::uint64_t messages = 0;
        bool verified = false, damaged = false;
        read_bundle(bundle.bytes, [&](bundle::BundleEvent event) {
            if (auto* m = std::get_if<bundle::MessageRecordRead>(&event)) {
                benchmark::DoNotOptimize(m->envelope_bytes.data());
                ++messages;
            }
            verified = verified || std::holds_alternative<bundle::BundleVerified>(event);
            damaged = damaged || std::holds_alternative<bundle::Damage>(event);
        });
        if (messages != kMessageCount || !verified || damaged) {
            functional_failure(state, "read " + std::to_string(messages) + " messages, verified " +
                                          (verified ? "yes" : "no") + ", damaged " +
                                          (damaged ? "yes" : "no"));
            break;
        }
    }
    state.SetItemsProcessed(state.iterations() * kMessageCount);
}

void bm_import(benchmark::State& state) {
    const Exported& bundle = the_bundle();
    if (!bundle.ok) return functional_failure(state, "no bundle to import (export failed)");
    ManualClock clock(kNowMs);
    for (auto _ : state) {
        state.PauseTiming();
        auto fresh = std::make_unique<FreshStore>(kQuotaBytes);
        if (!fresh->get()) {
            functional_failure(state, "cannot open store: " + fresh->error());
            break;
        }
        auto path = std::make_unique<ValidationPath>(*fresh->get(), clock);
        state.ResumeTiming();

        bundle::ImportReport report = import_bundle(bundle.bytes, *path);

        state.PauseTiming();
        const auto held = fresh->get()->stats().message_count;
        if (!report.clean() || report.accepted != kMessageCount || held != kMessageCount) {
            std::string why = "import: " + std::to_string(report.accepted) + " accepted, " +
                              std::to_string(report.refused) + " refused, " +
                              std::to_string(report.damage.size()) + " damage, verified " +
                              (report.verified ? "yes" : "no") + ", store holds " +
                              std::to_string(held);
            if (!report.refusals.empty())
                why += " (first refusal: " + report.refusals[0].reason + ")";
            functional_failure(state, why);
        }
        path.reset();
        fresh.reset();
        state.ResumeTiming();
        if (state.error_occurred()) break;
    }
    state.SetItemsProcessed(state.iterations() * kMessageCount);
}

// A whole stick visit, as bakend runs it (stick_visit.h), on a folder under store_base():
//   stick_out  the node holding the 100,000 visits an empty stick: it writes them all in one
//              bundle file (fsynced as it grows), the index and the receipt
//   stick_in   a node holding none visits that stick: it reads and imports all 100,000, and
//              has nothing to write back
std::filesystem::path stick_folder() {
    return bench::store_base() / "stick";
}

bool run_visit(Store& store, ValidationPath& path, const Clock& clock,
               bundle::VisitReport& report) {
    bundle::StickVisitOptions options;
    options.stick = stick_folder();
    options.node_name = "Steunpunt De Linde";
    bundle::StickVisit visit(options, store, path, exporter(), clock);
    for (int steps = 0; steps < 10'000'000; ++steps)
        if (visit.step()) break;
    report = visit.report();
    return report.finished && report.problems.empty();
}

void bm_stick_out(benchmark::State& state) {
    const SourceStore& source = source_store();
    if (!source.error.empty()) return functional_failure(state, source.error);
    ManualClock clock(kNowMs);
    ValidationPath path(*source.fresh->get(), clock);
    for (auto _ : state) {
        state.PauseTiming();
        std::error_code ec;
        std::filesystem::remove_all(stick_folder(), ec);
        std::filesystem::create_directories(stick_folder() / "baken", ec);
        state.ResumeTiming();
        bundle::VisitReport report;
        bool ok = run_visit(*source.fresh->get(), path, clock, report);
        if (!ok || report.written != kMessageCount)
            functional_failure(state, "stick_out: wrote " + std::to_string(report.written));
    }
    state.SetItemsProcessed(state.iterations() * kMessageCount);
}

void bm_stick_in(benchmark::State& state) {
    ManualClock clock(kNowMs);
    for (auto _ : state) {
        state.PauseTiming();
        auto fresh = std::make_unique<FreshStore>(kQuotaBytes);
        auto path = std::make_unique<ValidationPath>(*fresh->get(), clock);
        state.ResumeTiming();
        bundle::VisitReport report;
        bool ok = run_visit(*fresh->get(), *path, clock, report);
        state.PauseTiming();
        if (!ok || report.accepted != kMessageCount || report.written != 0)
            functional_failure(state, "stick_in: imported " + std::to_string(report.accepted) +
                                          ", wrote " + std::to_string(report.written));
        path.reset();
        fresh.reset();
        state.ResumeTiming();
    }
    state.SetItemsProcessed(state.iterations() * kMessageCount);
}

// ---------------------------------------------------------------------------------------------
// The summary.

// The summary's rate line: the label in 30 columns, and how long all the messages take.
void print_rate(const char* label, std::optional<double> rate) {
    bench::print_rate(label, rate, 30, kMessageCount);
}

void add(const char* name, void (*fn)(benchmark::State&)) {
    benchmark::RegisterBenchmark(name, fn)->Iterations(1)->UseRealTime()->Unit(
        benchmark::kMillisecond);
}

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
    std::fprintf(stderr, "bundle_bench: signing %d messages...\n", kMessageCount);
    (void)corpus();

    add("verify", bm_verify);
    add("export", bm_export);
    add("read", bm_read);
    add("import", bm_import);
    add("stick_out", bm_stick_out);  // before stick_in: it writes the stick stick_in reads
    add("stick_in", bm_stick_in);

    bench::CapturingReporter reporter;
    const bench::MachineLoad load = bench::run_benchmarks(reporter);

    if (reporter.any()) {
        std::printf("\n== Baken bundle benchmark (single thread, wall-clock) ==\n");
        bench::print_sitrep_corpus(kMessageCount, kAuthorCount, corpus().average_envelope_bytes);
        std::printf("stores: LMDB under %s (%s), quota %llu MiB, durable commits (fsync)\n",
                    bench::store_base().parent_path().c_str(),
                    bench::filesystem_type(bench::store_base(), "import figures").c_str(),
                    static_cast<unsigned long long>(kQuotaBytes >> 20));
        bench::print_machine(load);
        auto verify = reporter.rate("verify");
        auto exported = reporter.rate("export");
        auto imported = reporter.rate("import");
        print_rate("verify (decode_and_verify)", verify);
        print_rate("export (select + write)", exported);
        print_rate("read (reader alone)", reporter.rate("read"));
        print_rate("import (read + validate + store)", imported);
        print_rate("stick visit, writing all", reporter.rate("stick_out"));
        print_rate("stick visit, importing all", reporter.rate("stick_in"));
        if (auto bytes = reporter.value("export", "bundle_bytes")) {
            std::printf("  bundle: %.0f bytes, %.1f bytes per message (%.1f of them envelope)\n",
                        *bytes, *bytes / kMessageCount, corpus().average_envelope_bytes);
        }
        if (verify && exported) std::printf("export/verify ratio: %.2f\n", *exported / *verify);
        if (verify && imported) {
            const double ratio = *imported / *verify;
            std::printf("import/verify ratio: %.2f (target >= %.2f: %s)\n", ratio, kTargetRatio,
                        ratio >= kTargetRatio ? "met" : "NOT met");
        }
        // The same ratio by CPU time: less sensitive to other load, but blind to fsync waits.
        auto verify_cpu = reporter.cpu_rate("verify");
        auto import_cpu = reporter.cpu_rate("import");
        if (verify_cpu && import_cpu && *verify_cpu > 0) {
            std::printf(
                "  by CPU time, for comparison: %.2f (leaves out fsync and scheduling waits)\n",
                *import_cpu / *verify_cpu);
        }
    }

    const bool failed = bench::report_failures(reporter);
    g_source.reset();
    bench::remove_store_base();
    return failed ? 1 : 0;
}
