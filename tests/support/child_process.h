// Runs the real bakend and baken programs from tests: start, wait with a time limit, kill.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace baken::testing {

// Paths of the programs under test, set by CMake (BAKEN_BIN_DIR).
std::filesystem::path bakend_path();
std::filesystem::path baken_path();

struct RunResult {
    int exit_code = -1;  // -1 if killed by a signal or timed out
    std::string out;
    std::string err;
};

// Runs a program to completion (killed after `limit`), capturing stdout and stderr.
RunResult run(const std::vector<std::string>& argv,
              std::chrono::seconds limit = std::chrono::seconds(30),
              const std::string& stdin_text = "");

// `baken --data DATA post sitrep --json ...`: a flash sitrep for GM0344 with `text`, the
// command every multi-process test uses to put a message into a node.
std::vector<std::string> post_sitrep_args(const std::filesystem::path& data,
                                          const std::string& text);

// A TCP port on 127.0.0.1 that was free a moment ago (for a daemon that must keep its port,
// e.g. to be dialled again at the same address after a restart).
int free_loopback_port();

// A bakend started in the background on a data directory, on a free loopback port.
class DaemonProcess {
  public:
    DaemonProcess(std::filesystem::path data_dir, std::vector<std::string> extra_args = {});
    // Runs exactly `argv` (for example under `ip netns exec`); it must use `data_dir`.
    struct Command {
        std::vector<std::string> argv;
    };
    DaemonProcess(std::filesystem::path data_dir, Command command);
    ~DaemonProcess();
    DaemonProcess(const DaemonProcess&) = delete;
    DaemonProcess& operator=(const DaemonProcess&) = delete;

    // Waits (bounded) until the daemon has written api.address and answers; false if it died.
    bool wait_ready(std::chrono::seconds limit = std::chrono::seconds(20));
    void kill_hard();         // SIGKILL, then reap
    int stop();               // SIGTERM, wait; returns the exit code (-1 if it had to be killed)
    std::string log() const;  // what it wrote to stderr so far
    // Waits (bounded) until the log holds `text`: a line written after something a test can
    // see (a file, a receipt) may still be on its way when the test looks.
    bool wait_for_log(std::string_view text,
                      std::chrono::milliseconds limit = std::chrono::seconds(10)) const;
    const std::filesystem::path& data_dir() const { return data_dir_; }

  private:
    std::filesystem::path data_dir_;
    std::filesystem::path log_file_;
    pid_t pid_ = -1;
};

}  // namespace baken::testing
