// What the speed benchmarks (ingest_bench, bundle_bench, picture_bench, startup_bench) share:
// the record of functional failures that sets the exit status, realistic signed sitreps and the
// picture's message mix, fresh stores on the real disk, a console reporter that keeps each
// run's figures for the summary, and the lines of the summary that describe the machine.
//
// Everything here is for benchmark programs only: single-threaded, set up outside timing, and
// a failure is a value the program reports at the end (never an exception or an abort).
#pragma once

#include <benchmark/benchmark.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/identity.h"
#include "message/decoded_message.h"
#include "store/store.h"
#include "validation/validation_path.h"

namespace baken::bench {

// ---------------------------------------------------------------------------------------------
// Functional failures: a message refused, a store that cannot open. Any of them makes the exit
// status non-zero (see report_failures); the figures themselves are never asserted.

// Records `what` (the first 20 of the run) and stops `state`'s benchmark with it as its error.
void functional_failure(benchmark::State& state, const std::string& what);

// ---------------------------------------------------------------------------------------------
// Messages.

// The identity whose 32-byte seed is `fill` repeated: the same keys in every run.
Identity identity_from(std::uint8_t fill);

// Signs `count` distinct, realistic sitreps of about 300 bytes on the wire, the i-th by
// authors[i % authors.size()] and created (count - i) * spacing_ms before kSampleNowMs, the
// precedence cycling (mostly routine, some priority, immediate and flash), and hands each to
// `keep` in that order. Returns their average envelope size in bytes.
// REQUIRES: !authors.empty(), count > 0.
double sign_sitreps(std::span<const Identity> authors, int count, std::int64_t spacing_ms,
                    const std::function<void(DecodedMessage)>& keep);

// The body of the i-th message of the picture's mix at 100,000 messages (picture_bench,
// startup_bench): for 1,000 support points in 25 municipalities, 5 % statuses, 30 % needs, 45 %
// need updates (of a need in `needs`, the ids of the needs signed so far), 18 % sitreps, 1 %
// announcements, 1 % node infos; quantities, states and topics drawn from `rng`.
v1::Body mixed_body(int i, std::mt19937& rng, const std::vector<MessageId>& needs);

// Prints the summary line that describes a corpus of such sitreps.
void print_sitrep_corpus(int messages, int authors, double average_envelope_bytes);

// "message N not stored: why" for the first verdict that is not a new message stored (N counts
// from `first`, the index of verdicts[0] in the corpus); empty when all of them are.
std::string first_not_stored(std::span<const Verdict> verdicts, std::size_t first);

// ---------------------------------------------------------------------------------------------
// Stores.

// $TMPDIR/baken-test-XXXXXX (tests/support/temp_dir.h), made on first use; every FreshStore
// lives below it. The filesystem there decides what fsync costs.
const std::filesystem::path& store_base();
// Removes store_base() and all below it. REQUIRES: no FreshStore is left.
void remove_store_base();

// A fresh, empty Store in its own directory under store_base(), removed with it.
class FreshStore {
  public:
    explicit FreshStore(std::uint64_t quota_bytes = StoreOptions{}.quota_bytes);
    ~FreshStore();
    FreshStore(const FreshStore&) = delete;
    FreshStore& operator=(const FreshStore&) = delete;

    // Null when the store could not be opened; error() then says why.
    Store* get() const { return store_.get(); }
    const std::string& error() const { return error_; }

  private:
    std::filesystem::path dir_;
    std::unique_ptr<Store> store_;
    std::string error_;
};

// ---------------------------------------------------------------------------------------------
// Running and the summary.

// Shows the runs as the console reporter does (in colour on a terminal) and keeps, for the
// summary, every counter of every run, the items over CPU time as well as over wall-clock time,
// and the wall-clock milliseconds per iteration. With --benchmark_repetitions each figure is
// the median over the repetitions.
class CapturingReporter : public benchmark::ConsoleReporter {
  public:
    CapturingReporter();

    void ReportRuns(const std::vector<Run>& runs) override;

    // A counter of a benchmark (items_per_second is per wall-clock second when the benchmark
    // uses real time), if the benchmark ran.
    std::optional<double> value(const std::string& name, const std::string& counter) const;
    // Items per wall-clock second.
    std::optional<double> rate(const std::string& name) const;
    // Items per second of this thread's CPU time: leaves out waiting for fsync and for a CPU.
    std::optional<double> cpu_rate(const std::string& name) const;
    // Wall-clock milliseconds per iteration.
    std::optional<double> ms(const std::string& name) const;

    bool any() const { return !values_.empty() || !medians_.empty(); }
    // "name: error" of every run that failed.
    const std::vector<std::string>& errors() const { return errors_; }

  private:
    std::map<std::string, std::vector<double>> values_;  // by "name/counter", one per run
    std::map<std::string, double> medians_;              // the same from median aggregates
    std::vector<std::string> errors_;
};

// The one-minute load average of the machine, before and after the benchmarks ran (-1 where
// /proc/loadavg cannot be read).
struct MachineLoad {
    double before = -1;
    double after = -1;
};

// Runs the benchmarks registered (as selected by --benchmark_filter) into `reporter`, then
// shuts Google Benchmark down.
MachineLoad run_benchmarks(CapturingReporter& reporter);

// Prints the libsodium version, the online CPUs and the load, noting a busy machine.
void print_machine(const MachineLoad& load);

// What filesystem `dir` is on, e.g. "ext2/3/4". On tmpfs it adds that fsync costs nothing
// there, so `optimistic_figures` (e.g. "import figures") are optimistic.
std::string filesystem_type(const std::filesystem::path& dir,
                            std::string_view optimistic_figures = "figures");

// Prints "  label  N msg/s  (X us/msg)", the label in `label_width` columns; with
// `messages` > 0 also how many seconds that many messages take. "not measured" without a rate.
void print_rate(const char* label, std::optional<double> rate, int label_width, int messages = 0);

// Prints every failure on stderr ("FAILED: ..."): the failed runs, or when none failed as a run
// the functional failures recorded. True if there was any.
bool report_failures(const CapturingReporter& reporter);

}  // namespace baken::bench
