// baken-lora-modem: the modem firmware (core/modem.h) on the host. Its UART is a
// pseudo-terminal a KISS client such as bakend opens as a serial port; its radio is a
// SimulatedRadio on a baken-lora-channel. One poll() loop wakes for the pty, the channel's
// socket or the modem's next deadline, exactly as the firmware's main loop wakes for
// interrupts or its timer.
//
//   baken-lora-modem --channel 127.0.0.1:PORT --link /tmp/x/modem-a --name a --stats-on-exit
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>

#include "core/kiss_commands.h"
#include "core/modem.h"
#include "host/pty_uart.h"
#include "host/simulated_radio.h"
#include "host/stop_signals.h"

namespace modem = baken::modem;
namespace host = baken::modem::host;

namespace {

std::uint64_t now_ms() {
    static const auto start = std::chrono::steady_clock::now();
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::steady_clock::now() - start)
                                          .count());
}

// A symbolic link at `link` to the pty, so configs can name a stable path. Replaces an old
// link (a previous run's); refuses to replace anything else.
bool make_link(const std::string& link, const std::string& target) {
    struct stat st {};
    if (::lstat(link.c_str(), &st) == 0) {
        if (!S_ISLNK(st.st_mode)) {
            std::cerr << "baken-lora-modem: " << link << " exists and is not a symbolic link\n";
            return false;
        }
        ::unlink(link.c_str());
    }
    if (::symlink(target.c_str(), link.c_str()) != 0) {
        std::perror(("baken-lora-modem: symlink " + link).c_str());
        return false;
    }
    return true;
}

// Removes the link only if it still points to this modem's pty (another may have taken it).
void remove_link(const std::string& link, const std::string& target) {
    char points_to[4096] = {};
    ssize_t n = ::readlink(link.c_str(), points_to, sizeof points_to - 1);
    if (n > 0 && target == std::string(points_to, static_cast<std::size_t>(n)))
        ::unlink(link.c_str());
}

// The counters with the names of the get_stats reply, one per line, to stderr.
void print_stats(const std::string& name, const modem::ModemStats& stats) {
    std::uint8_t reply[512];
    std::size_t length = modem::encode_stats_reply(stats, reply, sizeof reply);
    const modem::StatField* fields = nullptr;
    std::size_t count = modem::stat_fields(fields);
    std::fprintf(stderr, "baken-lora-modem %s stats:\n", name.c_str());
    // reply = op | (key u8, value u32)*
    for (std::size_t at = 1; at + 5 <= length; at += 5) {
        std::uint32_t value = static_cast<std::uint32_t>(reply[at + 1]) << 24 |
                              static_cast<std::uint32_t>(reply[at + 2]) << 16 |
                              static_cast<std::uint32_t>(reply[at + 3]) << 8 | reply[at + 4];
        const char* field = "unknown";
        for (std::size_t i = 0; i < count; ++i)
            if (fields[i].key == reply[at]) field = fields[i].name;
        // Signed figures (RSSI, SNR) travel as two's complement.
        std::fprintf(stderr, "  %s %d\n", field, static_cast<std::int32_t>(value));
    }
}

void run(modem::Modem& m, host::PtyUart& uart, host::SimulatedRadio& radio,
         const sigset_t& wait_mask) {
    while (!host::stop_requested()) {
        std::uint64_t now = now_ms();
        m.step(now);
        std::uint64_t deadline = m.next_deadline_ms();
        pollfd fds[2] = {
            {uart.fd(), static_cast<short>(POLLIN | (uart.write_blocked() ? POLLOUT : 0)), 0},
            {radio.fd(), POLLIN, 0}};
        timespec wait{};
        bool forever = deadline == UINT64_MAX && !radio.has_early_datagrams();
        if (!forever && deadline > now && !radio.has_early_datagrams()) {
            std::uint64_t left = deadline - now;
            wait.tv_sec = static_cast<time_t>(left / 1000);
            wait.tv_nsec = static_cast<long>(left % 1000 * 1'000'000);
        }
        ::ppoll(fds, 2, forever ? nullptr : &wait, &wait_mask);
    }
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "The Baken LoRa modem on the host: KISS on a pseudo-terminal, LoRa on a "
        "simulated channel (baken-lora-channel)"};
    std::string channel_text, link, name = "modem-" + std::to_string(::getpid());
    std::uint32_t seed = 1;
    bool stats_on_exit = false;
    modem::RadioSettings settings;
    int sf = settings.spreading_factor, cr = settings.coding_rate, power = settings.tx_power_dbm;
    app.add_option("--channel", channel_text, "the channel, 127.0.0.1:PORT")->required();
    app.add_option("--link", link, "create a symbolic link to the pty here");
    app.add_option("--name", name, "how the channel's log names this modem");
    app.add_option("--seed", seed, "seed of the listen-before-talk backoff");
    app.add_option("--frequency", settings.frequency_hz, "Hz");
    app.add_option("--sf", sf, "spreading factor 7..12");
    app.add_option("--bw", settings.bandwidth_hz, "bandwidth in Hz: 125000, 250000, 500000");
    app.add_option("--cr", cr, "coding rate 5..8 (4/5..4/8)");
    app.add_option("--power", power, "dBm");
    app.add_flag("--stats-on-exit", stats_on_exit, "print the counters to stderr on exit");
    CLI11_PARSE(app, argc, argv);
    settings.spreading_factor = static_cast<std::uint8_t>(std::clamp(sf, 0, 255));
    settings.coding_rate = static_cast<std::uint8_t>(std::clamp(cr, 0, 255));
    settings.tx_power_dbm = static_cast<std::int8_t>(std::clamp(power, -128, 127));

    host::Endpoint channel;
    if (!host::parse_endpoint(channel_text, channel)) {
        std::cerr << "baken-lora-modem: --channel wants ADDRESS:PORT, not " << channel_text << "\n";
        return 2;
    }
    if (auto e = modem::check_settings(settings); e != modem::SettingsError::ok) {
        std::cerr << "baken-lora-modem: settings refused: " << modem::settings_error_name(e)
                  << "\n";
        return 2;
    }
    std::string error;
    auto uart = host::PtyUart::open(error);
    auto radio = uart ? host::SimulatedRadio::open(channel, name, error) : nullptr;
    if (!uart || !radio) {
        std::cerr << "baken-lora-modem: " << error << "\n";
        return 1;
    }
    if (!link.empty() && !make_link(link, uart->slave_path())) return 1;
    sigset_t wait_mask = host::install_stop_handlers();
    std::cout << "baken-lora-modem " << name << ": KISS on " << uart->slave_path() << std::endl;

    modem::Modem m(*radio, *uart, settings, seed);
    run(m, *uart, *radio, wait_mask);

    if (stats_on_exit) print_stats(name, m.stats(now_ms()));
    if (!link.empty()) remove_link(link, uart->slave_path());
    return 0;
}
