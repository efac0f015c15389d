// A simulated point-to-point link between two nodes: what happens to one IP packet on it.
//
// Each direction has its own transmitter: a packet waits until the previous one has been
// serialised (bandwidth), then travels for the latency plus jitter. A packet may be lost,
// duplicated (a second copy arrives later), delayed extra (so it overtakes nobody but is
// overtaken: reordering) or corrupted (a bit flips that the TCP checksum failed to catch —
// rare in life, but the AEAD of the session must notice it). A link that is down loses
// everything sent on it; connections over it survive as long as TCP keeps retransmitting.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "simulation/event_loop.h"
#include "simulation/sim_random.h"

namespace baken::sim {

struct LinkParams {
    SimTime latency = 5 * kMs;                   // one way
    SimTime jitter = 1 * kMs;                    // uniform extra delay in [0, jitter]
    std::uint64_t bytes_per_second = 1'250'000;  // 10 Mbit/s
    double loss = 0;                             // per packet
    double duplicate = 0;                        // per delivered packet
    double reorder = 0;  // per delivered packet: delayed by an extra latency
    double corrupt = 0;  // per delivered data packet, while corruption is switched on
};

// What became of one packet handed to the link.
struct Transit {
    bool lost = false;
    SimTime arrival = 0;
    std::optional<SimTime> duplicate_arrival;
    bool corrupted = false;
};

class Link {
  public:
    Link(int a, int b, LinkParams params) : a_(a), b_(b), params_(params) {}

    int a() const { return a_; }
    int b() const { return b_; }
    // REQUIRES: node is a() or b().
    int other(int node) const { return node == a_ ? b_ : a_; }
    const LinkParams& params() const { return params_; }

    bool up() const { return up_; }
    void set_up(bool up) { up_ = up; }
    void set_corruption(bool on) { corruption_on_ = on; }

    // Sends a packet of `bytes` from `from` (an end of the link) at `now`. Counts it.
    Transit send(int from, std::size_t bytes, SimTime now, SimRandom& random);
    // Delay of a tiny packet (an ACK, a RST) from `from`, without using the transmitter.
    SimTime control_delay(SimRandom& random);
    // Round-trip time without queueing: what TCP's retransmission timer is based on.
    SimTime base_rtt() const { return 2 * (params_.latency + params_.jitter); }

    std::uint64_t bytes_sent(int from) const { return bytes_[direction(from)]; }
    std::uint64_t packets_lost() const { return packets_lost_; }

  private:
    int direction(int from) const { return from == a_ ? 0 : 1; }

    int a_;
    int b_;
    LinkParams params_;
    bool up_ = true;
    bool corruption_on_ = false;
    std::array<SimTime, 2> busy_until_{};  // per direction: when the transmitter is free
    std::array<std::uint64_t, 2> bytes_{};
    std::uint64_t packets_lost_ = 0;
};

}  // namespace baken::sim
