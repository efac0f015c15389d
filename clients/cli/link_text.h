// The radio interfaces (GET /api/v1/links) as text for a terminal: what `baken links` prints.
// One block per interface: whether its modem is up (and why not), how it frames, what it
// carried, its airtime against the budget, and the stations it hears — the figures a radio
// volunteer checks first when a link seems quiet.
//
// Nothing here reads the clock: "now" is passed in, so the tests are exact. Every string the
// daemon sends (modem errors, callsigns heard on the air) goes through printable().
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "baken/v1/api.pb.h"

namespace baken::cli {

// Milliseconds as seconds with at most one decimal: "12.3 s", "360 s", "0 s".
std::string seconds_text(std::int64_t ms);

// "12.3 s of 360 s (3.4 %) in the last 60 min": airtime spent in the sliding window against
// the budget for that window.
std::string airtime_text(const v1::RadioLinkView& link);

// "up (connected)", or "down: connect 127.0.0.1:8001: Connection refused".
std::string modem_state_text(const v1::RadioLinkView& link);

// "AX.25 as PA3XYZ-7, lawful (signed, never encrypted), 1200 bit/s" or "raw KISS, 1760 bit/s".
std::string framing_text(const v1::RadioLinkView& link);

// The last line of `baken peers` on a node with radio links: "1 radio link (0 up): see
// `baken links`", with its newline; empty without any.
std::string links_hint(const v1::RadioLinkList& links);

// The whole block for one interface, ending in a newline; tables cut to `width` columns.
std::string render_link(const v1::RadioLinkView& link, std::int64_t now_ms, std::size_t width);

}  // namespace baken::cli
