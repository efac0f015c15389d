// `baken links` and `baken peers` against a real bakend with a [[radio]] interface, the way a
// radio volunteer meets it: a TNC that is not there (the link is down and says why), and a
// KISS TNC on loopback (played by this test) that gets its parameters and brings the link up.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <optional>
#include <thread>

#include "baken/v1/api.pb.h"
#include "support/child_process.h"
#include "support/temp_dir.h"

namespace baken::testing {
namespace {
namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A [[radio]] on a KISS TCP port of this machine, with TNC parameters easy to spot on the wire:
// TXDELAY 250 ms (25 = 0x19), persistence 100 (0x64), slot time 50 ms (5).
std::vector<std::string> radio_config(const fs::path& dir, int tnc_port) {
    fs::path file = dir / "bakend.toml";
    std::ofstream(file) << "[[radio]]\n"
                           "name = \"vhf-test\"\n"
                           "tnc = \"127.0.0.1:"
                        << tnc_port
                        << "\"\n"
                           "callsign = \"PA3XYZ-7\"\n"
                           "bit_rate = 1200\n"
                           "duty_cycle_percent = 10\n"
                           "duty_cycle_window_s = 3600\n"
                           "tx_delay_ms = 250\n"
                           "persistence = 100\n"
                           "slot_time_ms = 50\n";
    return {"--config", file.string()};
}

RunResult baken(const fs::path& data, std::vector<std::string> args) {
    std::vector<std::string> argv{baken_path().string(), "--data", data.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
}

std::optional<v1::RadioLinkList> links_json(const fs::path& data) {
    RunResult r = baken(data, {"links", "--json"});
    if (r.exit_code != 0) return std::nullopt;
    v1::RadioLinkList list;
    if (!google::protobuf::util::JsonStringToMessage(r.out, &list).ok()) return std::nullopt;
    return list;
}

// Polls `baken links --json` (at most `limit`) until `done` holds for the one link.
std::optional<v1::RadioLinkView> wait_for_link(
    const fs::path& data, const std::function<bool(const v1::RadioLinkView&)>& done,
    std::chrono::seconds limit = 20s) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    std::optional<v1::RadioLinkView> last;
    while (std::chrono::steady_clock::now() < deadline) {
        if (auto list = links_json(data); list && list->links_size() == 1) {
            last = list->links(0);
            if (done(*last)) return last;
        }
        std::this_thread::sleep_for(100ms);
    }
    if (last) ADD_FAILURE() << "the link stayed at: " << last->DebugString();
    return std::nullopt;
}

// A stand-in KISS TNC: a TCP listener on 127.0.0.1 (port chosen by the system) that takes
// one connection and reads what the daemon sends.
class LoopbackTnc {
  public:
    LoopbackTnc() {
        listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
            ::listen(listener_, 4) != 0)
            return;
        socklen_t len = sizeof addr;
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
    }
    ~LoopbackTnc() { close_all(); }
    LoopbackTnc(const LoopbackTnc&) = delete;
    LoopbackTnc& operator=(const LoopbackTnc&) = delete;

    int port() const { return port_; }

    bool accept_within(std::chrono::milliseconds limit) {
        pollfd p{listener_, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(limit.count())) != 1) return false;
        connection_ = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
        return connection_ >= 0;
    }

    // Reads until `count` bytes have arrived or `limit` has passed; what arrived.
    std::string read_at_least(std::size_t count, std::chrono::milliseconds limit) {
        auto deadline = std::chrono::steady_clock::now() + limit;
        while (received_.size() < count) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) break;
            pollfd p{connection_, POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(left.count())) != 1) break;
            char buffer[4096];
            ssize_t n = ::read(connection_, buffer, sizeof buffer);
            if (n <= 0) break;
            received_.append(buffer, static_cast<std::size_t>(n));
        }
        return received_;
    }

    // The TNC is switched off: the connection and the listener are gone.
    void close_all() {
        if (connection_ >= 0) ::close(connection_);
        if (listener_ >= 0) ::close(listener_);
        connection_ = listener_ = -1;
    }

  private:
    int listener_ = -1;
    int connection_ = -1;
    int port_ = 0;
    std::string received_;
};

std::string hex(const std::string& bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
        out += ' ';
    }
    return out;
}

TEST(Links, ANodeWithoutRadioSaysSoAndPeersDoesNotMentionLinks) {
    TempDir dir;
    DaemonProcess daemon(dir.path() / "node");
    ASSERT_TRUE(daemon.wait_ready()) << daemon.log();
    RunResult text = baken(daemon.data_dir(), {"links"});
    EXPECT_EQ(text.exit_code, 0) << text.err;
    EXPECT_NE(text.out.find("no radio links"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("bakend.example.toml"), std::string::npos) << text.out;
    auto list = links_json(daemon.data_dir());
    ASSERT_TRUE(list);
    EXPECT_EQ(list->links_size(), 0);
    RunResult peers = baken(daemon.data_dir(), {"peers"});
    EXPECT_EQ(peers.exit_code, 0) << peers.err;
    EXPECT_EQ(peers.out.find("baken links"), std::string::npos) << peers.out;
}

TEST(Links, ATncThatIsNotThereShowsTheLinkDownWithTheReason) {
    TempDir dir;
    const int closed_port = free_loopback_port();
    DaemonProcess daemon(dir.path() / "node", radio_config(dir.path(), closed_port));
    ASSERT_TRUE(daemon.wait_ready()) << daemon.log();
    const std::string refused =
        "connect 127.0.0.1:" + std::to_string(closed_port) + ": Connection refused";
    auto link = wait_for_link(
        daemon.data_dir(), [&](const v1::RadioLinkView& l) { return l.modem_state() == refused; });
    ASSERT_TRUE(link) << daemon.log();
    EXPECT_FALSE(link->up());
    EXPECT_EQ(link->name(), "vhf-test");
    EXPECT_EQ(link->modem(), "KISS over TCP 127.0.0.1:" + std::to_string(closed_port));
    EXPECT_EQ(link->framing(), "ax25");
    EXPECT_EQ(link->callsign(), "PA3XYZ-7");
    EXPECT_TRUE(link->lawful());
    EXPECT_EQ(link->airtime_budget_ms(), 360'000);
    EXPECT_EQ(link->window_s(), 3600);
    EXPECT_EQ(link->frames_sent(), 0u);  // nothing goes out while the modem is down

    RunResult text = baken(daemon.data_dir(), {"links"});
    EXPECT_EQ(text.exit_code, 0) << text.err;
    EXPECT_NE(text.out.find("vhf-test: down: " + refused + "\n"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("AX.25 as PA3XYZ-7, lawful (signed, never encrypted), 1200 bit/s"),
              std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("0 s of 360 s (0 %) in the last 60 min"), std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("neighbours  none heard yet"), std::string::npos) << text.out;

    RunResult peers = baken(daemon.data_dir(), {"peers"});
    EXPECT_EQ(peers.exit_code, 0) << peers.err;
    EXPECT_NE(peers.out.find("1 radio link (0 up): see `baken links`\n"), std::string::npos)
        << peers.out;
    RunResult peers_json = baken(daemon.data_dir(), {"peers", "--json"});
    EXPECT_EQ(peers_json.out.find("baken links"), std::string::npos) << peers_json.out;
    EXPECT_EQ(daemon.stop(), 0) << daemon.log();
}

TEST(Links, ATncOnLoopbackGetsItsKissParametersAndTheLinkComesUp) {
    TempDir dir;
    LoopbackTnc tnc;
    ASSERT_NE(tnc.port(), 0);
    DaemonProcess daemon(dir.path() / "node", radio_config(dir.path(), tnc.port()));
    ASSERT_TRUE(daemon.wait_ready()) << daemon.log();
    ASSERT_TRUE(tnc.accept_within(20s)) << daemon.log();

    // TXDELAY, persistence, slot time, half duplex: C0 <command> <value> C0 each, first of all.
    const std::string parameters(
        "\xC0\x01\x19\xC0"
        "\xC0\x02\x64\xC0"
        "\xC0\x03\x05\xC0"
        "\xC0\x05\x00\xC0",
        16);
    std::string received = tnc.read_at_least(parameters.size(), 10s);
    ASSERT_GE(received.size(), parameters.size()) << hex(received);
    EXPECT_EQ(hex(received.substr(0, parameters.size())), hex(parameters));

    auto link = wait_for_link(daemon.data_dir(), [](const v1::RadioLinkView& l) { return l.up(); });
    ASSERT_TRUE(link) << daemon.log();
    EXPECT_EQ(link->modem_state(), "connected");
    RunResult text = baken(daemon.data_dir(), {"links"});
    EXPECT_EQ(text.exit_code, 0) << text.err;
    EXPECT_NE(text.out.find("vhf-test: up (connected)\n"), std::string::npos) << text.out;
    RunResult peers = baken(daemon.data_dir(), {"peers"});
    EXPECT_NE(peers.out.find("1 radio link (1 up): see `baken links`\n"), std::string::npos)
        << peers.out;

    // The TNC is switched off: the link goes down and says why.
    tnc.close_all();
    auto down = wait_for_link(daemon.data_dir(), [](const v1::RadioLinkView& l) {
        return !l.up() && !l.modem_state().empty();
    });
    ASSERT_TRUE(down) << daemon.log();
    EXPECT_EQ(daemon.stop(), 0) << daemon.log();
}

TEST(Links, ExitsThreeWhenTheDaemonCannotBeReached) {
    TempDir dir;
    fs::create_directories(dir.path() / "node");
    std::ofstream(dir.path() / "node" / "api.address") << "127.0.0.1:1\n";
    std::ofstream(dir.path() / "node" / "api.token") << std::string(64, 'a') << "\n";
    RunResult r = baken(dir.path() / "node", {"links"});
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_NE(r.err.find("127.0.0.1:1"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace baken::testing
