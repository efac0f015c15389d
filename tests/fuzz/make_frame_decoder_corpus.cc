// Writes the frame decoder fuzz seed corpus (tests/fuzz/corpus/frame_decoder/), or checks that
// the checked-in corpus is what this program writes (see corpus_writer.h):
//
//   ninja -C build/debug make_frame_decoder_corpus
//   build/debug/tests/fuzz/replay/make_frame_decoder_corpus tests/fuzz/corpus/frame_decoder
//
// Each seed is an input in the layout of frame_decoder_harness.h. Its name ends with what the
// replay test (replay/channel_corpus_replay_test.cc) expects: `<N>_frames_<ending>`, N
// complete frames and then `boundary` (the stream ends between frames), `partial` (it ends
// inside a frame) or `oversized` (a header declares more than the max: drop the peer).
#include <string>
#include <vector>

#include "fuzz/corpus_writer.h"
#include "fuzz/frame_decoder_harness.h"
#include "fuzz/handshake_harness.h"
#include "sync/channel/frame_codec.h"

namespace baken::fuzz {
namespace {

constexpr std::uint8_t kDefaultMax = 0xff;  // selector for channel::kDefaultMaxFrameBytes

std::string header(std::uint32_t n) {
    std::string h;
    for (int shift = 24; shift >= 0; shift -= 8) h.push_back(static_cast<char>(n >> shift));
    return h;
}

std::string framed(const std::string& payload) {
    return header(static_cast<std::uint32_t>(payload.size())) + payload;
}

std::string framed(const Bytes& payload) {
    return framed(std::string(as_chars(payload)));
}

std::string filler(std::size_t n, char start) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s.push_back(static_cast<char>(start + i));
    return s;
}

Corpus make_corpus() {
    Corpus corpus;
    auto add = [&](const std::string& name, std::uint8_t max, std::uint8_t seed,
                   const std::string& stream) {
        corpus[name + ".bin"] = frame_decoder_input(max, seed, stream);
    };

    add("empty_stream_0_frames_boundary", kDefaultMax, 0, "");
    add("one_frame_1_frames_boundary", kDefaultMax, 1, framed("sitrep GM0344"));
    add("zero_length_3_frames_boundary", kDefaultMax, 2, framed("") + framed("") + framed(""));
    add("mixed_sizes_6_frames_boundary", kDefaultMax, 3,
        framed("") + framed("a") + framed(filler(5, 'b')) + framed(filler(100, 'c')) +
            framed(filler(300, 'd')) + framed(""));
    add("exactly_max_1_frames_boundary", 200, 4, framed(filler(200, 'e')));
    add("max_zero_2_frames_boundary", 0, 5, framed("") + framed(""));
    {
        std::string many;
        for (int i = 0; i < 200; ++i) many += framed(filler(static_cast<std::size_t>(i % 10), 'f'));
        add("many_small_200_frames_boundary", 16, 6, many);
    }
    {
        const HonestExchange& h = honest_exchange();
        add("handshake_messages_3_frames_boundary", kDefaultMax, 7,
            framed(h.msg1) + framed(h.msg2) + framed(h.msg3));
        std::string data;
        for (const Bytes& d : h.data_to_initiator) data += framed(d);
        add("sealed_data_3_frames_boundary", kDefaultMax, 8, data);
    }

    add("truncated_header_1_frames_partial", kDefaultMax, 9,
        framed("abc") + header(7).substr(0, 2));
    add("truncated_payload_0_frames_partial", kDefaultMax, 10, header(50) + filler(20, 'g'));
    add("header_only_0_frames_partial", kDefaultMax, 11, header(1));

    add("max_plus_one_0_frames_oversized", 200, 12, header(201) + filler(201, 'h'));
    add("max_zero_0_frames_oversized", 0, 13, framed("x"));
    add("after_two_frames_2_frames_oversized", 32, 14,
        framed("een") + framed("twee") + header(33) + filler(10, 'i'));
    add("largest_length_0_frames_oversized", kDefaultMax, 15, header(0xffffffffu) + "zz");
    add("default_max_plus_one_0_frames_oversized", kDefaultMax, 16,
        header(static_cast<std::uint32_t>(channel::kDefaultMaxFrameBytes + 1)));
    add("http_get_0_frames_oversized", kDefaultMax, 17, "GET / HTTP/1.1\r\nHost: baken\r\n\r\n");
    return corpus;
}

}  // namespace
}  // namespace baken::fuzz

int main(int argc, char** argv) {
    return baken::fuzz::corpus_main(argc, argv, "make_frame_decoder_corpus",
                                    baken::fuzz::make_corpus);
}
