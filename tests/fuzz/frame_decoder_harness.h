// The frame decoder fuzz harness: one function shared by the libFuzzer target
// (frame_decoder_fuzz.cc) and the corpus replay test (replay/channel_corpus_replay_test.cc).
//
// Input layout:
//   byte 0   the decoder's maximum frame size: 0..254 bytes as given, 255 = the default 64 KiB
//            (small limits let the fuzzer reach both "fits" and "oversized" often)
//   byte 1   seed of the chunk sizes for the third decode (see below)
//   rest     the byte stream from the peer
// A shorter input is an empty stream with max 0 / seed 0.
//
// fuzz_frame_decoder() decodes the stream three times: in one piece, one byte at a time, and
// in pseudo-random chunks (1 byte up to 4 KiB, from the seed), and aborts with a message on
// stderr when an invariant does not hold:
//   - the three decodes agree: the same frames, the same error (code and declared length);
//   - the frames, re-encoded, are exactly the front of the stream, and none exceeds the max;
//   - an error happens only where the header after the last frame declares more than the max,
//     and then the decoder stays failed (the next feed returns the same error, consumes 0);
//   - without an error the rest of the stream is the incomplete frame the decoder holds
//     (buffered_bytes()), always < 4 + declared length; at_frame_boundary() exactly when the
//     rest is empty; buffered_bytes() <= 4 + max after every call;
//   - each feed() consumes at most its input, and all of it unless a frame completed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "sync/channel/frame_codec.h"

namespace baken::fuzz {

struct FrameDecoderOutcome {
    std::size_t frames = 0;                    // complete frames decoded
    std::optional<channel::FrameError> error;  // set when the stream failed
    std::size_t pending_bytes = 0;             // bytes of an incomplete frame at the end
};

FrameDecoderOutcome fuzz_frame_decoder(const std::uint8_t* data, std::size_t size);

// The input for a given max selector (byte 0), chunk seed and stream.
std::string frame_decoder_input(std::uint8_t max_selector, std::uint8_t chunk_seed,
                                const std::string& stream);

}  // namespace baken::fuzz
