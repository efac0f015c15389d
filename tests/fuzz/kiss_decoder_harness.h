// The KISS decoder fuzz harness: one function shared by the libFuzzer target
// (kiss_decoder_fuzz.cc) and the corpus replay test (replay/radio_corpus_replay_test.cc).
//
// Input layout:
//   byte 0         bits 0-2: n, how many chunk-size bytes follow (0..7);
//                  bits 3-4: the decoder's max_payload: 2048 (the default), 256, 16 or 1
//   bytes 1..n     the chunk sizes, used in turn: 1 + b * b / 8 bytes (1 .. 8129)
//   rest           the byte stream from the TNC (untrusted: whatever the radio heard)
// With n = 0 the second decode goes one byte at a time. An empty input is an empty stream.
//
// fuzz_kiss_decoder() decodes the stream twice, in one piece and in those chunks, and aborts
// with a message on stderr when an invariant does not hold:
//   - both decodes give the same frames and the same statistics;
//   - stats: frames counts the frames handed out, bytes the bytes fed; every frame handed out
//     or dropped (oversized, bad escape) ended at a FEND, so together they are at most the
//     FENDs in the stream;
//   - no payload is longer than max_payload; a port is 0..15, and 0 for return_from_kiss;
//   - a frame, re-encoded, decodes to exactly that frame (and all of them, re-encoded into one
//     stream, to the same frames), with nothing dropped;
//   - without FESC in the stream, the frames are exactly the non-empty pieces between FENDs
//     that fit max_payload (after the first FEND; their first byte is the type).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace baken::fuzz {

struct KissDecoderOutcome {
    std::size_t frames = 0;
    std::uint64_t oversized = 0;
    std::uint64_t bad_escape = 0;
};

KissDecoderOutcome fuzz_kiss_decoder(const std::uint8_t* data, std::size_t size);

// max_payload_choice: 0 = 2048, 1 = 256, 2 = 16, 3 = 1. At most 7 chunk bytes are used.
std::string kiss_decoder_input(std::uint8_t max_payload_choice,
                               const std::vector<std::uint8_t>& chunk_bytes,
                               const std::string& stream);

}  // namespace baken::fuzz
