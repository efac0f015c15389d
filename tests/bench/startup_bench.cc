// How long the real bakend takes to be ready, and how much memory it holds, with 100,000
// messages stored (issue 9: "ready in under 300 ms, resident memory under 64 MiB"), against the
// same start on an empty data directory measured in the same run (the ratio is 100k / empty).
//
// Ready is systemd's definition (Type=notify): from fork/exec to the READY=1 datagram that
// bakend sends with sd_notify once it listens; NOTIFY_SOCKET points at a socket this program
// owns. For information also: the first GET /api/v1/status answered (ready + one request) and
// the whole picture served (GET /api/v1/picture), both from fork/exec.
//
// Memory from /proc/PID/status: VmHWM (peak resident) and VmRSS, split into RssAnon (heap and
// stacks) and RssFile (mapped files: the binary, its libraries and the LMDB store, whose pages
// are clean and reclaimable), and from /proc/PID/smaps how much of RssFile is the store's
// data.mdb. The memory target is judged on VmHWM, the strict reading: the peak of all resident
// pages, file pages included.
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
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bench_support.h"
#include "common/clock.h"
#include "message/envelope_codec.h"
#include "support/sample_messages.h"

extern char** environ;

namespace baken {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kFixtureVersion = 1;  // bump when the generator below changes
constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;
constexpr std::int64_t kFixtureMaxAgeMs = 7 * kDayMs;
constexpr std::int64_t kMessageLifetimeMs = 30 * kDayMs;
constexpr std::int64_t kSpreadMs = 10LL * 3600 * 1000;  // when the messages were created
constexpr int kAuthors = 500;
constexpr std::size_t kBatch = 1000;
constexpr double kTargetReadyMs = 300;
constexpr double kTargetMemoryMiB = 64;
constexpr auto kReadyLimit = std::chrono::seconds(30);
constexpr auto kRequestLimit = std::chrono::seconds(30);
constexpr auto kStopLimit = std::chrono::seconds(10);

std::vector<std::string> g_failures;

void failure(const std::string& what) {
    if (g_failures.size() < 20) g_failures.push_back(what);
}

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
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
// The data directory with many messages, generated once and kept.

struct Fixture {
    fs::path data;  // the data directory to copy
    int messages = 0;
    double average_envelope_bytes = 0;
    std::int64_t created_ms = 0;
    bool generated_now = false;
    double sign_s = 0, store_s = 0;  // when generated now
};

std::optional<Fixture> read_stamp(const fs::path& dir) {
    std::ifstream in(dir / "fixture.stamp");
    Fixture f;
    int version = 0;
    std::string key;
    while (in >> key) {
        if (key == "version") in >> version;
        if (key == "messages") in >> f.messages;
        if (key == "created_ms") in >> f.created_ms;
        if (key == "average_envelope_bytes") in >> f.average_envelope_bytes;
    }
    if (version != kFixtureVersion || f.created_ms == 0) return std::nullopt;
    f.data = dir / "data";
    return f;
}

// Signs options.messages messages of the mix, stores them through the ValidationPath in
// batches and writes the stamp; into `dir`.partial first, so an interrupted run leaves no
// half-made fixture behind.
std::optional<Fixture> generate_fixture(const fs::path& dir, int messages) {
    const fs::path partial = dir.string() + ".partial";
    std::error_code ec;
    fs::remove_all(partial, ec);
    fs::create_directories(partial / "data", ec);
    if (ec) {
        failure("cannot create " + partial.string() + ": " + ec.message());
        return std::nullopt;
    }
    if (auto key = Identity::load_or_create(partial / "data"); !key) {
        failure("node key: " + key.error());
        return std::nullopt;
    }
    SystemClock clock;
    Fixture f;
    f.messages = messages;
    f.created_ms = clock.now_ms();
    f.generated_now = true;

    std::fprintf(stderr, "startup_bench: signing %d messages for the fixture...\n", messages);
    auto started = Clock::now();
    std::mt19937 rng(2026);
    std::vector<Identity> authors;
    for (int i = 0; i < kAuthors; ++i) authors.push_back(Identity::generate());
    std::vector<MessageId> needs;
    std::vector<std::string> envelopes;
    envelopes.reserve(static_cast<std::size_t>(messages));
    std::size_t total_bytes = 0;
    for (int i = 0; i < messages; ++i) {
        // Over the last 10 hours, one after the other: the same author's identical bodies
        // (announcements, node infos) would otherwise meet at the same millisecond now and
        // then, and be one message.
        const std::int64_t created = f.created_ms - (messages - i) * (kSpreadMs / messages);
        v1::Message m =
            testing::sample_message(bench::mixed_body(i, rng, needs), v1::ROUTINE, created);
        m.set_expires_ms(created + kMessageLifetimeMs);
        DecodedMessage d =
            sign_message(authors[static_cast<std::size_t>(i) % authors.size()], std::move(m));
        if (d.message.body().has_need()) needs.push_back(d.id);
        total_bytes += d.envelope_bytes.size();
        envelopes.push_back(std::move(d.envelope_bytes));
    }
    f.average_envelope_bytes = static_cast<double>(total_bytes) / messages;
    f.sign_s = ms_since(started) / 1000;

    std::fprintf(stderr, "startup_bench: storing them...\n");
    started = Clock::now();
    {
        StoreOptions store_options;
        store_options.dir = partial / "data" / "store";
        auto store = Store::open(store_options);
        if (!store) {
            failure("cannot open the fixture's store: " + store.error());
            return std::nullopt;
        }
        ValidationPath path(**store, clock);
        std::vector<ByteView> views;
        for (const std::string& e : envelopes) views.push_back(as_bytes(e));
        for (std::size_t next = 0; next < views.size(); next += kBatch) {
            const std::size_t n = std::min(kBatch, views.size() - next);
            auto verdicts = path.submit_batch(std::span<const ByteView>(views).subspan(next, n));
            if (std::string why = bench::first_not_stored(verdicts, next); !why.empty()) {
                failure("fixture: " + why);
                return std::nullopt;
            }
        }
        if ((*store)->stats().message_count != static_cast<std::uint64_t>(messages)) {
            failure("fixture: the store holds " + std::to_string((*store)->stats().message_count) +
                    " messages");
            return std::nullopt;
        }
    }
    f.store_s = ms_since(started) / 1000;

    std::ofstream(partial / "fixture.stamp")
        << "version " << kFixtureVersion << "\nmessages " << messages << "\ncreated_ms "
        << f.created_ms << "\naverage_envelope_bytes " << f.average_envelope_bytes << "\n";
    fs::remove_all(dir, ec);
    fs::rename(partial, dir, ec);
    if (ec) {
        failure("cannot rename the fixture into place: " + ec.message());
        return std::nullopt;
    }
    f.data = dir / "data";
    return f;
}

// The kept fixture if it is of this version and young enough that no message comes near its
// expiry; otherwise a new one.
std::optional<Fixture> fixture(const Options& options) {
    const fs::path dir = options.fixtures / ("v" + std::to_string(kFixtureVersion) + "-" +
                                             std::to_string(options.messages));
    auto kept = read_stamp(dir);
    const std::int64_t now = SystemClock().now_ms();
    if (kept && kept->messages == options.messages && now - kept->created_ms < kFixtureMaxAgeMs)
        return kept;
    return generate_fixture(dir, options.messages);
}

// ---------------------------------------------------------------------------------------------
// One start of bakend: the process, its notify socket, its log and its memory.

struct Memory {
    long rss_kib = -1, hwm_kib = -1, anon_kib = -1, file_kib = -1, shmem_kib = -1;
    long store_kib = -1;  // of RssFile: data.mdb's pages (from smaps)
};

long status_field(const std::string& status, std::string_view name) {
    auto at = status.find(std::string("\n") + std::string(name) + ":");
    if (at == std::string::npos) return -1;
    return std::strtol(status.c_str() + at + name.size() + 2, nullptr, 10);
}

Memory memory_of(pid_t pid) {
    Memory m;
    std::ostringstream text;
    text << "\n" << std::ifstream("/proc/" + std::to_string(pid) + "/status").rdbuf();
    const std::string status = text.str();
    m.rss_kib = status_field(status, "VmRSS");
    m.hwm_kib = status_field(status, "VmHWM");
    m.anon_kib = status_field(status, "RssAnon");
    m.file_kib = status_field(status, "RssFile");
    m.shmem_kib = status_field(status, "RssShmem");
    std::ifstream smaps("/proc/" + std::to_string(pid) + "/smaps");
    std::string line;
    bool in_store = false;
    m.store_kib = 0;
    while (std::getline(smaps, line)) {
        if (!line.empty() && std::isxdigit(static_cast<unsigned char>(line[0])) &&
            line.find('-') < line.find(' ')) {
            in_store = line.ends_with("/data.mdb");  // a mapping's header line
        } else if (in_store && line.starts_with("Rss:")) {
            m.store_kib += std::strtol(line.c_str() + 4, nullptr, 10);
        }
    }
    return m;
}

struct LogLine {
    double ms = 0;  // since fork/exec, when this program read it
    std::string text;
};

struct Start {
    double ready_ms = 0;
    double status_ms = 0;   // the first GET /api/v1/status answered
    double picture_ms = 0;  // GET /api/v1/picture answered
    std::size_t picture_bytes = 0;
    Memory at_ready;       // after READY and the status request
    Memory after_picture;  // after the whole picture was served
    std::vector<LogLine> log;
};

// Reads the daemon's stderr line by line, noting when each line arrived, until EOF.
class LogReader {
  public:
    LogReader(int fd, Clock::time_point start)
        : thread_([this, fd, start] { read_all(fd, start); }) {}
    ~LogReader() {
        if (thread_.joinable()) thread_.join();
    }
    std::vector<LogLine> finish() {  // after the daemon exited (the pipe then ends)
        thread_.join();
        return lines_;
    }
    std::string so_far() {
        std::lock_guard lock(mutex_);
        std::string out;
        for (const LogLine& l : lines_) out += "    " + l.text + "\n";
        return out;
    }

  private:
    void read_all(int fd, Clock::time_point start) {
        std::string pending;
        char buf[4096];
        for (;;) {
            ssize_t n = ::read(fd, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            const double at = ms_since(start);
            pending.append(buf, static_cast<std::size_t>(n));
            for (auto nl = pending.find('\n'); nl != std::string::npos; nl = pending.find('\n')) {
                std::lock_guard lock(mutex_);
                lines_.push_back({at, pending.substr(0, nl)});
                pending.erase(0, nl + 1);
            }
        }
        ::close(fd);
    }

    std::mutex mutex_;
    std::vector<LogLine> lines_;
    std::thread thread_;
};

struct HttpReply {
    int status = 0;
    std::size_t body_bytes = 0;
};

// A GET over loopback with the API token; bounded by kRequestLimit.
std::optional<HttpReply> http_get(const std::string& address, const std::string& target,
                                  const std::string& token, std::string& error) {
    auto colon = address.rfind(':');
    if (colon == std::string::npos) {
        error = "bad api.address \"" + address + "\"";
        return std::nullopt;
    }
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(static_cast<std::uint16_t>(std::atoi(address.c_str() + colon + 1)));
    if (inet_pton(AF_INET, address.substr(0, colon).c_str(), &to.sin_addr) != 1 ||
        (ntohl(to.sin_addr.s_addr) >> 24) != 127) {
        error = "not a loopback address: \"" + address + "\"";
        return std::nullopt;
    }
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
        error = "cannot connect to " + address + ": " + std::strerror(errno);
        if (fd >= 0) ::close(fd);
        return std::nullopt;
    }
    const std::string request = "GET " + target + " HTTP/1.1\r\nHost: " + address +
                                "\r\nAuthorization: Bearer " + token +
                                "\r\nConnection: close\r\n\r\n";
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
        static_cast<ssize_t>(request.size())) {
        error = std::string("cannot send the request: ") + std::strerror(errno);
        ::close(fd);
        return std::nullopt;
    }
    std::string reply;
    const auto deadline = Clock::now() + kRequestLimit;
    std::optional<std::size_t> expected;  // header + Content-Length, once the header is in
    char buf[65536];
    while (!expected || reply.size() < *expected) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        pollfd p{fd, POLLIN, 0};
        if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
            error = "no complete answer to GET " + target + " within the limit";
            ::close(fd);
            return std::nullopt;
        }
        ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;  // closed: the answer is what came
        reply.append(buf, static_cast<std::size_t>(n));
        if (auto end = reply.find("\r\n\r\n"); !expected && end != std::string::npos) {
            std::string header = reply.substr(0, end);
            std::transform(header.begin(), header.end(), header.begin(),
                           [](unsigned char c) { return std::tolower(c); });
            if (auto cl = header.find("\ncontent-length:"); cl != std::string::npos)
                expected = end + 4 + std::strtoull(header.c_str() + cl + 16, nullptr, 10);
        }
    }
    ::close(fd);
    HttpReply out;
    if (reply.starts_with("HTTP/1.1 ")) out.status = std::atoi(reply.c_str() + 9);
    auto end = reply.find("\r\n\r\n");
    out.body_bytes = end == std::string::npos ? 0 : reply.size() - end - 4;
    if (out.status != 200) {
        error = "GET " + target + " answered \"" + reply.substr(0, reply.find('\r')) + "\"";
        return std::nullopt;
    }
    return out;
}

std::string first_line_of(const fs::path& file) {
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    return line;
}

// Waits (bounded) for READY=1 on `notify`, noticing a daemon that exits first.
bool wait_ready(int notify, pid_t pid, std::string& error) {
    const auto deadline = Clock::now() + kReadyLimit;
    while (Clock::now() < deadline) {
        pollfd p{notify, POLLIN, 0};
        if (::poll(&p, 1, 20) > 0) {
            char buf[4096];
            ssize_t n = ::recv(notify, buf, sizeof buf - 1, 0);
            if (n > 0 && std::string_view(buf, static_cast<std::size_t>(n)).find("READY=1") !=
                             std::string_view::npos)
                return true;
            continue;
        }
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) {
            error = "bakend exited before READY=1 (status " + std::to_string(status) + ")";
            return false;
        }
    }
    error = "no READY=1 within " + std::to_string(kReadyLimit.count()) + " s";
    return false;
}

// SIGTERM, then waits (bounded; SIGKILL after kStopLimit). The exit code, -1 if killed.
int stop(pid_t pid) {
    ::kill(pid, SIGTERM);
    const auto deadline = Clock::now() + kStopLimit;
    int status = 0;
    while (::waitpid(pid, &status, WNOHANG) == 0) {
        if (Clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            return -1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

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
        auto status = http_get(address, "/api/v1/status", token, error);
        s.status_ms = ms_since(started);
        ok = status.has_value();
    }
    if (ok) {
        s.at_ready = memory_of(pid);
        auto picture = http_get(address, "/api/v1/picture", token, error);
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
        f.messages, kAuthors, f.average_envelope_bytes,
        static_cast<double>(fs::file_size(f.data / "store" / "data.mdb")) / (1 << 20),
        bench::filesystem_type(f.data).c_str());
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
    bench::print_machine({load_before, load_average()});
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
        "GET /api/v1/picture answered", empty, full, [](const Start& s) { return s.picture_ms; },
        "ms");
    print_row(
        "  picture served (body)", empty, full,
        [](const Start& s) { return static_cast<double>(s.picture_bytes) / 1024; }, "KiB");
    std::printf(" where the time to ready goes (when the daemon's log lines arrived):\n");
    print_row(
        "store opened ('trust:' line)", empty, full,
        [](const Start& s) { return line_ms(s, "trust: "); }, "ms");
    print_row(
        "picture loaded ('picture:' line)", empty, full,
        [](const Start& s) { return line_ms(s, "picture: "); }, "ms");
    print_row("  picture load, the daemon's own figure", empty, full, picture_load_ms, "ms");
    // The log line itself takes the picture's digest, after the daemon's figure was taken.
    print_row(
        "  rest: digest for that line (derived)", empty, full,
        [](const Start& s) {
            return line_ms(s, "picture: ") - line_ms(s, "trust: ") - picture_load_ms(s);
        },
        "ms");
    print_row(
        "'ready:' line logged", empty, full,
        [](const Start& s) { return line_ms(s, "bakend: ready"); }, "ms");
    print_memory_rows(empty, full, "after READY and one status request", &Start::at_ready);
    print_memory_rows(empty, full, "after the whole picture was served", &Start::after_picture);

    if (full.first)
        std::printf(
            "first start of the 100k copy (creates api.token, posts the node info): ready "
            "%.1f ms\n",
            full.first->ready_ms);
    if (full.cold)
        std::printf(
            "cold store (data.mdb dropped from the page cache, binary cached): ready %.1f ms, "
            "picture loaded %.0f ms by the daemon's figure, VmHWM %.1f MiB\n",
            full.cold->ready_ms, picture_load_ms(*full.cold),
            mib(full.cold->after_picture.hwm_kib));
    if (!full.starts.empty()) {
        std::printf("log of the last measured 100k start (arrival times):\n");
        print_log(full.starts.back());
    }

    auto ready = spread(full.starts, [](const Start& s) { return s.ready_ms; });
    auto hwm = spread(full.starts, [](const Start& s) { return mib(s.after_picture.hwm_kib); });
    auto anon = spread(full.starts, [](const Start& s) { return mib(s.after_picture.anon_kib); });
    if (ready)
        std::printf("ready with %d messages: %.1f ms median (target < %.0f ms) %s\n", f.messages,
                    ready->median, kTargetReadyMs,
                    ready->median < kTargetReadyMs ? "PASS" : "MISS");
    if (hwm && anon)
        std::printf(
            "resident memory with %d messages: VmHWM %.1f MiB, the largest of the runs, after "
            "the picture was served (target < %.0f MiB, judged on VmHWM: all resident pages, "
            "file pages included) %s; RssAnon alone %.1f MiB\n",
            f.messages, hwm->max, kTargetMemoryMiB, hwm->max < kTargetMemoryMiB ? "PASS" : "MISS",
            anon->max);
}

}  // namespace
}  // namespace baken

int main(int argc, char** argv) {
    using namespace baken;
    Options options;
    if (!parse(argc, argv, options)) return 2;
    const double load_before = load_average();
    if (!fs::exists(options.bakend)) {
        std::fprintf(stderr, "FAILED: no bakend at %s\n", options.bakend.c_str());
        return 1;
    }
    auto f = fixture(options);
    if (f) {
        const fs::path base = bench::store_base();
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
    bench::remove_store_base();
    for (const std::string& what : g_failures) std::fprintf(stderr, "FAILED: %s\n", what.c_str());
    return g_failures.empty() ? 0 : 1;
}
