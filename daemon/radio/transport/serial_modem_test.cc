// Tests of the serial modem pipe on a pseudo-terminal pair: the test holds the master side
// (where a TNC would be) and the modem opens the slave through a symbolic link. "Unplugged"
// hangs the pair up and removes the link; "plugged in again" links a new pair.
#include "radio/transport/serial_modem.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <filesystem>

#include "radio/transport/run_until.h"

namespace baken::radio {
namespace {
namespace asio = boost::asio;
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::run_for;
using testing::run_until;

// A pseudo-terminal pair; the master end is non-blocking.
class Pty {
  public:
    Pty() {
        char name[256] = {};
        if (::openpty(&master_, &slave_, name, nullptr, nullptr) != 0) {
            ADD_FAILURE() << "openpty failed";
            return;
        }
        ::fcntl(master_, F_SETFL, ::fcntl(master_, F_GETFL) | O_NONBLOCK);
        name_ = name;
    }
    ~Pty() { hang_up(); }
    Pty(const Pty&) = delete;
    Pty& operator=(const Pty&) = delete;

    // Closes both ends the test holds: the modem's end hangs up. Tests unplug through the
    // fixture's unplug(), which also removes the link to this pair.
    void hang_up() {
        for (int* fd : {&master_, &slave_}) {
            if (*fd >= 0) ::close(*fd);
            *fd = -1;
        }
    }
    void write_to_modem(const std::string& bytes) const {
        ASSERT_EQ(::write(master_, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
    }
    // What the modem wrote and the test has not read yet.
    std::string read_from_modem() const {
        std::string out;
        char buffer[4096];
        ssize_t n;
        while ((n = ::read(master_, buffer, sizeof buffer)) > 0) out.append(buffer, n);
        return out;
    }
    int slave() const { return slave_; }
    const std::string& name() const { return name_; }

  private:
    int master_ = -1;
    int slave_ = -1;
    std::string name_;
};

class SerialModemTest : public ::testing::Test {
  protected:
    SerialModemTest() {
        std::string pattern = (fs::temp_directory_path() / "baken-serial-XXXXXX").string();
        dir_ = ::mkdtemp(pattern.data());
        device_ = dir_ / "tnc";
    }
    ~SerialModemTest() override {
        modem_.reset();
        fs::remove_all(dir_);
    }

    // Points the device path at `pty` in one step, as udev's symbolic links change.
    void plug_in(const Pty& pty) {
        const fs::path next = dir_ / "tnc.next";
        fs::create_symlink(pty.name(), next);
        fs::rename(next, device_);
    }
    // Hangs up `pty` and removes the device path, as udev removes a serial adapter's links when
    // it is unplugged. A link left pointing at the closed pty would let the modem open whichever
    // process gets that pty number next: tests run in parallel, and TIOCEXCL does not hold
    // against root, so it could be another test's modem line.
    void unplug(Pty& pty) {
        pty.hang_up();
        fs::remove(device_);
    }
    void start(unsigned baud = 9600) {
        modem_ = make_serial_modem(io_, device_, baud, ReopenDelays{50ms, 200ms});
        modem_->start([this](ByteView bytes) { received_.append(as_chars(bytes)); },
                      [this](bool up, const std::string& why) {
                          ++state_calls_;
                          last_why_ = why;
                          (void)up;
                      });
    }
    bool wait_up() {
        return run_until(io_, [this] { return modem_->is_up(); });
    }
    // Reads from the master until `count` bytes came (or the time is up).
    std::string read_from_modem(const Pty& pty, std::size_t count) {
        std::string got;
        run_until(io_, [&] {
            got += pty.read_from_modem();
            return got.size() >= count;
        });
        return got;
    }

    asio::io_context io_;
    fs::path dir_;
    fs::path device_;
    std::unique_ptr<ModemConnection> modem_;
    std::string received_;
    int state_calls_ = 0;
    std::string last_why_;
};

TEST_F(SerialModemTest, DescribesItselfWithDeviceAndSpeed) {
    start(9600);
    EXPECT_EQ(modem_->describe(), "serial " + device_.string() + " at 9600 baud");
}

TEST_F(SerialModemTest, CarriesBytesBothWaysInOrder) {
    Pty pty;
    plug_in(pty);
    start();
    ASSERT_TRUE(wait_up());

    std::string sent;
    for (int i = 0; i < 20; ++i) {
        std::string frame = "\xc0" + std::string(300, static_cast<char>('a' + i)) + "\xc0";
        sent += frame;
        modem_->send(frame);
    }
    EXPECT_EQ(read_from_modem(pty, sent.size()), sent);

    std::string incoming;
    for (int i = 0; i < 10; ++i) {
        const std::string chunk(500, static_cast<char>('A' + i));
        incoming += chunk;
        pty.write_to_modem(chunk);
    }
    ASSERT_TRUE(run_until(io_, [&] { return received_.size() >= incoming.size(); }));
    EXPECT_EQ(received_, incoming);
}

TEST_F(SerialModemTest, IsTransparentToEveryByteValue) {
    Pty pty;
    plug_in(pty);
    start();
    ASSERT_TRUE(wait_up());
    // CR, LF, XON/XOFF, ^C and DEL must pass untouched: the line is raw, not a terminal.
    std::string all;
    for (int b = 0; b < 256; ++b) all += static_cast<char>(b);

    modem_->send(all);
    EXPECT_EQ(read_from_modem(pty, all.size()), all);
    pty.write_to_modem(all);
    ASSERT_TRUE(run_until(io_, [&] { return received_.size() >= all.size(); }));
    EXPECT_EQ(received_, all);
}

TEST_F(SerialModemTest, SetsTheBaudRateAnd8N1WithoutFlowControl) {
    Pty pty;
    plug_in(pty);
    start(19200);
    ASSERT_TRUE(wait_up());
    termios line{};
    ASSERT_EQ(::tcgetattr(pty.slave(), &line), 0);
    EXPECT_EQ(::cfgetospeed(&line), static_cast<speed_t>(B19200));
    EXPECT_EQ(::cfgetispeed(&line), static_cast<speed_t>(B19200));
    EXPECT_EQ(line.c_cflag & CSIZE, static_cast<tcflag_t>(CS8));
    EXPECT_EQ(line.c_cflag & (PARENB | CSTOPB | CRTSCTS), 0u);
    EXPECT_EQ(line.c_iflag & (IXON | IXOFF | ICRNL), 0u);
    EXPECT_EQ(line.c_lflag & (ICANON | ECHO | ISIG), 0u);
    EXPECT_EQ(line.c_oflag & OPOST, 0u);
}

TEST_F(SerialModemTest, ReportsAMissingDeviceAndOpensItWhenItAppears) {
    start();
    ASSERT_TRUE(run_until(io_, [this] { return state_calls_ == 1; }));
    EXPECT_FALSE(modem_->is_up());
    EXPECT_EQ(last_why_, "open " + device_.string() + ": No such file or directory");

    Pty pty;
    plug_in(pty);
    ASSERT_TRUE(wait_up());
    EXPECT_EQ(last_why_, "open");
    EXPECT_EQ(state_calls_, 2);  // the repeated failures were not reported one by one
}

TEST_F(SerialModemTest, ReopensAfterTheDeviceGoesAwayAndComesBack) {
    Pty first;
    plug_in(first);
    start();
    ASSERT_TRUE(wait_up());

    unplug(first);
    ASSERT_TRUE(run_until(io_, [this] { return !modem_->is_up(); }));
    EXPECT_EQ(last_why_, device_.string() + " was closed (unplugged, or the modem hung up)");
    run_for(io_, 150ms);  // a few attempts while the device is gone
    EXPECT_FALSE(modem_->is_up());

    Pty second;
    plug_in(second);
    ASSERT_TRUE(wait_up());
    modem_->send("after replug");
    EXPECT_EQ(read_from_modem(second, 12), "after replug");
    second.write_to_modem("hello");
    ASSERT_TRUE(run_until(io_, [&] { return received_ == "hello"; }));
}

TEST_F(SerialModemTest, SendWhileDownIsDroppedAndCounted) {
    start();
    ASSERT_TRUE(run_until(io_, [this] { return state_calls_ == 1; }));
    modem_->send("a frame nobody hears");
    EXPECT_EQ(modem_->dropped_bytes(), 20u);
}

// A TNC that stopped reading: the kernel's buffers fill, then at most 64 KiB wait in the daemon
// and the rest is dropped whole. Every byte is either delivered or counted.
TEST_F(SerialModemTest, AStalledModemBoundsWhatWaitsAndLosesNothingUncounted) {
    Pty pty;
    plug_in(pty);
    start();
    ASSERT_TRUE(wait_up());
    const std::string frame(1000, 'f');
    constexpr std::size_t kFrames = 400;
    for (std::size_t i = 0; i < kFrames; ++i) {
        modem_->send(frame);
        if (i % 50 == 0) run_for(io_, 5ms);  // let the kernel's buffers fill as they would
    }
    EXPECT_GT(modem_->dropped_bytes(), 0u);
    EXPECT_EQ(modem_->dropped_bytes() % frame.size(), 0u);

    std::string got;
    ASSERT_TRUE(run_until(io_, [&] {
        got += pty.read_from_modem();
        return got.size() + modem_->dropped_bytes() == kFrames * frame.size();
    }));
    EXPECT_EQ(got, std::string(got.size(), 'f'));
}

TEST_F(SerialModemTest, DestroyingWhileReadingIsSafe) {
    Pty pty;
    plug_in(pty);
    start();
    ASSERT_TRUE(wait_up());
    modem_->send("frame");
    pty.write_to_modem("incoming");
    modem_.reset();
    run_for(io_, 20ms);
    EXPECT_TRUE(received_.empty());
}

TEST_F(SerialModemTest, AnUnsupportedBaudRateIsReportedAsAnOpenFailure) {
    Pty pty;
    plug_in(pty);
    start(12345);
    ASSERT_TRUE(run_until(io_, [this] { return state_calls_ == 1; }));
    EXPECT_FALSE(modem_->is_up());
    EXPECT_EQ(last_why_.rfind("set 12345 baud on " + device_.string() + ": ", 0), 0u) << last_why_;
}

}  // namespace
}  // namespace baken::radio
