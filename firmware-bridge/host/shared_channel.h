// The air between simulated modems: who listens on which settings, which transmissions are
// on the air, and what each one became. Pure logic with the time passed in (microseconds on
// any monotonic clock), so baken-lora-channel is only this plus a socket.
//
// The rules, kept simple on purpose:
// - A modem hears a frame when it attached with the same frequency, spreading factor and
//   bandwidth as the sender used, and the frame's airtime has elapsed.
// - COLLISION: two transmissions on the same frequency that overlap in time (whatever their
//   spreading factor or bandwidth) are both lost at every receiver. No capture effect. A
//   modem that transmits during another's frame therefore also cannot hear it (half duplex).
// - LOSS: each receiver misses each frame that did not collide with probability `loss`,
//   drawn independently from a generator seeded with `seed` (repeatable runs).
// - CHANNEL CHECK: busy while any transmission is on the air on that frequency.
// - The sender always gets transmit_done when the airtime has elapsed: a real radio does not
//   know whether anyone heard it.
// - A frame is delivered with RSSI -80 dBm and SNR 7 dB (a comfortable link).
#pragma once

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "host/channel_protocol.h"
#include "host/udp_endpoint.h"

namespace baken::modem::host {

struct Outgoing {
    Endpoint to;
    Datagram datagram;
};

enum class Outcome : std::uint8_t {
    delivered,  // at least one receiver heard it
    lost,       // every receiver missed it (loss)
    collided,   // overlapped another transmission on the same frequency
    unheard,    // nobody listens on its settings
    cut,        // still on the air when the channel stopped
};
const char* outcome_name(Outcome outcome);

// One transmission, once its airtime has elapsed.
struct TransmissionRecord {
    std::uint64_t start_us = 0;
    std::string sender;
    std::size_t bytes = 0;
    std::uint32_t airtime_us = 0;
    Outcome outcome = Outcome::unheard;
    std::size_t delivered_to = 0;
    std::size_t lost_at = 0;
};

struct SenderTotals {
    std::size_t frames = 0;
    std::size_t bytes = 0;
    std::uint64_t airtime_us = 0;
    std::size_t delivered = 0;
    std::size_t lost = 0;
    std::size_t collided = 0;
    std::size_t unheard = 0;
    std::size_t cut = 0;
};

class SharedChannel {
  public:
    SharedChannel(double loss, std::uint64_t seed) : loss_(loss), random_(seed) {}

    // Handles a datagram from `from` that arrived at now_us; what to answer goes to `out`.
    // Datagrams a modem should never send (frames, answers) and transmissions from modems that
    // never attached are ignored and counted.
    void receive(const Endpoint& from, const Datagram& datagram, std::uint64_t now_us,
                 std::vector<Outgoing>& out);
    // Ends every transmission whose airtime has elapsed by now_us: transmit_done to its
    // sender, the frame to those who hear it, and its record to `ended`.
    void advance(std::uint64_t now_us, std::vector<Outgoing>& out,
                 std::vector<TransmissionRecord>& ended);
    // Ends every transmission still on the air (the channel is stopping), as cut: their
    // senders charged their whole airtime, so the log must show them too.
    void cut_off(std::vector<TransmissionRecord>& ended);
    // When the next transmission on the air ends; UINT64_MAX when none is.
    std::uint64_t next_end_us() const;

    const std::map<std::string, SenderTotals>& totals() const { return totals_; }
    std::size_t ignored() const { return ignored_; }

  private:
    struct Listener {
        std::string name;
        ChannelSettings settings;
    };
    struct OnAir {
        Endpoint sender;
        ChannelSettings settings;
        std::uint64_t start_us = 0;
        std::uint64_t end_us = 0;
        std::vector<std::uint8_t> payload;
        bool collided = false;
    };

    void start_transmission(const Endpoint& from, const Datagram& datagram, std::uint64_t now_us);
    bool busy(std::uint32_t frequency_hz) const;
    TransmissionRecord finish(const OnAir& t, std::vector<Outgoing>& out);
    TransmissionRecord record_of(const OnAir& t) const;
    void count(const TransmissionRecord& record);

    double loss_;
    std::mt19937_64 random_;
    std::map<Endpoint, Listener> listeners_;
    std::vector<OnAir> on_air_;
    std::map<std::string, SenderTotals> totals_;
    std::size_t ignored_ = 0;
};

}  // namespace baken::modem::host
