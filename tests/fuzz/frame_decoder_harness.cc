// See frame_decoder_harness.h.
#include "fuzz/frame_decoder_harness.h"
#include "fuzz/invariant.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace baken::fuzz {
namespace {

using channel::FrameDecoder;
using channel::FrameError;
using channel::kFrameHeaderBytes;

struct Decode {
    std::vector<Bytes> frames;
    std::optional<FrameError> error;
    std::size_t buffered = 0;
    bool at_boundary = false;
};

// Feeds one chunk completely, the way a connection does.
void feed_chunk(FrameDecoder& decoder, ByteView chunk, Decode& out) {
    while (!chunk.empty() && !out.error) {
        auto step = decoder.feed(chunk);
        if (!step) {
            out.error = step.error();
            auto again = decoder.feed(chunk);
            require(!again.ok() && again.error().code == step.error().code &&
                        again.error().declared_bytes == step.error().declared_bytes,
                    "a failed decoder keeps failing with the same error");
            require(decoder.failed(), "a failed decoder says so");
            return;
        }
        require(step->consumed <= chunk.size(), "feed() consumes at most its input");
        require(decoder.buffered_bytes() <= kFrameHeaderBytes + decoder.max_frame_bytes(),
                "the decoder buffers at most one header and one frame");
        if (step->frame) {
            require(step->frame->size() <= decoder.max_frame_bytes(), "no frame exceeds the max");
            out.frames.emplace_back(step->frame->begin(), step->frame->end());
        } else {
            require(step->consumed == chunk.size(), "an incomplete frame takes all the input");
        }
        chunk = chunk.subspan(step->consumed);
    }
}

Decode decode(ByteView stream, std::size_t max, const std::vector<std::size_t>& chunk_sizes) {
    FrameDecoder decoder(max);
    Decode out;
    std::size_t at = 0;
    for (std::size_t i = 0; at < stream.size() && !out.error; ++i) {
        const std::size_t n =
            chunk_sizes.empty() ? stream.size() - at
                                : std::min(chunk_sizes[i % chunk_sizes.size()], stream.size() - at);
        feed_chunk(decoder, stream.subspan(at, n), out);
        at += n;
    }
    out.buffered = decoder.buffered_bytes();
    out.at_boundary = decoder.at_frame_boundary();
    return out;
}

std::vector<std::size_t> chunk_sizes(std::uint8_t seed) {
    std::uint32_t x = 0x9e3779b9u ^ seed;
    std::vector<std::size_t> sizes;
    for (int i = 0; i < 64; ++i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        sizes.push_back(1 + (x >> 8) % (std::size_t{1} << (x % 13)));  // 1 .. 4096
    }
    return sizes;
}

std::uint32_t be32(ByteView p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
           std::uint32_t{p[3]};
}

bool same_error(const std::optional<FrameError>& a, const std::optional<FrameError>& b) {
    if (a.has_value() != b.has_value()) return false;
    return !a || (a->code == b->code && a->declared_bytes == b->declared_bytes &&
                  a->max_frame_bytes == b->max_frame_bytes);
}

}  // namespace

std::string frame_decoder_input(std::uint8_t max_selector, std::uint8_t chunk_seed,
                                const std::string& stream) {
    std::string input;
    input.push_back(static_cast<char>(max_selector));
    input.push_back(static_cast<char>(chunk_seed));
    return input + stream;
}

FrameDecoderOutcome fuzz_frame_decoder(const std::uint8_t* data, std::size_t size) {
    const std::uint8_t selector = size > 0 ? data[0] : 0;
    const std::uint8_t seed = size > 1 ? data[1] : 0;
    const std::size_t max = selector == 0xff ? channel::kDefaultMaxFrameBytes : selector;
    const ByteView stream = size > 2 ? ByteView(data + 2, size - 2) : ByteView();

    const Decode whole = decode(stream, max, {});
    const Decode bytewise = decode(stream, max, {1});
    const Decode chunked = decode(stream, max, chunk_sizes(seed));
    for (const Decode* other : {&bytewise, &chunked}) {
        require(other->frames == whole.frames, "every split of the stream gives the same frames");
        require(same_error(other->error, whole.error), "every split gives the same error");
        require(other->buffered == whole.buffered, "every split leaves the same bytes pending");
    }

    // The frames are the front of the stream.
    std::size_t at = 0;
    for (const Bytes& frame : whole.frames) {
        auto encoded = channel::encode_frame(frame, max);
        require(encoded.ok(), "a decoded frame encodes under the same max");
        require(at + encoded->size() <= stream.size() &&
                    std::equal(encoded->begin(), encoded->end(), stream.begin() + at),
                "re-encoded frames are the front of the stream");
        at += encoded->size();
    }
    const std::size_t rest = stream.size() - at;
    if (whole.error) {
        require(rest >= kFrameHeaderBytes, "an error needs a whole header");
        const std::uint32_t declared = be32(stream.subspan(at, kFrameHeaderBytes));
        require(declared > max && whole.error->declared_bytes == declared &&
                    whole.error->max_frame_bytes == max,
                "an error names a header that declares more than the max");
    } else {
        require(whole.buffered == rest, "what is not a frame is the pending incomplete frame");
        if (rest >= kFrameHeaderBytes) {
            const std::uint32_t declared = be32(stream.subspan(at, kFrameHeaderBytes));
            require(declared <= max && rest < kFrameHeaderBytes + declared,
                    "the pending frame fits and is incomplete");
        }
        require(whole.at_boundary == (rest == 0), "at a frame boundary exactly when nothing pends");
    }
    return FrameDecoderOutcome{whole.frames.size(), whole.error, whole.error ? 0 : rest};
}

}  // namespace baken::fuzz
