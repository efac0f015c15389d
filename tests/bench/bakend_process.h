// Observing a real bakend that a benchmark started: its readiness (the sd_notify datagram), its
// log as it arrives, its API over loopback, its memory as the kernel counts it, and stopping it.
// Every wait is bounded, so that a daemon that hangs fails the benchmark instead of stalling it;
// failures are values (an error text), never exceptions.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace baken::bench {

inline constexpr auto kReadyLimit = std::chrono::seconds(30);    // READY=1, the picture whole
inline constexpr auto kRequestLimit = std::chrono::seconds(30);  // one HTTP answer
inline constexpr auto kStopLimit = std::chrono::seconds(10);     // SIGTERM to exit, then SIGKILL

// Milliseconds since `start` on the steady clock.
double ms_since(std::chrono::steady_clock::time_point start);

// ---------------------------------------------------------------------------------------------
// Memory.

// From /proc/PID/status and /proc/PID/smaps, in KiB; -1 where a field cannot be read.
struct Memory {
    long rss_kib = -1, hwm_kib = -1, anon_kib = -1, file_kib = -1, shmem_kib = -1;
    long store_kib = -1;  // of RssFile: data.mdb's pages (from smaps)
};

Memory memory_of(pid_t pid);

// ---------------------------------------------------------------------------------------------
// The log.

struct LogLine {
    double ms = 0;  // since fork/exec, when this program read it
    std::string text;
};

// Reads the daemon's stderr line by line, noting when each line arrived, until EOF.
class LogReader {
  public:
    // Reads (and closes) `fd`; the times are from `start`.
    LogReader(int fd, std::chrono::steady_clock::time_point start);
    ~LogReader();
    std::vector<LogLine> finish();  // after the daemon exited (the pipe then ends)
    std::string so_far();

  private:
    void read_all(int fd, std::chrono::steady_clock::time_point start);

    std::mutex mutex_;
    std::vector<LogLine> lines_;
    std::thread thread_;
};

// ---------------------------------------------------------------------------------------------
// The API.

struct HttpReply {
    int status = 0;
    std::size_t body_bytes = 0;
};

// A GET over loopback with the API token; bounded by kRequestLimit. Any answer is a reply; when
// it is not 200, `error` says what it was.
std::optional<HttpReply> http_get(const std::string& address, const std::string& target,
                                  const std::string& token, std::string& error);

// http_get, and only a 200 answer counts.
std::optional<HttpReply> http_get_ok(const std::string& address, const std::string& target,
                                     const std::string& token, std::string& error);

// A large store's picture is read after READY; until then its routes answer 503. Polls a small
// part (bounded by kReadyLimit) until it answers 200.
bool wait_picture_whole(const std::string& address, const std::string& token, std::string& error);

// The first line of `file` (api.address, api.token), empty if it cannot be read.
std::string first_line_of(const std::filesystem::path& file);

// ---------------------------------------------------------------------------------------------
// The process.

// Waits (bounded) for READY=1 on `notify`, noticing a daemon that exits first.
bool wait_ready(int notify, pid_t pid, std::string& error);

// SIGTERM, then waits (bounded; SIGKILL after kStopLimit). The exit code, -1 if killed.
int stop(pid_t pid);

}  // namespace baken::bench
