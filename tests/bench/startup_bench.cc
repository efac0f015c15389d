// How long the real bakend takes to be ready, and how much memory it holds, with 100,000
// messages stored (issue 9: "ready in under 300 ms, resident memory under 64 MiB"), against the
// same start on an empty data directory measured in the same run (the ratio is 100k / empty).
//
// Ready is systemd's definition (Type=notify): from fork/exec to the READY=1 datagram that
// bakend sends with sd_notify once it listens; NOTIFY_SOCKET points at a socket this program
// owns. A store larger than one slice has its picture read after READY (picture_loader.h;
// peers and the API are served meanwhile, the picture routes answer 503), so this also prints
// when the picture is whole: its routes first answer 200. For information: the first GET
// /api/v1/status answered and the whole picture served in one answer (GET /api/v1/picture).
//
// Memory from /proc/PID/status: VmHWM (peak resident) and VmRSS, split into RssAnon (heap and
// stacks) and RssFile (mapped files: the binary, its libraries and the LMDB store, whose pages
// are clean and reclaimable), and from /proc/PID/smaps how much of RssFile is the store's
// data.mdb. The memory target is judged on VmHWM once the picture is whole: the peak of all
// resident pages through start-up and the load, file pages included. Serving the whole
// picture of 100,000 messages in one answer (about 29 MiB of JSON) costs more; that is printed,
// not judged: a page reads the parts it shows.
//
// The 100k data directory: picture_bench's mix (statuses, needs, need updates, sitreps,
// announcements, node infos; about 300 bytes each) from 500 authors, created over the last 10
// hours (in the order they are stored) and living 30 days, stored through the ValidationPath as a
// peer's batches would be. Generating it takes a while, so it is kept in the build directory
// (startup-fixture/, keyed by kFixtureVersion and the message count) and reused for a week; each
// run works on a copy, since bakend writes to its data directory (api.token, api.address, its node
// info).
//
// Every data directory gets one unmeasured start first (it creates api.token and posts the
// node info; the page cache then holds the binary and the store as on any later start), then
// --runs measured starts. One more start after dropping data.mdb from the page cache
// (posix_fadvise DONTNEED, this file only) shows a cold store, for information.
//
// Usage: startup_bench [--runs=N] [--messages=N] [--bakend=PATH] [--fixtures=DIR] [--timeline]
//   --timeline  also prints one 100k start's log lines at level debug with the time each line
//               arrived (the daemon's own log timestamps have whole seconds only)
// --benchmark_* flags (what run-benchmarks.sh passes) are accepted and ignored. The exit status
// is 1 only when something fails functionally (bakend does not start, answer or stop cleanly,
// a message is not stored); the figures are printed, never asserted.
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bakend_process.h"
#include "bench_support.h"
#include "common/clock.h"
#include "startup_fixture.h"

extern char** environ;

namespace baken::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr double kTargetReadyMs = 300;
constexpr double kTargetMemoryMiB = 64;

std::vector<std::string> g_failures;

void failure(const std::string& what) {
    if (g_failures.size() < 20) g_failures.push_back(what);
}

struct Options {
    int runs = 5;
    int messages = 100'000;
    fs::path bakend = BAKEN_BAKEND_PATH;
    fs::path fixtures = BAKEN_STARTUP_FIXTURE_DIR;
    bool timeline = false;
};

bool parse(int argc, char** argv, Options& options) {
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (arg.starts_with("--benchmark_")) continue;  // see the header comment
        if (arg.starts_with("--runs=")) {
            options.runs = std::clamp(std::atoi(argv[i] + 7), 1, 50);
        } else if (arg.starts_with("--messages=")) {
            options.messages = std::clamp(std::atoi(argv[i] + 11), 1, 1'000'000);
        } else if (arg.starts_with("--bakend=")) {
            options.bakend = argv[i] + 9;
        } else if (arg.starts_with("--fixtures=")) {
            options.fixtures = argv[i] + 11;
        } else if (arg == "--timeline") {
            options.timeline = true;
        } else {
            std::fprintf(stderr,
                         "usage: startup_bench [--runs=N] [--messages=N] [--bakend=PATH] "
                         "[--fixtures=DIR] [--timeline]\n");
            return false;
        }
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// One start of bakend: the process, its notify socket, and what is measured (bakend_process.h).

struct Start {
    double ready_ms = 0;
    double status_ms = 0;   // the first GET /api/v1/status answered
    double whole_ms = 0;    // the picture first answered (it is read after READY)
    double picture_ms = 0;  // GET /api/v1/picture answered
    std::size_t picture_bytes = 0;
    Memory at_ready;       // after READY and the status request
    Memory at_whole;       // once the picture answered
    Memory after_picture;  // after the whole picture was served
    std::vector<LogLine> log;
};

// Starts bakend on `data` (loopback ports, no discovery; `config` if not empty), measures, stops.
std::optional<Start> start_once(const Options& options, const fs::path& data,
                                const fs::path& config = {}) {
    const fs::path socket_path = data.parent_path() / "notify.sock";
    std::error_code ec;
    fs::remove(socket_path, ec);
    int notify = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (socket_path.string().size() >= sizeof addr.sun_path) {
        failure("notify socket path too long: " + socket_path.string());
        return std::nullopt;
    }
    std::strcpy(addr.sun_path, socket_path.c_str());
    if (notify < 0 || ::bind(notify, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        failure(std::string("cannot bind the notify socket: ") + std::strerror(errno));
        if (notify >= 0) ::close(notify);
        return std::nullopt;
    }
    int log_pipe[2];
    if (::pipe2(log_pipe, O_CLOEXEC) != 0) {
        failure(std::string("pipe: ") + std::strerror(errno));
        ::close(notify);
        return std::nullopt;
    }

    // Everything the child needs is made before fork (only async-signal-safe calls after it).
    std::vector<std::string> args = {
        options.bakend.string(), "--data",        data.string(), "--listen",
        "127.0.0.1:0",           "--sync-listen", "127.0.0.1:0", "--no-discovery"};
    if (!config.empty()) args.insert(args.end(), {"--config", config.string()});
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_strings = {"NOTIFY_SOCKET=" + socket_path.string()};
    for (char** e = environ; *e; ++e)
        if (!std::string_view(*e).starts_with("NOTIFY_SOCKET=")) env_strings.emplace_back(*e);
    std::vector<char*> envp;
    for (std::string& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);
    int devnull = ::open("/dev/null", O_RDWR | O_CLOEXEC);

    const auto started = Clock::now();
    pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(devnull, STDIN_FILENO);
        ::dup2(devnull, STDOUT_FILENO);
        ::dup2(log_pipe[1], STDERR_FILENO);
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    ::close(log_pipe[1]);
    ::close(devnull);
    if (pid < 0) {
        failure(std::string("fork: ") + std::strerror(errno));
        ::close(log_pipe[0]);
        ::close(notify);
        return std::nullopt;
    }
    LogReader log(log_pipe[0], started);
    Start s;
    std::string error;
    bool ok = wait_ready(notify, pid, error);
    s.ready_ms = ms_since(started);
    ::close(notify);
    fs::remove(socket_path, ec);
    const std::string address = first_line_of(data / "api.address");
    const std::string token = first_line_of(data / "api.token");
    if (ok) {
        auto status = http_get_ok(address, "/api/v1/status", token, error);
        s.status_ms = ms_since(started);
        ok = status.has_value();
    }
    if (ok) {
        s.at_ready = memory_of(pid);
        ok = wait_picture_whole(address, token, error);
        s.whole_ms = ms_since(started);
        s.at_whole = memory_of(pid);
    }
    if (ok) {
        auto picture = http_get_ok(address, "/api/v1/picture", token, error);
        s.picture_ms = ms_since(started);
        ok = picture.has_value();
        if (ok) s.picture_bytes = picture->body_bytes;
        s.after_picture = memory_of(pid);
    }
    int code = 0;
    {
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == 0) code = stop(pid);
    }
    if (ok && code != 0) {
        ok = false;
        error = "bakend did not stop cleanly (exit code " + std::to_string(code) + ")";
    }
    if (!ok) {
        failure("start on " + data.filename().string() + ": " + error + "; its log:\n" +
                log.so_far());
        return std::nullopt;
    }
    s.log = log.finish();
    return s;
}

// Drops data.mdb's pages from the page cache (nothing maps it between starts), so that the next
// start reads the store from the disk; the binary and libraries stay cached.
bool drop_store_from_cache(const fs::path& data) {
    int fd = ::open((data / "store" / "data.mdb").c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    ::fdatasync(fd);
    bool ok = ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0;
    ::close(fd);
    return ok;
}

// ---------------------------------------------------------------------------------------------
// The runs and the summary.

struct Series {
    std::vector<Start> starts;   // the measured ones
    std::optional<Start> first;  // the unmeasured first start
    std::optional<Start> cold;   // after dropping the store from the page cache
};

Series run_series(const Options& options, const fs::path& data) {
    Series series;
    series.first = start_once(options, data);
    if (!series.first) return series;
    for (int i = 0; i < options.runs; ++i) {
        auto s = start_once(options, data);
        if (!s) return series;
        series.starts.push_back(std::move(*s));
    }
    if (drop_store_from_cache(data)) series.cold = start_once(options, data);
    return series;
}

struct Spread {
    double min = 0, median = 0, max = 0;
};

template <typename Field>
std::optional<Spread> spread(const std::vector<Start>& starts, Field field) {
    if (starts.empty()) return std::nullopt;
    std::vector<double> v;
    for (const Start& s : starts) v.push_back(field(s));
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return Spread{v.front(), n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2, v.back()};
}

std::string text_of(const std::optional<Spread>& s, const char* unit, double scale = 1) {
    if (!s) return "not measured";
    char buf[96];
    std::snprintf(buf, sizeof buf, "%7.1f %-3s (%.1f .. %.1f)", s->median * scale, unit,
                  s->min * scale, s->max * scale);
    return buf;
}

constexpr int kLabelWidth = 40;

template <typename Field>
void print_row(const char* label, const Series& empty, const Series& full, Field field,
               const char* unit, double scale = 1) {
    auto e = spread(empty.starts, field);
    auto f = spread(full.starts, field);
    std::printf("  %-*s %-28s %-28s", kLabelWidth, label, text_of(e, unit, scale).c_str(),
                text_of(f, unit, scale).c_str());
    if (e && f && e->median > 0) std::printf(" %6.2fx", f->median / e->median);
    std::printf("\n");
}

double mib(long kib) {
    return static_cast<double>(kib) / 1024;
}

// The daemon's own measurement: "picture: N messages in the picture in X ms".
double picture_load_ms(const Start& s) {
    for (const LogLine& l : s.log) {
        auto at = l.text.find(" messages in the picture in ");
        if (at != std::string::npos) return std::atof(l.text.c_str() + at + 28);
    }
    return -1;
}

// When the log line containing `marker` arrived (ms since fork/exec), -1 if none did.
double line_ms(const Start& s, std::string_view marker) {
    for (const LogLine& l : s.log)
        if (l.text.find(marker) != std::string::npos) return l.ms;
    return -1;
}

void print_log(const Start& s) {
    for (const LogLine& l : s.log) std::printf("    %8.1f ms  %s\n", l.ms, l.text.c_str());
}

double load_average() {
    double load = -1;
    std::ifstream("/proc/loadavg") >> load;
    return load;
}

void print_memory_rows(const Series& empty, const Series& full, const char* when,
                       Memory Start::*at) {
    std::printf(" memory %s:\n", when);
    auto row = [&](const char* label, long Memory::*field) {
        print_row(
            label, empty, full, [&](const Start& s) { return mib((s.*at).*field); }, "MiB");
    };
    row("VmHWM (peak resident)", &Memory::hwm_kib);
    row("VmRSS (resident now)", &Memory::rss_kib);
    row("  RssAnon (heap, stacks)", &Memory::anon_kib);
    row("  RssFile (binary, libraries, store)", &Memory::file_kib);
    row("    of it data.mdb (LMDB map)", &Memory::store_kib);
    row("  RssShmem", &Memory::shmem_kib);
}

void print_summary(const Options& options, const Fixture& f, const Series& empty,
                   const Series& full, double load_before) {
    std::printf("\n== Baken startup benchmark (the real bakend, wall-clock) ==\n");
    std::printf("bakend: %s\n", options.bakend.c_str());
    std::printf(
        "100k data directory: %d messages of the picture's mix from %d authors, %.0f bytes per "
        "envelope on average, data.mdb %.1f MiB on %s\n",
        f.messages, kFixtureAuthors, f.average_envelope_bytes,
        static_cast<double>(fs::file_size(f.data / "store" / "data.mdb")) / (1 << 20),
        filesystem_type(f.data).c_str());
    if (f.generated_now) {
        std::printf(
            "  generated in this run: signing %.1f s, storing through the validation "
            "path %.1f s (kept in %s for a week)\n",
            f.sign_s, f.store_s, f.data.parent_path().c_str());
    } else {
        std::printf("  kept from an earlier run (%.1f hours old): %s\n",
                    static_cast<double>(SystemClock().now_ms() - f.created_ms) / 3.6e6,
                    f.data.parent_path().c_str());
    }
    print_machine({load_before, load_average()});
    std::printf(
        "%d measured starts per data directory after one unmeasured first start; median "
        "(min .. max); times from fork/exec\n",
        options.runs);
    std::printf("  %-*s %-28s %-28s %s\n", kLabelWidth, "", "empty (baseline)", "100k messages",
                "100k/empty");
    print_row(
        "ready (READY=1 received)", empty, full, [](const Start& s) { return s.ready_ms; }, "ms");
    print_row(
        "first GET /api/v1/status answered", empty, full,
        [](const Start& s) { return s.status_ms; }, "ms");
    print_row(
        "picture whole (its routes answer)", empty, full, [](const Start& s) { return s.whole_ms; },
        "ms");
    print_row(
        "GET /api/v1/picture answered", empty, full, [](const Start& s) { return s.picture_ms; },
        "ms");
    print_row(
        "  picture served (body)", empty, full,
        [](const Start& s) { return static_cast<double>(s.picture_bytes) / 1024; }, "KiB");
    std::printf(" where the time goes (when the daemon's log lines arrived):\n");
    print_row(
        "store opened ('trust:' line)", empty, full,
        [](const Start& s) { return line_ms(s, "trust: "); }, "ms");
    print_row(
        "'ready:' line logged", empty, full,
        [](const Start& s) { return line_ms(s, "bakend: ready"); }, "ms");
    print_row(
        "picture loaded ('picture:' line)", empty, full,
        [](const Start& s) { return line_ms(s, "picture: "); }, "ms");
    print_row("  picture load, the daemon's own figure", empty, full, picture_load_ms, "ms");
    print_memory_rows(empty, full, "after READY and one status request", &Start::at_ready);
    print_memory_rows(empty, full, "once the picture is whole (the judged figure)",
                      &Start::at_whole);
    print_memory_rows(empty, full, "after the whole picture was served in one answer",
                      &Start::after_picture);

    if (full.first)
        std::printf(
            "first start of the 100k copy (creates api.token, posts the node info): ready "
            "%.1f ms\n",
            full.first->ready_ms);
    if (full.cold)
        std::printf(
            "cold store (data.mdb dropped from the page cache, binary cached): ready %.1f ms, "
            "picture whole %.1f ms, VmHWM %.1f MiB once whole\n",
            full.cold->ready_ms, full.cold->whole_ms, mib(full.cold->at_whole.hwm_kib));
    if (!full.starts.empty()) {
        std::printf("log of the last measured 100k start (arrival times):\n");
        print_log(full.starts.back());
    }

    auto ready = spread(full.starts, [](const Start& s) { return s.ready_ms; });
    auto hwm = spread(full.starts, [](const Start& s) { return mib(s.at_whole.hwm_kib); });
    auto anon = spread(full.starts, [](const Start& s) { return mib(s.at_whole.anon_kib); });
    auto whole = spread(full.starts, [](const Start& s) { return s.whole_ms; });
    if (ready)
        std::printf("ready with %d messages: %.1f ms median (target < %.0f ms) %s\n", f.messages,
                    ready->median, kTargetReadyMs,
                    ready->median < kTargetReadyMs ? "PASS" : "MISS");
    if (whole)
        std::printf(
            "picture whole with %d messages: %.1f ms median after fork/exec (read after "
            "READY, a slice per turn of the event loop)\n",
            f.messages, whole->median);
    if (hwm && anon)
        std::printf(
            "resident memory with %d messages: VmHWM %.1f MiB, the largest of the runs, once the "
            "picture is whole (target < %.0f MiB, judged on VmHWM: the peak of all resident "
            "pages through start-up and the load, file pages included) %s; RssAnon alone %.1f "
            "MiB\n",
            f.messages, hwm->max, kTargetMemoryMiB, hwm->max < kTargetMemoryMiB ? "PASS" : "MISS",
            anon->max);
}

}  // namespace
}  // namespace baken::bench

int main(int argc, char** argv) {
    using namespace baken::bench;
    Options options;
    if (!parse(argc, argv, options)) return 2;
    const double load_before = load_average();
    if (!fs::exists(options.bakend)) {
        std::fprintf(stderr, "FAILED: no bakend at %s\n", options.bakend.c_str());
        return 1;
    }
    std::string fixture_error;
    auto f = fixture(options.fixtures, options.messages, fixture_error);
    if (!f) failure(fixture_error);
    if (f) {
        const fs::path base = store_base();
        const fs::path full_dir = base / "full" / "data";
        const fs::path empty_dir = base / "empty" / "data";
        std::error_code ec;
        fs::create_directories(full_dir.parent_path(), ec);
        fs::create_directories(empty_dir, ec);
        fs::copy(f->data, full_dir, fs::copy_options::recursive, ec);
        if (ec) failure("cannot copy the fixture: " + ec.message());
        if (!ec) {
            std::fprintf(stderr, "startup_bench: starting bakend %d+2 times per directory...\n",
                         options.runs);
            Series empty = run_series(options, empty_dir);
            Series full = run_series(options, full_dir);
            print_summary(options, *f, empty, full, load_before);
            if (options.timeline) {
                const fs::path config = base / "debug.toml";
                std::ofstream(config) << "[log]\nlevel = \"debug\"\n";
                if (auto s = start_once(options, full_dir, config)) {
                    std::printf("log of a 100k start at level debug (arrival times):\n");
                    print_log(*s);
                }
            }
        }
    }
    remove_store_base();
    for (const std::string& what : g_failures) std::fprintf(stderr, "FAILED: %s\n", what.c_str());
    return g_failures.empty() ? 0 : 1;
}
