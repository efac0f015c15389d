// What can be checked from the channel's record of every transmission (shared_channel.h),
// independently of what the links believe they did: airtime per sliding window, the framing
// of every frame, and which messages actually crossed the air (reassembled from the frames
// themselves, as any listener could).
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "radio/codec/callsign.h"
#include "simulation/radio/shared_channel.h"

namespace baken::sim {

// Which instant of a transmission counts for the window: when it went on the air (what the
// law and the other stations see) or when the host handed it to the TNC (what the link's
// budget controls; the TNC's queue and CSMA wait come between the two).
enum class AirtimeInstant { keyed_up, handed_over };

// The most airtime `node` started within any window (t - window_ms, t].
std::int64_t max_airtime_in_window(std::span<const Transmission> records, int node,
                                   std::int64_t window_ms, AirtimeInstant instant);

// Airtime of the frames `node` keyed up within [from_ms, to_ms).
std::int64_t airtime_between(std::span<const Transmission> records, int node, std::int64_t from_ms,
                             std::int64_t to_ms);

// Every way a frame breaks lawful amateur framing: not an AX.25 UI frame, a source other than
// the transmitting node's callsign (callsigns[node]), a PID other than 0xF0, a reserved
// destination. Empty when every frame is lawful. At most `max_reported` lines.
std::vector<std::string> framing_problems(std::span<const Transmission> records,
                                          std::span<const radio::Callsign> callsigns,
                                          std::size_t max_reported = 20);

// The payloads of every message whose data fragments all crossed the air (from any sender,
// whether or not anyone received them), inflated when sent deflated: the exact envelope bytes.
// `ax25`: frames are AX.25 UI frames around the link frame; otherwise raw link frames.
std::vector<std::string> envelopes_on_air(std::span<const Transmission> records, bool ax25);

// The modem bytes of the frames that carried fragments of the message whose id starts with
// `tag` (its first 6 bytes), and how many such frames.
struct DataFrameTotals {
    std::uint64_t frames = 0;
    std::uint64_t bytes = 0;
};
DataFrameTotals data_frames_for(std::span<const Transmission> records, bool ax25,
                                std::span<const std::uint8_t> tag);

// Frames and modem bytes on the air by link frame type ("summary", "symbol_request",
// "symbols", "want", "data", "missing"; "other" for anything that is not a link frame).
struct FrameTally {
    std::uint64_t frames = 0;
    std::uint64_t bytes = 0;
    std::int64_t airtime_ms = 0;
};
std::map<std::string, FrameTally> frames_by_type(std::span<const Transmission> records, bool ax25);

// True when any frame contains `needle` verbatim.
bool any_frame_contains(std::span<const Transmission> records, std::string_view needle);

}  // namespace baken::sim
