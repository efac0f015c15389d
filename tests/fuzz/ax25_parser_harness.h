// The AX.25 parser fuzz harness: one function shared by the libFuzzer target
// (ax25_parser_fuzz.cc) and the corpus replay test (replay/radio_corpus_replay_test.cc).
//
// Input layout: the whole input is one frame as a KISS data frame carries it (no flags, no
// FCS), untrusted: whatever another station sent.
//
// fuzz_ax25_parser() parses it and aborts with a message on stderr when an invariant does not
// hold. When the parse succeeds:
//   - every callsign is one parse_callsign accepts and prints back the same; at most 8
//     digipeaters; the info field is not empty;
//   - the input is exactly an address field of 2 + via addresses, control, PID and info
//     (ax25_header_size(via) + info bytes);
//   - encoding the frame gives the input again, except for the bits the parser does not check
//     (C/H and reserved bits of SSID bytes, the P/F bit of the control byte);
//   - parsing that encoding gives the same frame.
// When it fails, the error is one of the five, and a frame shorter than 16 bytes can only be
// too_short, bad_address or not_ui_frame.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "radio/codec/ax25_frame.h"

namespace baken::fuzz {

struct Ax25ParserOutcome {
    std::optional<radio::Ax25Error> error;  // nullopt: parsed
    std::size_t via = 0;
};

Ax25ParserOutcome fuzz_ax25_parser(const std::uint8_t* data, std::size_t size);

}  // namespace baken::fuzz
