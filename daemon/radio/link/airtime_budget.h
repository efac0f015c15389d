// How long a frame keeps the channel busy, and the airtime budget an interface never exceeds.
//
// AIRTIME of one frame handed to the modem:
//     tx_delay + (frame bytes + HDLC overhead) * 8 / bit_rate  (+ stuffed bits, AX.25 only)
// The TNC keys the transmitter for tx_delay before the first flag; HDLC adds two flags and a
// 16-bit FCS (4 bytes), and on AX.25 a 0 is stuffed after every five 1s in a row, which the
// estimate counts exactly for the bytes it knows (and assumes the worst for the FCS). For a
// LoRa modem (raw framing) the bit rate is the configured effective rate; its firmware keeps
// the legal duty cycle itself with the exact LoRa time on air (firmware-bridge/).
//
// THE BUDGET is a duty cycle over a sliding window (ETSI EN 300 220 counts per hour). Each
// frame is counted at the time it is expected on the air: when it is handed over, or when the
// TNC will have sent what it already holds. A frame is handed to the modem only if the airtime
// of the frames counted within (now - window - margin, now] (and later) plus its own stays
// within the budget. Hearing another station's frame moves what we expected on air during it
// to after it (postpone()): a half-duplex TNC cannot send while the channel carries someone
// else, so a station that talks for several seconds delays all we handed over by as much.
// The margin covers what the estimate cannot know (the TNC's random backoff, a station we do
// not hear): as long as a frame goes on air no later than `margin` after it was expected, no
// window of what is actually on the air ever holds more than the budget. (The frames on air
// in any window (T - W, T] were expected after T - W - margin, all of which the check for the
// last of them counted.)
#pragma once

#include <cstdint>
#include <deque>

#include "common/bytes.h"

namespace baken::radio {

struct AirtimeModel {
    std::uint32_t bit_rate = 1200;    // bits per second on air
    std::uint32_t tx_delay_ms = 300;  // keying delay before each frame
    bool hdlc = true;                 // AX.25 over HDLC: flags, FCS and bit stuffing
};

// Milliseconds on air for `frame` (the bytes handed to the modem, AX.25 header included).
std::int64_t airtime_ms(const AirtimeModel& model, ByteView frame);
// The same for a frame of `bytes` bytes without bit stuffing (for estimates before a frame
// exists, e.g. the bench's theoretical figure).
std::int64_t airtime_ms(const AirtimeModel& model, std::size_t bytes);

// The mean time a p-persistent CSMA TNC waits for its turn on a clear channel: it transmits
// in each slot with probability (persistence + 1) / 256 (KISS), so it waits
// slot * (256 / (persistence + 1) - 1) on average: 300 ms with the defaults 63 and 100 ms.
std::int64_t mean_access_delay_ms(std::uint32_t persistence, std::uint32_t slot_time_ms);

class AirtimeBudget {
  public:
    AirtimeBudget(std::int64_t window_ms, std::int64_t budget_ms, std::int64_t margin_ms = 0)
        : window_ms_(window_ms), budget_ms_(budget_ms), margin_ms_(margin_ms) {}

    // Airtime of frames counted within the window (and margin) ending at now, and of those
    // expected later.
    std::int64_t used(std::int64_t now_ms);
    bool allows(std::int64_t now_ms, std::int64_t airtime) {
        return used(now_ms) + airtime <= budget_ms_;
    }
    // The earliest time >= now at which `airtime` fits (frames leave the window in order).
    std::int64_t fits_at(std::int64_t now_ms, std::int64_t airtime);
    // Counts a frame handed over at now, expected on the air at `on_air_at_ms` (>= now), an
    // estimate that may be up to `slack_ms` late (see postpone()).
    void spend(std::int64_t now_ms, std::int64_t airtime, std::int64_t on_air_at_ms,
               std::int64_t slack_ms = 0);
    void spend(std::int64_t now_ms, std::int64_t airtime) { spend(now_ms, airtime, now_ms); }
    // The channel was busy with another station from `from_ms` for `by_ms`. Half duplex: a
    // frame expected on the air after from_ms (to start, or still going) did not go then and
    // goes that much later, unless its estimate's slack covers the overlap (it went before).
    void postpone(std::int64_t from_ms, std::int64_t by_ms);
    // Airtime of frames on the air (by the estimate) within the window alone, without the
    // margin and the frames still to go: what a person asking "how much in the last hour"
    // means.
    std::int64_t used_in_window(std::int64_t now_ms);

    std::int64_t budget_ms() const { return budget_ms_; }
    std::int64_t window_ms() const { return window_ms_; }

  private:
    struct Spent {
        std::int64_t at_ms;  // expected on the air; ascending
        std::int64_t airtime_ms;
        std::int64_t slack_ms;
    };
    void forget_before(std::int64_t now_ms);

    std::int64_t window_ms_;
    std::int64_t budget_ms_;
    std::int64_t margin_ms_;
    std::deque<Spent> spent_;  // bounded: every entry is >= 1 ms, so at most budget_ms entries
    std::int64_t sum_ = 0;
};

}  // namespace baken::radio
