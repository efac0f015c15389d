// See kiss_link_simulator.h. One thread, poll() on every pty master; all channel state is
// touched by that thread only, and what tests read is copied out under one mutex.
#include "kiss_link_simulator.h"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

namespace baken::testing {

namespace {

constexpr double kHdlcOverheadBytes = 2 /* FCS */ + 2 /* flags */;
constexpr double kTxDelayUnitS = 0.010;            // KISS TXDELAY counts 10 ms steps
constexpr int kMaxPollWaitMs = 20;                 // how late the stop flag may be seen
constexpr std::size_t kReadChunk = 4096;           // bytes read from one master at a time
constexpr int kMaxReadsPerWake = 16;               // then give the other nodes a turn
constexpr std::size_t kMaxPendingOut = 64 * 1024;  // per receiver, beyond it is overflow
constexpr std::size_t kMaxNodes = 16;
constexpr std::size_t kMaxKissPayload = 2048;  // what a standard TNC takes (Dire Wolf)

bool make_raw(int fd) {
    termios t{};
    if (::tcgetattr(fd, &t) != 0) return false;
    ::cfmakeraw(&t);
    return ::tcsetattr(fd, TCSANOW, &t) == 0;
}

}  // namespace

struct KissLinkSimulator::Node {
    int master = -1;
    int slave = -1;  // kept open so the master never sees a hangup when a daemon closes it
    std::string path;
    radio::KissDecoder decoder{kMaxKissPayload};
    std::deque<std::string> queue;  // the TNC's transmit buffer
    std::string pending_out;        // KISS bytes for the daemon that the pty did not take yet
    NodeTotals totals;              // under mutex_

    ~Node() {
        if (master >= 0) ::close(master);
        if (slave >= 0) ::close(slave);
    }
};

Result<std::unique_ptr<KissLinkSimulator>, std::string> KissLinkSimulator::create(
    LinkSimulatorOptions options) {
    if (options.nodes == 0 || options.nodes > kMaxNodes)
        return fail(std::string("nodes must be 1..16"));
    if (!(options.bit_rate > 0)) return fail(std::string("bit_rate must be positive"));
    if (!(options.loss >= 0 && options.loss <= 1)) return fail(std::string("loss must be 0..1"));
    std::unique_ptr<KissLinkSimulator> sim(new KissLinkSimulator(options));
    for (std::size_t i = 0; i < options.nodes; ++i) {
        auto node = std::make_unique<Node>();
        char name[256] = {};
        if (::openpty(&node->master, &node->slave, name, nullptr, nullptr) != 0)
            return fail(std::string("openpty: ") + std::strerror(errno));
        node->path = name;
        if (!make_raw(node->master) || !make_raw(node->slave))
            return fail("raw mode on " + node->path + ": " + std::strerror(errno));
        int flags = ::fcntl(node->master, F_GETFL);
        if (flags < 0 || ::fcntl(node->master, F_SETFL, flags | O_NONBLOCK) != 0)
            return fail("non-blocking " + node->path + ": " + std::strerror(errno));
        sim->nodes_.push_back(std::move(node));
    }
    return sim;
}

KissLinkSimulator::KissLinkSimulator(LinkSimulatorOptions options)
    : options_(options), random_(options.seed), started_(std::chrono::steady_clock::now()) {}

KissLinkSimulator::~KissLinkSimulator() {
    stop();
}

const std::string& KissLinkSimulator::device_path(std::size_t node) const {
    return nodes_.at(node)->path;
}

void KissLinkSimulator::start() {
    if (thread_.joinable()) return;
    started_ = std::chrono::steady_clock::now();
    thread_ = std::thread([this] { run(); });
}

void KissLinkSimulator::stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
}

double KissLinkSimulator::airtime_of(std::size_t payload_bytes, double bit_rate,
                                     double tx_delay_s) {
    return tx_delay_s + (static_cast<double>(payload_bytes) + kHdlcOverheadBytes) * 8 / bit_rate;
}

double KissLinkSimulator::seconds_since_start() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
}

void KissLinkSimulator::run() {
    std::vector<pollfd> fds(nodes_.size());
    while (!stop_) {
        for (std::size_t i = 0; i < nodes_.size(); ++i) {
            fds[i].fd = nodes_[i]->master;
            fds[i].events =
                static_cast<short>(POLLIN | (nodes_[i]->pending_out.empty() ? 0 : POLLOUT));
            fds[i].revents = 0;
        }
        int ready = ::poll(fds.data(), fds.size(), poll_timeout_ms());
        if (ready < 0 && errno != EINTR) break;
        for (std::size_t i = 0; i < nodes_.size() && ready > 0; ++i) {
            if (fds[i].revents & POLLIN) read_from(i);
            if (fds[i].revents & POLLOUT) flush(i);
        }
        if (on_air_ && seconds_since_start() >= on_air_until_s_) finish_transmission();
        if (!on_air_) start_next_transmission();
    }
}

int KissLinkSimulator::poll_timeout_ms() const {
    if (!on_air_) return kMaxPollWaitMs;
    double left_ms = (on_air_until_s_ - seconds_since_start()) * 1000;
    return std::clamp(static_cast<int>(std::ceil(left_ms)), 0, kMaxPollWaitMs);
}

void KissLinkSimulator::read_from(std::size_t node) {
    Node& n = *nodes_[node];
    std::uint8_t buffer[kReadChunk];
    std::vector<radio::KissFrame> frames;
    for (int i = 0; i < kMaxReadsPerWake; ++i) {
        ssize_t got = ::read(n.master, buffer, sizeof buffer);
        if (got <= 0) break;  // EAGAIN: all read; EIO cannot happen while we hold the slave
        n.decoder.feed(ByteView(buffer, static_cast<std::size_t>(got)), frames);
    }
    for (auto& frame : frames) take_frame(node, std::move(frame));
}

void KissLinkSimulator::take_frame(std::size_t node, radio::KissFrame frame) {
    Node& n = *nodes_[node];
    std::lock_guard lock(mutex_);
    if (frame.command != radio::KissCommand::data) {
        ++n.totals.parameter_frames;
        if (frame.command == radio::KissCommand::tx_delay && !frame.payload.empty())
            n.totals.tx_delay_s = static_cast<std::uint8_t>(frame.payload[0]) * kTxDelayUnitS;
        return;
    }
    if (n.queue.size() >= options_.tnc_queue_frames) {
        ++n.totals.queue_drops;
        return;
    }
    n.queue.push_back(std::move(frame.payload));
}

void KissLinkSimulator::start_next_transmission() {
    // Round robin: the first waiting node after the last sender.
    for (std::size_t step = 1; step <= nodes_.size(); ++step) {
        std::size_t node = (last_sender_ + step) % nodes_.size();
        Node& n = *nodes_[node];
        if (n.queue.empty()) continue;
        std::lock_guard lock(mutex_);
        double now = seconds_since_start();
        double airtime = airtime_of(n.queue.front().size(), options_.bit_rate, n.totals.tx_delay_s);
        on_air_ = true;
        on_air_until_s_ = now + airtime;
        on_air_node_ = node;
        on_air_payload_ = std::move(n.queue.front());
        n.queue.pop_front();
        last_sender_ = node;
        ++n.totals.frames_sent;
        n.totals.payload_bytes += on_air_payload_.size();
        n.totals.airtime_s += airtime;
        on_air_record_ = records_.size();
        if (records_.size() < options_.max_records) {
            records_.push_back({node, now, airtime, on_air_payload_, 0, 0});
        } else {
            ++unrecorded_;
        }
        return;
    }
}

void KissLinkSimulator::finish_transmission() {
    on_air_ = false;
    std::bernoulli_distribution lost(options_.loss);
    for (std::size_t receiver = 0; receiver < nodes_.size(); ++receiver) {
        if (receiver == on_air_node_) continue;
        bool dropped = lost(random_);
        {
            std::lock_guard lock(mutex_);
            Transmission* record =
                on_air_record_ < records_.size() ? &records_[on_air_record_] : nullptr;
            if (dropped) ++nodes_[receiver]->totals.frames_lost;
            if (record) ++(dropped ? record->lost : record->delivered);
        }
        if (!dropped) deliver(receiver, on_air_payload_);
    }
}

void KissLinkSimulator::deliver(std::size_t receiver, const std::string& payload) {
    Node& n = *nodes_[receiver];
    std::string bytes = radio::kiss_encode({0, radio::KissCommand::data, payload});
    {
        std::lock_guard lock(mutex_);
        if (n.pending_out.size() + bytes.size() > kMaxPendingOut) {
            ++n.totals.frames_overflowed;
            return;
        }
        ++n.totals.frames_received;
    }
    n.pending_out += bytes;
    flush(receiver);
}

void KissLinkSimulator::flush(std::size_t node) {
    Node& n = *nodes_[node];
    if (n.pending_out.empty()) return;
    ssize_t wrote = ::write(n.master, n.pending_out.data(), n.pending_out.size());
    if (wrote > 0) n.pending_out.erase(0, static_cast<std::size_t>(wrote));
}

std::vector<Transmission> KissLinkSimulator::transmissions() const {
    std::lock_guard lock(mutex_);
    return records_;
}

NodeTotals KissLinkSimulator::totals(std::size_t node) const {
    std::lock_guard lock(mutex_);
    return nodes_.at(node)->totals;
}

std::uint64_t KissLinkSimulator::unrecorded_transmissions() const {
    std::lock_guard lock(mutex_);
    return unrecorded_;
}

double KissLinkSimulator::max_airtime_in_window(std::size_t node, double window_s) const {
    return baken::testing::max_airtime_in_window(transmissions(), node, window_s);
}

double max_airtime_in_window(const std::vector<Transmission>& frames, std::size_t node,
                             double window_s) {
    std::vector<std::pair<double, double>> spans;  // [start, end) of this node's frames
    for (const auto& t : frames)
        if (t.node == node) spans.emplace_back(t.start_s, t.start_s + t.airtime_s);
    // Half duplex: a node's frames never overlap, so starts and ends are both ascending.
    // The airtime inside [w, w + window) is piecewise linear in w, so its maximum is at a
    // window that starts where a frame starts or ends where a frame ends.
    auto used_in = [&](double from) {
        double to = from + window_s, used = 0;
        auto first = std::upper_bound(spans.begin(), spans.end(), from,
                                      [](double at, const auto& span) { return at < span.second; });
        for (auto it = first; it != spans.end() && it->first < to; ++it)
            used += std::min(it->second, to) - std::max(it->first, from);
        return used;
    };
    double most = 0;
    for (const auto& [start, end] : spans)
        most = std::max({most, used_in(start), used_in(end - window_s)});
    return most;
}

}  // namespace baken::testing
