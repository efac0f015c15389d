// KissLinkSimulator: the radio channel between several KISS TNCs, for tests that run real
// daemons. Each node gets a pseudo-terminal pair; a daemon opens the slave (`/dev/pts/N`) as
// its serial port and speaks KISS to it exactly as it would to a TNC. The simulator plays
// the TNCs and the air between them: one shared half-duplex channel at a fixed bit rate,
// a bounded transmit queue per TNC, and independent frame loss per receiver.
//
// The model, kept simple so that its figures can be checked by hand:
//   - A KISS data frame from a node is one transmission. Its payload (the AX.25 frame, or
//     whatever the node framed) goes on air as one HDLC frame:
//         airtime = tx_delay + (payload bytes + 2 FCS + 2 flags) * 8 / bit_rate
//     tx_delay is the node's last KISS TXDELAY (units of 10 ms; 0 until it sends one). Bit
//     stuffing is not counted: on random bytes it adds about 1.6% (one bit in 62), at most
//     20% on long runs of ones. Other KISS parameters (persistence, slot time, ...) are
//     recorded and otherwise ignored.
//   - The channel is perfect carrier sense: one transmission at a time, never a collision.
//     When it falls idle and several TNCs wait, they take turns (round robin from the node
//     after the last sender), one frame per turn.
//   - A TNC queues at most `tnc_queue_frames` frames, like a real TNC's buffer; beyond that
//     a frame is dropped and counted.
//   - When a transmission ends it is delivered, as a KISS data frame on port 0, to every
//     OTHER node; each delivery is lost independently with probability `loss`, drawn from a
//     std::mt19937_64 seeded with `seed`, so a run is reproducible given the same order of
//     transmissions.
//   - A receiving node that does not read (no daemon on its slave, or a full pty buffer)
//     loses what it cannot take, counted as an overflow: a radio does not wait either.
//
// Every transmission is recorded (node, start, airtime, payload) so that a test can check
// the airtime a node used in any sliding window against its budget.
//
// Threading: start() runs the channel on its own thread (poll() on the pty masters, woken at
// least every 20 ms to see the stop flag and the end of a transmission); the accessors may be
// called from any thread at any time and return copies.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "common/result.h"
#include "radio/codec/kiss_codec.h"

namespace baken::testing {

struct LinkSimulatorOptions {
    std::size_t nodes = 2;              // 1..16
    double bit_rate = 1200;             // bit/s on air
    double loss = 0.0;                  // probability that one delivery to one receiver is lost
    std::uint64_t seed = 1;             // for the loss draws
    std::size_t tnc_queue_frames = 64;  // per TNC; a real TNC's buffer is a few KB
    std::size_t max_records = 100000;   // transmissions recorded; later ones only counted
};

// One frame on air.
struct Transmission {
    std::size_t node = 0;
    double start_s = 0;         // seconds since start()
    double airtime_s = 0;       // tx delay included
    std::string payload;        // the KISS data frame's payload as the node framed it
    std::size_t delivered = 0;  // receivers that got it
    std::size_t lost = 0;       // receivers whose copy was lost on air
};

// Per node, since start().
struct NodeTotals {
    std::uint64_t frames_sent = 0;    // transmissions
    std::uint64_t payload_bytes = 0;  // their payloads
    double airtime_s = 0;
    std::uint64_t frames_received = 0;    // deliveries written to this node's pty
    std::uint64_t frames_lost = 0;        // deliveries to this node lost on air
    std::uint64_t frames_overflowed = 0;  // deliveries to this node it could not take
    std::uint64_t queue_drops = 0;        // frames its TNC queue had no room for
    std::uint64_t parameter_frames = 0;   // KISS commands other than data
    double tx_delay_s = 0;                // its last TXDELAY
};

// The most airtime `node` used in any window of `window_s` seconds among `frames` (a frame
// that straddles a window's edge counts in part). REQUIRES: one node's frames do not overlap
// and are in order of start, as the simulator records them.
double max_airtime_in_window(const std::vector<Transmission>& frames, std::size_t node,
                             double window_s);

class KissLinkSimulator {
  public:
    // Opens one raw pseudo-terminal pair per node. The error names what failed.
    static Result<std::unique_ptr<KissLinkSimulator>, std::string> create(
        LinkSimulatorOptions options);
    ~KissLinkSimulator();  // stops the thread, closes both sides of every pty
    KissLinkSimulator(const KissLinkSimulator&) = delete;
    KissLinkSimulator& operator=(const KissLinkSimulator&) = delete;

    // The slave side a daemon opens as its serial device, "/dev/pts/N". REQUIRES: node < nodes.
    const std::string& device_path(std::size_t node) const;
    std::size_t nodes() const { return nodes_.size(); }

    // Starts the channel thread; time 0 of every record is this moment. Once only.
    void start();
    // Stops it (bounded: the thread wakes at least every 20 ms). Frames still queued or on
    // air are not delivered. Safe to call twice.
    void stop();

    std::vector<Transmission> transmissions() const;
    NodeTotals totals(std::size_t node) const;
    std::uint64_t unrecorded_transmissions() const;  // beyond max_records

    // max_airtime_in_window() over every transmission recorded so far.
    double max_airtime_in_window(std::size_t node, double window_s) const;

    // The model's airtime for a payload of `payload_bytes` at `bit_rate` (see above).
    static double airtime_of(std::size_t payload_bytes, double bit_rate, double tx_delay_s);

  private:
    struct Node;
    explicit KissLinkSimulator(LinkSimulatorOptions options);

    void run();
    int poll_timeout_ms() const;
    void read_from(std::size_t node);
    void take_frame(std::size_t node, radio::KissFrame frame);
    void start_next_transmission();
    void finish_transmission();
    void deliver(std::size_t receiver, const std::string& payload);
    void flush(std::size_t node);
    double seconds_since_start() const;

    LinkSimulatorOptions options_;
    std::vector<std::unique_ptr<Node>> nodes_;
    std::mt19937_64 random_;
    std::chrono::steady_clock::time_point started_;

    // The channel: at most one transmission on air, ending at on_air_until_ (seconds).
    bool on_air_ = false;
    double on_air_until_s_ = 0;
    std::size_t on_air_node_ = 0;
    std::string on_air_payload_;
    std::size_t on_air_record_ = 0;  // index in records_, or records_.size() if unrecorded
    std::size_t last_sender_ = 0;

    mutable std::mutex mutex_;  // guards records_, totals and unrecorded_
    std::vector<Transmission> records_;
    std::uint64_t unrecorded_ = 0;

    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace baken::testing
