// baken-lora-channel: a simulated shared LoRa channel on loopback for baken-lora-modem
// processes (shared_channel.h has the rules, channel_protocol.h the datagrams). Writes one
// line per transmission to --log and a summary per sender to stderr on SIGTERM or SIGINT.
//
//   baken-lora-channel --port 0 --port-file /tmp/x/port --log /tmp/x/air.log --loss 0.1 --seed 7
//
// Log line: "<start s> <sender> bytes=<n> airtime_ms=<ms> <outcome> delivered_to=<n> lost_at=<n>"
// with the start in seconds since the channel started and the outcome delivered, lost,
// collided, unheard or cut (still on the air when the channel stopped).
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "host/shared_channel.h"
#include "host/stop_signals.h"

namespace host = baken::modem::host;

namespace {

std::uint64_t now_us() {
    static const auto start = std::chrono::steady_clock::now();
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                          std::chrono::steady_clock::now() - start)
                                          .count());
}

// Written under another name and renamed, so a reader never sees half a number.
bool write_port_file(const std::filesystem::path& path, std::uint16_t port) {
    std::filesystem::path partial = path.string() + ".partial";
    { std::ofstream(partial) << port << "\n"; }
    std::error_code ec;
    std::filesystem::rename(partial, path, ec);
    return !ec;
}

class ChannelProcess {
  public:
    ChannelProcess(int fd, host::SharedChannel& channel, std::FILE* log)
        : fd_(fd), channel_(channel), log_(log) {}

    void run(const sigset_t& wait_mask) {
        while (!host::stop_requested()) {
            end_transmissions();
            pollfd socket{fd_, POLLIN, 0};
            timespec wait{};
            std::uint64_t next = channel_.next_end_us();
            std::uint64_t now = now_us();
            if (next != UINT64_MAX) {
                std::uint64_t left = next > now ? next - now : 0;
                wait.tv_sec = static_cast<time_t>(left / 1'000'000);
                wait.tv_nsec = static_cast<long>(left % 1'000'000 * 1000);
            }
            int ready = ::ppoll(&socket, 1, next == UINT64_MAX ? nullptr : &wait, &wait_mask);
            if (ready > 0 && (socket.revents & POLLIN)) read_datagrams();
        }
    }

    // Logs what is still on the air: its senders charged it in full.
    void cut_off() {
        std::vector<host::TransmissionRecord> ended;
        channel_.cut_off(ended);
        for (const auto& r : ended) log(r);
    }

    void print_summary() const {
        std::fprintf(stderr, "baken-lora-channel summary:\n");
        for (const auto& [name, t] : channel_.totals())
            std::fprintf(stderr,
                         "  %s: %zu frames, %zu bytes, %.3f s airtime; delivered %zu, lost %zu, "
                         "collided %zu, unheard %zu, cut %zu\n",
                         name.c_str(), t.frames, t.bytes, static_cast<double>(t.airtime_us) / 1e6,
                         t.delivered, t.lost, t.collided, t.unheard, t.cut);
        std::fprintf(stderr, "  malformed datagrams %zu, ignored %zu\n", malformed_,
                     channel_.ignored());
    }

  private:
    void end_transmissions() {
        std::vector<host::TransmissionRecord> ended;
        channel_.advance(now_us(), out_, ended);
        send_out();
        for (const auto& r : ended) log(r);
    }

    void read_datagrams() {
        // Bounded, so a flood cannot delay the end of a transmission by much.
        for (int i = 0; i < 64; ++i) {
            std::uint8_t buffer[host::kMaxDatagram + 1];
            host::Endpoint from;
            ssize_t got = host::receive_datagram(fd_, buffer, sizeof buffer, from);
            if (got < 0) return;
            host::Datagram datagram;
            if (host::decode(buffer, static_cast<std::size_t>(got), datagram) !=
                host::DecodeError::ok) {
                ++malformed_;
                continue;
            }
            end_transmissions();  // what ended before this arrived, first
            channel_.receive(from, datagram, now_us(), out_);
            send_out();
        }
    }

    void send_out() {
        for (const auto& o : out_) {
            auto bytes = host::encode(o.datagram);
            host::send_datagram(fd_, o.to, bytes.data(), bytes.size());
        }
        out_.clear();
    }

    void log(const host::TransmissionRecord& r) {
        if (log_ == nullptr) return;
        std::fprintf(log_, "%.6f %s bytes=%zu airtime_ms=%.3f %s delivered_to=%zu lost_at=%zu\n",
                     static_cast<double>(r.start_us) / 1e6, r.sender.c_str(), r.bytes,
                     static_cast<double>(r.airtime_us) / 1e3, host::outcome_name(r.outcome),
                     r.delivered_to, r.lost_at);
        std::fflush(log_);  // the log is read while the channel runs
    }

    int fd_;
    host::SharedChannel& channel_;
    std::FILE* log_;
    std::vector<host::Outgoing> out_;
    std::size_t malformed_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"A simulated shared LoRa channel on loopback for baken-lora-modem processes"};
    unsigned port = 0;
    std::string port_file, log_path;
    double loss = 0;
    std::uint64_t seed = 1;
    app.add_option("--port", port, "UDP port on 127.0.0.1 (0: any free one)")
        ->check(CLI::Range(0, 65535));
    app.add_option("--port-file", port_file, "write the port in use to this file");
    app.add_option("--log", log_path, "append one line per transmission to this file");
    app.add_option("--loss", loss, "probability that a receiver misses a frame")
        ->check(CLI::Range(0.0, 1.0));
    app.add_option("--seed", seed, "seed of the loss draws");
    CLI11_PARSE(app, argc, argv);

    std::string error;
    int fd =
        host::open_udp_socket(host::Endpoint{0x7F000001, static_cast<std::uint16_t>(port)}, error);
    if (fd < 0) {
        std::cerr << "baken-lora-channel: " << error << "\n";
        return 1;
    }
    std::FILE* log = nullptr;
    if (!log_path.empty() && (log = std::fopen(log_path.c_str(), "a")) == nullptr) {
        std::cerr << "baken-lora-channel: cannot open " << log_path << "\n";
        return 1;
    }
    sigset_t wait_mask = host::install_stop_handlers();
    host::Endpoint bound = host::local_endpoint(fd);
    std::cerr << "baken-lora-channel: listening on " << host::to_string(bound) << "\n";
    if (!port_file.empty() && !write_port_file(port_file, bound.port)) {
        std::cerr << "baken-lora-channel: cannot write " << port_file << "\n";
        return 1;
    }

    host::SharedChannel channel(loss, seed);
    ChannelProcess process(fd, channel, log);
    process.run(wait_mask);
    process.cut_off();
    process.print_summary();
    if (log != nullptr) std::fclose(log);
    ::close(fd);
    return 0;
}
