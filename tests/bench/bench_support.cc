#include "bench_support.h"

#include <linux/magic.h>
#include <sodium.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <utility>

#include "message/envelope_codec.h"
#include "support/sample_messages.h"
#include "support/temp_dir.h"

namespace baken::bench {

namespace {

std::vector<std::string> g_failures;             // the first 20 of the run
std::optional<testing::TempDir> g_base;          // store_base(), for the whole run
constexpr std::string_view kWallMs = "wall_ms";  // the counter ms() reads
constexpr std::string_view kCpuRate = "cpu_items_per_second";

const v1::Precedence kPrecedences[] = {v1::ROUTINE, v1::ROUTINE,  v1::PRIORITY, v1::IMMEDIATE,
                                       v1::ROUTINE, v1::PRIORITY, v1::ROUTINE,  v1::FLASH};

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double to_ms(double time, benchmark::TimeUnit unit) {
    switch (unit) {
        case benchmark::kNanosecond:
            return time * 1e-6;
        case benchmark::kMicrosecond:
            return time * 1e-3;
        case benchmark::kSecond:
            return time * 1e3;
        default:
            return time;
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

}  // namespace

void functional_failure(benchmark::State& state, const std::string& what) {
    if (g_failures.size() < 20) g_failures.push_back(what);
    state.SkipWithError(what.c_str());
}

Identity identity_from(std::uint8_t fill) {
    std::array<std::uint8_t, 32> seed{};
    seed.fill(fill);
    return Identity::from_seed(seed);
}

double sign_sitreps(std::span<const Identity> authors, int count, std::int64_t spacing_ms,
                    const std::function<void(DecodedMessage)>& keep) {
    std::size_t total_bytes = 0;
    for (int i = 0; i < count; ++i) {
        std::string text = "Situatie " + std::to_string(i) +
                           ": stroomstoring, aggregaat draait, 12.000 huishoudens zonder stroom";
        auto message =
            testing::sample_message(testing::sample_sitrep_body(text), kPrecedences[i % 8],
                                    testing::kSampleNowMs - spacing_ms * (count - i));
        DecodedMessage signed_message =
            sign_message(authors[static_cast<std::size_t>(i) % authors.size()], std::move(message));
        total_bytes += signed_message.envelope_bytes.size();
        keep(std::move(signed_message));
    }
    return static_cast<double>(total_bytes) / count;
}

v1::Body mixed_body(int i, std::mt19937& rng, const std::vector<MessageId>& needs) {
    const std::string municipality = "GM0" + std::to_string(300 + i % 25);
    const std::string point = municipality + "-SP" + std::to_string(i % 1000);
    int pick = i % 100;
    if (pick < 5) {
        v1::Body b = testing::sample_status_body();
        auto* s = b.mutable_support_point_status();
        s->set_support_point(point);
        s->set_municipality(municipality);
        s->set_openness(static_cast<v1::Openness>(1 + rng() % 3));
        s->set_visitors(static_cast<int>(rng() % 200));
        return b;
    }
    if (pick < 35 || needs.empty()) {
        v1::Body b = testing::sample_need_body();
        b.mutable_need()->set_support_point(point);
        b.mutable_need()->set_municipality(municipality);
        b.mutable_need()->set_quantity(static_cast<double>(rng() % 1000));
        return b;
    }
    if (pick < 80) {
        v1::Body b = testing::sample_need_update_body();
        const MessageId& need = needs[rng() % needs.size()];
        b.mutable_need_update()->set_need(std::string(need.begin(), need.end()));
        b.mutable_need_update()->set_state(static_cast<v1::NeedState>(2 + rng() % 4));
        b.mutable_need_update()->set_municipality(municipality);
        return b;
    }
    if (pick < 98) {
        v1::Body b = testing::sample_sitrep_body("situatie " + std::to_string(i));
        b.mutable_sitrep()->set_municipality(municipality);
        b.mutable_sitrep()->mutable_entries(0)->set_topic("topic-" + std::to_string(rng() % 12));
        return b;
    }
    if (pick < 99) {
        v1::Body b = testing::sample_announcement_body();
        b.mutable_announcement()->set_audience_area(municipality);
        return b;
    }
    v1::Body b = testing::sample_node_info_body();
    b.mutable_node_info()->set_name("node " + std::to_string(i % 500));
    return b;
}

void print_sitrep_corpus(int messages, int authors, double average_envelope_bytes) {
    std::printf("messages: %d signed sitreps from %d authors, %.0f bytes per envelope on average\n",
                messages, authors, average_envelope_bytes);
}

std::string first_not_stored(std::span<const Verdict> verdicts, std::size_t first) {
    for (std::size_t j = 0; j < verdicts.size(); ++j) {
        if (verdicts[j] && !verdicts[j]->duplicate) continue;
        std::string why = verdicts[j] ? "accepted as a duplicate" : describe(verdicts[j].error());
        return "message " + std::to_string(first + j) + " not stored: " + why;
    }
    return {};
}

const std::filesystem::path& store_base() {
    if (!g_base) g_base.emplace();
    return g_base->path();
}

void remove_store_base() {
    g_base.reset();
}

FreshStore::FreshStore(std::uint64_t quota_bytes) {
    static int counter = 0;
    dir_ = store_base() / ("store-" + std::to_string(counter++));
    StoreOptions options;
    options.dir = dir_;
    options.quota_bytes = quota_bytes;
    auto opened = Store::open(options);
    if (opened) {
        store_ = std::move(opened).value();
    } else {
        error_ = opened.error();
    }
}

FreshStore::~FreshStore() {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

CapturingReporter::CapturingReporter()
    : ConsoleReporter(isatty(STDOUT_FILENO) ? OO_ColorTabular : OO_Tabular) {}

void CapturingReporter::ReportRuns(const std::vector<Run>& runs) {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
        const std::string& name = run.run_name.function_name;
        if (run.error_occurred) {
            errors_.push_back(name + ": " + run.error_message);
            continue;
        }
        std::map<std::string, double> counters;
        for (const auto& [counter, value] : run.counters) counters[counter] = value.value;
        // The same items over this thread's CPU time instead of wall-clock time.
        if (auto rate = counters.find("items_per_second");
            rate != counters.end() && run.cpu_accumulated_time > 0) {
            counters[std::string(kCpuRate)] =
                rate->second * run.real_accumulated_time / run.cpu_accumulated_time;
        }
        counters[std::string(kWallMs)] = to_ms(run.GetAdjustedRealTime(), run.time_unit);
        for (const auto& [counter, value] : counters) {
            if (run.run_type == Run::RT_Iteration) {
                values_[name + "/" + counter].push_back(value);
            } else if (run.aggregate_name == "median") {  // --benchmark_report_aggregates_only
                medians_[name + "/" + counter] = value;
            }
        }
    }
}

std::optional<double> CapturingReporter::value(const std::string& name,
                                               const std::string& counter) const {
    const std::string key = name + "/" + counter;
    if (auto it = values_.find(key); it != values_.end() && !it->second.empty())
        return median(it->second);
    if (auto m = medians_.find(key); m != medians_.end()) return m->second;
    return std::nullopt;
}

std::optional<double> CapturingReporter::rate(const std::string& name) const {
    return value(name, "items_per_second");
}

std::optional<double> CapturingReporter::cpu_rate(const std::string& name) const {
    return value(name, std::string(kCpuRate));
}

std::optional<double> CapturingReporter::ms(const std::string& name) const {
    return value(name, std::string(kWallMs));
}

MachineLoad run_benchmarks(CapturingReporter& reporter) {
    MachineLoad load;
    load.before = load_average();
    benchmark::RunSpecifiedBenchmarks(&reporter);
    load.after = load_average();
    benchmark::Shutdown();
    return load;
}

void print_machine(const MachineLoad& load) {
    const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    std::printf("libsodium %s, %ld online CPUs, load average %.2f before, %.2f after%s\n",
                sodium_version_string(), cpus, load.before, load.after,
                std::max(load.before, load.after) > static_cast<double>(cpus) - 0.5
                    ? " (busy machine: wall-clock figures are noisy)"
                    : "");
}

std::string filesystem_type(const std::filesystem::path& dir, std::string_view optimistic_figures) {
    struct statfs fs {};
    if (::statfs(dir.c_str(), &fs) != 0) return "unknown";
    switch (static_cast<unsigned long>(fs.f_type)) {
        case EXT4_SUPER_MAGIC:
            return "ext2/3/4";
        case TMPFS_MAGIC:
            return "tmpfs (fsync costs nothing here: " + std::string(optimistic_figures) +
                   " are optimistic)";
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

void print_rate(const char* label, std::optional<double> rate, int label_width, int messages) {
    if (!rate) {
        std::printf("  %-*s not measured (filtered out or failed)\n", label_width, label);
    } else if (messages > 0) {
        std::printf("  %-*s %9.0f msg/s  (%7.1f us/msg, %6.2f s for %d)\n", label_width, label,
                    *rate, 1e6 / *rate, messages / *rate, messages);
    } else {
        std::printf("  %-*s %9.0f msg/s  (%7.1f us/msg)\n", label_width, label, *rate, 1e6 / *rate);
    }
}

bool report_failures(const CapturingReporter& reporter) {
    for (const auto& e : reporter.errors()) std::fprintf(stderr, "FAILED: %s\n", e.c_str());
    if (reporter.errors().empty()) {
        for (const auto& f : g_failures) std::fprintf(stderr, "FAILED: %s\n", f.c_str());
    }
    return !g_failures.empty() || !reporter.errors().empty();
}

}  // namespace baken::bench
