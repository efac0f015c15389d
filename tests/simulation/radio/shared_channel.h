// One half-duplex radio channel shared by several nodes, each behind a KISS TNC, on the
// simulator's virtual time: what the radio mesh simulation puts between RadioLinks.
//
// THE MODEL (simple on purpose; every choice is one a reader can check against a real TNC):
//
//   * The TNC: a FIFO of frames from the host, at most `queue_limit` (beyond that a frame is
//     dropped and counted, as a TNC whose buffer is full drops it). One frame per
//     transmission: each pays its own tx_delay, exactly as radio::airtime_ms() counts it (real
//     TNCs may send queued frames back to back under one key-up; the link's budget assumes
//     they do not, so this is the case the budget is written for).
//   * Channel access is KISS p-persistent CSMA: when the TNC has a frame and senses the
//     channel clear it draws a random byte and transmits if it is <= `persistence` (KISS P; the
//     default 63 gives p = 64/256); otherwise it waits `slot_ms` and tries again. While it
//     senses carrier it waits for the carrier to end, then draws at once.
//   * Carrier is sensed only `carrier_sense_delay_ms` after another transmitter keyed up
//     (default: that transmitter's tx_delay, the whole preamble). Two stations that key up
//     within that gap of each other both transmit and collide. Real DCD locks onto the flags
//     sooner, so this errs towards more collisions.
//   * A transmission occupies [start, start + airtime) with airtime = radio::airtime_ms(model,
//     frame), the same function and model the link budgets with.
//   * Reception, decided when a transmission ends, for every other node that hears the sender:
//     lost if the receiver itself transmitted at any moment of it (half duplex), or if any
//     other transmission the receiver hears overlaps it at all (a collision: both frames are
//     lost at that receiver); otherwise lost independently with probability `loss`; otherwise
//     delivered whole (the TNC's CRC drops damaged frames, so a frame arrives whole or not).
//   * Topology: by default everyone hears everyone; set_hears() makes hidden nodes. Hearing
//     decides both carrier sense and reception.
//
// Every transmission is recorded (who, when handed over, when started, airtime, the exact
// bytes, collided anywhere, how many receivers got it), up to `max_records`.
//
// Deterministic: all randomness comes from the SimRandom given, and events run on the
// simulator's EventLoop (microseconds; the channel works in whole milliseconds).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "radio/link/airtime_budget.h"
#include "simulation/event_loop.h"
#include "simulation/sim_random.h"

namespace baken::sim {

struct ChannelSettings {
    radio::AirtimeModel airtime;
    int persistence = 63;  // KISS P (0..255): transmit when a random byte is <= P
    std::int64_t slot_ms = 100;
    std::int64_t carrier_sense_delay_ms = -1;  // < 0: tx_delay (every node keys up alike)
    std::size_t queue_limit = 64;
    // Frames waiting when one ends follow under the same key-up, without another tx delay or
    // CSMA wait, up to this many in one transmission (Dire Wolf does so: xmit.c sends what is
    // queued before it unkeys). 1: every frame contends and keys up on its own.
    int frames_per_key_up = 7;
    double loss = 0.0;  // chance that one delivery is lost, independently of all others
    std::size_t max_records = 1'000'000;
};

struct Transmission {
    int node = 0;
    std::int64_t queued_ms = 0;  // handed to the TNC (channel time, ms since the run began)
    std::int64_t start_ms = 0;   // keyed up
    std::int64_t airtime_ms = 0;
    std::string bytes;      // the modem frame (what KISS carries)
    bool collided = false;  // lost by collision (or half duplex) at some receiver
    int delivered = 0;      // receivers that got it
};

struct TncStats {
    std::uint64_t queued = 0;
    std::uint64_t dropped = 0;  // the FIFO was full
    std::size_t deepest = 0;    // the most frames the FIFO held at once
    std::uint64_t sent = 0;
    std::uint64_t deferrals = 0;  // slots waited after losing the p-persistence draw
    std::uint64_t received = 0;
    std::uint64_t lost_to_collision = 0;  // at this receiver, collision or half duplex
    std::uint64_t lost_to_noise = 0;      // at this receiver, the independent loss
    std::int64_t airtime_ms = 0;
};

class SharedChannel {
  public:
    // A frame delivered to `receiver`.
    using FrameListener = std::function<void(int receiver, const std::string& frame)>;
    // `node`'s TNC has nothing queued and is not transmitting.
    using IdleListener = std::function<void(int node)>;

    SharedChannel(EventLoop& loop, int nodes, ChannelSettings settings, SimRandom random);

    void on_frame(FrameListener listener) { on_frame_ = std::move(listener); }
    void on_idle(IdleListener listener) { on_idle_ = std::move(listener); }

    // Whether `receiver` hears `sender` (and senses its carrier). Default: everyone hears
    // everyone. set_hears_each_other sets both directions.
    void set_hears(int receiver, int sender, bool hears);
    void set_hears_each_other(int a, int b, bool hear);
    bool hears(int receiver, int sender) const;

    // The host hands `frame` to node's TNC. False when the FIFO is full (dropped, counted).
    bool send(int node, std::string frame);
    // Nothing queued at the TNC and nothing on the air from it.
    bool idle(int node) const;

    const std::vector<Transmission>& records() const { return records_; }
    std::uint64_t records_dropped() const { return records_dropped_; }
    const TncStats& stats(int node) const { return tncs_[node].stats; }
    int nodes() const { return static_cast<int>(tncs_.size()); }
    const ChannelSettings& settings() const { return settings_; }
    std::int64_t now_ms() const { return loop_.now() / kMs; }

  private:
    struct Queued {
        std::string frame;
        std::int64_t queued_ms = 0;
    };
    struct Tnc {
        std::deque<Queued> queue;
        bool transmitting = false;
        bool attempt_scheduled = false;
        int frames_this_key_up = 0;
        TncStats stats;
    };
    struct OnAir {
        int node = 0;
        std::int64_t start_ms = 0;
        std::int64_t end_ms = 0;
        std::uint64_t serial = 0;
        std::size_t record = 0;  // index in records_, or SIZE_MAX when not recorded
        std::string bytes;
        bool finished = false;
        bool continued = false;  // under the key-up of the frame before it: carrier already on
    };

    void schedule_attempt(int node, std::int64_t at_ms);
    void attempt(int node);
    // The end of the carrier `node` senses now, or 0 when it senses the channel clear.
    std::int64_t carrier_until(int node) const;
    // continued: right after the node's previous frame, under the same key-up.
    void transmit(int node, bool continued = false);
    void finish(std::uint64_t serial);
    bool lost_by_overlap(int receiver, const OnAir& frame) const;
    void forget_finished();
    std::int64_t sense_delay() const;

    EventLoop& loop_;
    ChannelSettings settings_;
    SimRandom csma_random_;
    SimRandom loss_random_;
    std::vector<Tnc> tncs_;
    std::vector<std::vector<bool>> hears_;  // [receiver][sender]
    std::vector<OnAir> on_air_;  // transmitting now, and finished ones that may still overlap
    std::vector<Transmission> records_;
    std::uint64_t records_dropped_ = 0;
    std::uint64_t next_serial_ = 0;
    FrameListener on_frame_;
    IdleListener on_idle_;
};

}  // namespace baken::sim
