// See child_process.h. posix_spawn with output redirected to files: no pipes to drain, so a
// chatty child can never block the test.
#include "support/child_process.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "support/temp_dir.h"

extern char** environ;

namespace baken::testing {

int free_loopback_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}
namespace fs = std::filesystem;
using namespace std::chrono_literals;

fs::path bakend_path() {
    return fs::path(BAKEN_BIN_DIR) / "bakend";
}
fs::path baken_path() {
    return fs::path(BAKEN_BIN_DIR) / "baken";
}

namespace {

std::string read_file(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

pid_t spawn(const std::vector<std::string>& argv, const fs::path& in, const fs::path& out,
            const fs::path& err) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, in.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = -1;
    if (posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ) != 0) pid = -1;
    posix_spawn_file_actions_destroy(&actions);
    return pid;
}

// Waits for `pid` up to `limit`; kills it after that. Returns the exit code or -1.
int wait_for(pid_t pid, std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    int status = 0;
    while (::waitpid(pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            return -1;
        }
        std::this_thread::sleep_for(10ms);
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// One directory for the captured output of every run() in this test process.
fs::path scratch_dir() {
    static const TempDir dir;
    return dir.path();
}

}  // namespace

std::vector<std::string> post_sitrep_args(const fs::path& data, const std::string& text) {
    return {baken_path().string(),
            "--data",
            data.string(),
            "post",
            "sitrep",
            "--json",
            "--municipality",
            "GM0344",
            "--area",
            "Overvecht",
            "--phase",
            "warm-under-72h",
            "--pillar",
            "vital-services",
            "--topic",
            "power",
            "--severity",
            "failed",
            "--text",
            text,
            "--precedence",
            "flash"};
}

RunResult run(const std::vector<std::string>& argv, std::chrono::seconds limit,
              const std::string& stdin_text) {
    static int serial = 0;
    fs::path base = scratch_dir() / std::to_string(++serial);
    { std::ofstream(base.string() + ".in") << stdin_text; }
    pid_t pid = spawn(argv, base.string() + ".in", base.string() + ".out", base.string() + ".err");
    RunResult result;
    if (pid < 0) return result;
    result.exit_code = wait_for(pid, limit);
    result.out = read_file(base.string() + ".out");
    result.err = read_file(base.string() + ".err");
    return result;
}

DaemonProcess::DaemonProcess(fs::path data_dir, std::vector<std::string> extra_args)
    : data_dir_(std::move(data_dir)), log_file_(data_dir_.string() + ".log") {
    fs::create_directories(data_dir_);
    fs::remove(data_dir_ / "api.address");
    std::vector<std::string> argv{
        bakend_path().string(), "--data",        data_dir_.string(), "--listen",
        "127.0.0.1:0",          "--sync-listen", "127.0.0.1:0",      "--no-discovery"};
    argv.insert(argv.end(), extra_args.begin(), extra_args.end());
    pid_ = spawn(argv, "/dev/null", "/dev/null", log_file_);
}

DaemonProcess::DaemonProcess(fs::path data_dir, Command command)
    : data_dir_(std::move(data_dir)), log_file_(data_dir_.string() + ".log") {
    fs::create_directories(data_dir_);
    fs::remove(data_dir_ / "api.address");
    pid_ = spawn(command.argv, "/dev/null", "/dev/null", log_file_);
}

DaemonProcess::~DaemonProcess() {
    if (pid_ > 0) kill_hard();
}

bool DaemonProcess::wait_ready(std::chrono::seconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (pid_ <= 0 || ::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return false;
        }
        if (fs::exists(data_dir_ / "api.address")) return true;
        std::this_thread::sleep_for(20ms);
    }
    return false;
}

void DaemonProcess::kill_hard() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
}

int DaemonProcess::stop() {
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    int code = wait_for(pid_, 10s);
    pid_ = -1;
    return code;
}

std::string DaemonProcess::log() const {
    return read_file(log_file_);
}

bool DaemonProcess::wait_for_log(std::string_view text, std::chrono::milliseconds limit) const {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (log().find(text) == std::string::npos) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(50ms);
    }
    return true;
}

}  // namespace baken::testing
