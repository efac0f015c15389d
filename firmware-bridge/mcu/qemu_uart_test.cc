// Runs the modem's QEMU image (mps2-an385) and talks to it over its UART the way bakend talks
// to a modem: through a pseudo-terminal. Two modes (ctest firmware_qemu_self_test and
// firmware_qemu_self_test_exit_code):
//
//   qemu_uart_test --qemu <qemu-system-arm> --image baken-modem-qemu.elf
//     QEMU starts paused (-S) with UART0 on a pty and QMP on a unix socket in a temporary
//     directory; the test asks QMP for the pty's name, opens it, lets the VM run, reads the
//     self-test lines up to "SELFTEST PASS n/n", then sends KISS command frames and checks the
//     decoded replies: get_version, get_stats (every key, frames counted), self_test, and a
//     data frame that the image's quiet-channel radio "sends" (frames_sent, bytes_sent and
//     airtime_ms in the stats afterwards).
//   qemu_uart_test --exit-code --qemu <qemu-system-arm> --image baken-modem-qemu-selftest.elf
//     QEMU runs the self-test image with semihosting and the UART into a file; passes when QEMU
//     exits with status 0 and the UART said "SELFTEST PASS".
//
// Exit status 0 pass, 1 fail, 77 skipped (no qemu-system-arm). Bounded: every wait has a
// deadline, an alarm ends the whole run after kWholeRunSeconds, and QEMU is killed on every
// path (destructor, signal handler, and PR_SET_PDEATHSIG should this process die).
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/kiss_commands.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
using Bytes = std::vector<std::uint8_t>;

constexpr int kPass = 0;
constexpr int kFail = 1;
constexpr int kSkip = 77;
constexpr unsigned kWholeRunSeconds = 100;  // ctest's TIMEOUT is above this

volatile sig_atomic_t qemu_pid_for_signals = 0;

void kill_qemu_and_exit(int /*signal*/) {
    if (qemu_pid_for_signals > 0) kill(qemu_pid_for_signals, SIGKILL);
    static const char message[] = "qemu_uart_test: timed out or interrupted; QEMU killed\n";
    [[maybe_unused]] ssize_t written = write(STDERR_FILENO, message, sizeof message - 1);
    _exit(kFail);
}

bool fail(const std::string& why) {
    std::fprintf(stderr, "FAIL: %s\n", why.c_str());
    return false;
}

// A temporary directory for the QMP socket and QEMU's log; removed with its files.
class TempDir {
  public:
    TempDir() {
        char pattern[] = "/tmp/baken-qemu-XXXXXX";
        if (mkdtemp(pattern) != nullptr) path_ = pattern;
    }
    ~TempDir() {
        for (const char* name : {"/qmp.sock", "/qemu.log", "/uart.txt"}) {
            unlink((path_ + name).c_str());
        }
        if (!path_.empty()) rmdir(path_.c_str());
    }
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

// QEMU as a child process, killed when this object goes away unless it already exited.
class QemuProcess {
  public:
    ~QemuProcess() {
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
            qemu_pid_for_signals = 0;
        }
    }

    bool start(const std::vector<std::string>& args, const std::string& log_path) {
        std::printf("starting:");
        for (const std::string& arg : args) std::printf(" %s", arg.c_str());
        std::printf("\n");
        std::fflush(stdout);
        pid_ = fork();
        if (pid_ < 0) return fail("fork");
        if (pid_ == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            int null = open("/dev/null", O_RDONLY);
            if (log >= 0) {
                dup2(log, STDOUT_FILENO);
                dup2(log, STDERR_FILENO);
            }
            if (null >= 0) dup2(null, STDIN_FILENO);
            std::vector<char*> argv;
            for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
            argv.push_back(nullptr);
            execv(argv[0], argv.data());
            _exit(127);
        }
        qemu_pid_for_signals = pid_;
        return true;
    }

    // The exit status once QEMU has ended, or nothing at the deadline.
    std::optional<int> wait_exit(Clock::time_point deadline) {
        while (Clock::now() < deadline) {
            int status = 0;
            pid_t done = waitpid(pid_, &status, WNOHANG);
            if (done == pid_) {
                pid_ = -1;
                qemu_pid_for_signals = 0;
                return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            }
            std::this_thread::sleep_for(20ms);
        }
        return std::nullopt;
    }

  private:
    pid_t pid_ = -1;
};

std::string read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Waits until fd is readable; false at the deadline.
bool wait_readable(int fd, Clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    pollfd entry{fd, POLLIN, 0};
    return poll(&entry, 1, static_cast<int>(left.count())) > 0 && (entry.revents & POLLIN);
}

// QMP (QEMU's JSON machine protocol) over the unix socket: one JSON object per line.
class Qmp {
  public:
    ~Qmp() {
        if (fd_ >= 0) close(fd_);
    }

    bool connect_to(const std::string& socket_path, Clock::time_point deadline) {
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::snprintf(address.sun_path, sizeof address.sun_path, "%s", socket_path.c_str());
        while (Clock::now() < deadline) {
            fd_ = socket(AF_UNIX, SOCK_STREAM, 0);
            if (connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
                std::string greeting = read_message(deadline);  // {"QMP": {...}}
                return greeting.find("\"QMP\"") != std::string::npos ||
                       fail("no QMP greeting: " + greeting);
            }
            close(fd_);
            fd_ = -1;
            std::this_thread::sleep_for(50ms);
        }
        return fail("QMP socket " + socket_path + " never accepted a connection");
    }

    // Sends a command and returns its answer ("return" or "error"), skipping events.
    std::string execute(const std::string& command, Clock::time_point deadline) {
        std::string line = "{\"execute\": \"" + command + "\"}\n";
        if (write(fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size())) return "";
        for (;;) {
            std::string message = read_message(deadline);
            if (message.empty()) return "";
            if (message.find("\"event\"") == std::string::npos) return message;
        }
    }

  private:
    std::string read_message(Clock::time_point deadline) {
        for (;;) {
            std::size_t newline = pending_.find('\n');
            if (newline != std::string::npos) {
                std::string message = pending_.substr(0, newline);
                pending_.erase(0, newline + 1);
                return message;
            }
            if (!wait_readable(fd_, deadline)) return "";
            char chunk[4096];
            ssize_t n = read(fd_, chunk, sizeof chunk);
            if (n <= 0) return "";
            pending_.append(chunk, static_cast<std::size_t>(n));
        }
    }

    int fd_ = -1;
    std::string pending_;
};

// The modem's UART as the host sees it: a pseudo-terminal in raw mode, read as text lines
// before the modem starts and as KISS frames after.
class UartLink {
  public:
    ~UartLink() {
        if (fd_ >= 0) close(fd_);
    }

    bool open_pty(const std::string& path) {
        fd_ = open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK);
        if (fd_ < 0) return fail("open " + path + ": " + std::strerror(errno));
        termios mode{};
        if (tcgetattr(fd_, &mode) != 0) return fail("tcgetattr " + path);
        cfmakeraw(&mode);  // no echo, no CR/LF translation: KISS bytes pass unchanged
        return tcsetattr(fd_, TCSANOW, &mode) == 0 || fail("tcsetattr " + path);
    }

    // One line without its CR/LF; nothing at the deadline.
    std::optional<std::string> read_line(Clock::time_point deadline) {
        for (;;) {
            auto newline = std::find(pending_.begin(), pending_.end(), '\n');
            if (newline != pending_.end()) {
                std::string line(pending_.begin(), newline);
                pending_.erase(pending_.begin(), newline + 1);
                while (!line.empty() && line.back() == '\r') line.pop_back();
                return line;
            }
            if (!fill(deadline)) return std::nullopt;
        }
    }

    // The next non-empty KISS frame, unescaped (type byte first); nothing at the deadline.
    // An independent decoder, so a bug in the core's cannot hide in both ends.
    std::optional<Bytes> read_frame(Clock::time_point deadline) {
        for (;;) {
            while (!pending_.empty()) {
                std::uint8_t byte = pending_.front();
                pending_.erase(pending_.begin());
                if (byte == 0xC0) {
                    if (in_frame_ && !frame_.empty()) {
                        Bytes frame;
                        frame.swap(frame_);
                        return frame;
                    }
                    in_frame_ = true;
                    frame_.clear();
                } else if (in_frame_) {
                    if (escaped_) {
                        frame_.push_back(byte == 0xDC ? 0xC0 : byte == 0xDD ? 0xDB : byte);
                        escaped_ = false;
                    } else if (byte == 0xDB) {
                        escaped_ = true;
                    } else {
                        frame_.push_back(byte);
                    }
                }
            }
            if (!fill(deadline)) return std::nullopt;
        }
    }

    bool send_frame(std::uint8_t type, const Bytes& payload) {
        Bytes wire{0xC0, type};
        for (std::uint8_t byte : payload) {
            if (byte == 0xC0) {
                wire.insert(wire.end(), {0xDB, 0xDC});
            } else if (byte == 0xDB) {
                wire.insert(wire.end(), {0xDB, 0xDD});
            } else {
                wire.push_back(byte);
            }
        }
        wire.push_back(0xC0);
        std::size_t sent = 0;
        const auto deadline = Clock::now() + 5s;
        while (sent < wire.size() && Clock::now() < deadline) {
            ssize_t n = write(fd_, wire.data() + sent, wire.size() - sent);
            if (n > 0) {
                sent += static_cast<std::size_t>(n);
            } else {
                std::this_thread::sleep_for(5ms);
            }
        }
        return sent == wire.size() || fail("could not write a KISS frame to the pty");
    }

  private:
    bool fill(Clock::time_point deadline) {
        if (!wait_readable(fd_, deadline)) return false;
        std::uint8_t chunk[512];
        ssize_t n = read(fd_, chunk, sizeof chunk);
        if (n > 0) pending_.insert(pending_.end(), chunk, chunk + n);
        return true;
    }

    int fd_ = -1;
    Bytes pending_;
    Bytes frame_;
    bool in_frame_ = false;
    bool escaped_ = false;
};

constexpr std::uint8_t kSetHardware = 0x06;

// Sends a command frame and returns the body of its reply (op | 0x80 first), skipping other
// frames (unprompted events).
std::optional<Bytes> command(UartLink& uart, baken::modem::CommandOp op) {
    const auto op_byte = static_cast<std::uint8_t>(op);
    if (!uart.send_frame(kSetHardware, {op_byte})) return std::nullopt;
    const auto deadline = Clock::now() + 10s;
    while (auto frame = uart.read_frame(deadline)) {
        if (frame->size() >= 2 && (*frame)[0] == kSetHardware &&
            (*frame)[1] == (op_byte | baken::modem::kReplyFlag)) {
            return Bytes(frame->begin() + 1, frame->end());
        }
        std::printf("  (other frame, type 0x%02X, %zu bytes)\n", (*frame)[0], frame->size());
    }
    fail("no reply to command 0x" + std::to_string(op_byte) + " within 10 s");
    return std::nullopt;
}

struct Stat {
    std::uint8_t key;
    std::uint32_t value;
};

// get_stats: checks every key the core defines is there, in order; prints them by name.
std::optional<std::vector<Stat>> get_stats(UartLink& uart, bool print) {
    auto reply = command(uart, baken::modem::CommandOp::get_stats);
    if (!reply) return std::nullopt;
    const baken::modem::StatField* fields = nullptr;
    const std::size_t count = baken::modem::stat_fields(fields);
    if (reply->size() != 1 + 5 * count) {
        fail("get_stats reply has " + std::to_string(reply->size()) + " bytes, expected " +
             std::to_string(1 + 5 * count));
        return std::nullopt;
    }
    std::vector<Stat> stats;
    for (std::size_t i = 0; i < count; ++i) {
        const std::uint8_t* p = reply->data() + 1 + 5 * i;
        Stat stat{p[0], (std::uint32_t{p[1]} << 24) | (std::uint32_t{p[2]} << 16) |
                            (std::uint32_t{p[3]} << 8) | p[4]};
        if (stat.key != fields[i].key) {
            fail("get_stats key " + std::to_string(stat.key) + " where " +
                 std::to_string(fields[i].key) + " belongs");
            return std::nullopt;
        }
        if (print) std::printf("  %-22s %u\n", fields[i].name, stat.value);
        stats.push_back(stat);
    }
    return stats;
}

std::uint32_t stat_value(const std::vector<Stat>& stats, const char* name) {
    const baken::modem::StatField* fields = nullptr;
    const std::size_t count = baken::modem::stat_fields(fields);
    for (std::size_t i = 0; i < count && i < stats.size(); ++i) {
        if (std::strcmp(fields[i].name, name) == 0) return stats[i].value;
    }
    return UINT32_MAX;
}

bool read_self_test_lines(UartLink& uart) {
    const auto deadline = Clock::now() + 30s;
    bool verdict_seen = false;
    while (auto line = uart.read_line(deadline)) {
        std::printf("uart: %s\n", line->c_str());
        if (line->rfind("SELFTEST FAIL", 0) == 0) return fail("the image's self-test failed");
        if (line->rfind("SELFTEST PASS", 0) == 0) verdict_seen = true;
        // The last text line before the modem takes over the UART.
        if (line->rfind("STACK used", 0) == 0) return verdict_seen || fail("no SELFTEST line");
    }
    return fail("the self-test did not finish within 30 s");
}

bool talk_kiss(UartLink& uart) {
    using baken::modem::CommandOp;
    auto version = command(uart, CommandOp::get_version);
    if (!version) return false;
    std::string text(version->begin() + 1, version->end());
    std::printf("get_version: \"%s\"\n", text.c_str());
    if (text.empty()) return fail("empty version text");

    std::printf("get_stats:\n");
    auto stats = get_stats(uart, true);
    if (!stats) return false;
    // get_version and get_stats itself (counted when it arrived, before the reply).
    if (stat_value(*stats, "serial_frames_in") < 2) return fail("serial_frames_in below 2");
    if (stat_value(*stats, "frames_sent") != 0) return fail("frames_sent before any data");

    auto self_test = command(uart, CommandOp::self_test);
    if (!self_test || self_test->size() != 3) return fail("self_test reply not 0x85 passed total");
    std::printf("self_test over KISS: %u/%u\n", (*self_test)[1], (*self_test)[2]);
    if ((*self_test)[2] == 0 || (*self_test)[1] != (*self_test)[2]) {
        return fail("self_test over KISS did not pass");
    }

    // A data frame goes through queue, duty cycle, listen before talk and the radio's airtime.
    const std::string payload = "baken-test";  // 10 bytes
    if (!uart.send_frame(0x00, Bytes(payload.begin(), payload.end()))) return false;
    const auto deadline = Clock::now() + 15s;
    while (Clock::now() < deadline) {
        std::this_thread::sleep_for(300ms);
        auto after = get_stats(uart, false);
        if (!after) return false;
        if (stat_value(*after, "frames_sent") == 0) continue;
        std::printf("after a 10-byte data frame:\n");
        get_stats(uart, true);
        // SF9 125 kHz 4/5, 8 preamble symbols, 10 bytes: T_sym 4096 us; payload symbols
        // 8 + ceil((80 - 36 + 28 + 16) / 36) * 5 = 23; (8 + 4.25 + 23) * 4096 = 144384 us,
        // charged rounded up: 145 ms.
        if (stat_value(*after, "frames_sent") != 1 || stat_value(*after, "bytes_sent") != 10 ||
            stat_value(*after, "airtime_ms") != 145) {
            return fail("expected frames_sent 1, bytes_sent 10, airtime_ms 145");
        }
        return true;
    }
    return fail("the data frame was not sent within 15 s");
}

std::optional<std::string> pty_from_qmp(Qmp& qmp, Clock::time_point deadline) {
    std::string answer = qmp.execute("query-chardev", deadline);
    // {"return": [{"frontend-open": false, "filename": "pty:/dev/pts/7", "label": "serial0"}]}
    std::size_t at = answer.find("\"pty:");
    if (at == std::string::npos) {
        fail("no pty in query-chardev: " + answer);
        return std::nullopt;
    }
    std::size_t start = at + 5;
    std::size_t end = answer.find('"', start);
    return answer.substr(start, end - start);
}

bool run_interactive(const std::string& qemu, const std::string& image) {
    TempDir dir;
    if (dir.path().empty()) return fail("mkdtemp");
    const std::string socket_path = dir.path() + "/qmp.sock";
    const std::string log_path = dir.path() + "/qemu.log";
    QemuProcess process;
    if (!process.start(
            {qemu, "-M", "mps2-an385", "-kernel", image, "-nodefaults", "-display", "none",
             "-serial", "pty", "-S", "-qmp", "unix:" + socket_path + ",server=on,wait=off"},
            log_path)) {
        return false;
    }
    bool ok = [&] {
        const auto deadline = Clock::now() + 15s;
        Qmp qmp;
        if (!qmp.connect_to(socket_path, deadline)) return false;
        if (qmp.execute("qmp_capabilities", deadline).find("\"return\"") == std::string::npos) {
            return fail("qmp_capabilities refused");
        }
        auto pty = pty_from_qmp(qmp, deadline);
        if (!pty) return false;
        std::printf("UART0 is on %s\n", pty->c_str());
        UartLink uart;
        // Opened before the VM runs: QEMU drops what it writes to a pty nobody has open.
        if (!uart.open_pty(*pty)) return false;
        if (qmp.execute("cont", deadline).find("\"return\"") == std::string::npos) {
            return fail("QMP cont refused");
        }
        if (!read_self_test_lines(uart) || !talk_kiss(uart)) return false;
        qmp.execute("quit", Clock::now() + 5s);
        return true;
    }();
    if (!ok) std::fprintf(stderr, "QEMU's output:\n%s\n", read_text_file(log_path).c_str());
    return ok;
}

bool run_exit_code(const std::string& qemu, const std::string& image) {
    TempDir dir;
    if (dir.path().empty()) return fail("mkdtemp");
    const std::string uart_path = dir.path() + "/uart.txt";
    const std::string log_path = dir.path() + "/qemu.log";
    QemuProcess process;
    if (!process.start(
            {qemu, "-M", "mps2-an385", "-kernel", image, "-nodefaults", "-display", "none",
             "-serial", "file:" + uart_path, "-semihosting-config", "enable=on,target=native"},
            log_path)) {
        return false;
    }
    auto status = process.wait_exit(Clock::now() + 60s);
    std::string uart = read_text_file(uart_path);
    std::printf("%s", uart.c_str());
    if (!status) return fail("QEMU still running after 60 s");
    std::printf("QEMU exit status %d\n", *status);
    if (*status != 0) {
        std::fprintf(stderr, "QEMU's output:\n%s\n", read_text_file(log_path).c_str());
        return fail("the self-test image did not exit with status 0");
    }
    return uart.find("SELFTEST PASS") != std::string::npos || fail("no SELFTEST PASS line");
}

}  // namespace

int main(int argc, char** argv) {
    std::string qemu;
    std::string image;
    bool exit_code_mode = false;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--qemu" && i + 1 < argc) {
            qemu = argv[++i];
        } else if (arg == "--image" && i + 1 < argc) {
            image = argv[++i];
        } else if (arg == "--exit-code") {
            exit_code_mode = true;
        } else {
            std::fprintf(stderr, "usage: %s [--exit-code] --qemu <qemu-system-arm> --image <elf>\n",
                         argv[0]);
            return kFail;
        }
    }
    if (qemu.empty() || qemu.find("NOTFOUND") != std::string::npos ||
        access(qemu.c_str(), X_OK) != 0) {
        std::printf("SKIP: qemu-system-arm not installed\n");
        return kSkip;
    }
    struct stat image_stat {};
    if (image.empty() || stat(image.c_str(), &image_stat) != 0) {
        std::fprintf(stderr, "FAIL: image %s not built (build the firmware_mcu target)\n",
                     image.c_str());
        return kFail;
    }
    signal(SIGALRM, kill_qemu_and_exit);
    signal(SIGTERM, kill_qemu_and_exit);
    signal(SIGINT, kill_qemu_and_exit);
    alarm(kWholeRunSeconds);
    bool ok = exit_code_mode ? run_exit_code(qemu, image) : run_interactive(qemu, image);
    std::printf(ok ? "PASS\n" : "FAIL\n");
    return ok ? kPass : kFail;
}
