// See kiss_decoder_harness.h.
#include "fuzz/kiss_decoder_harness.h"

#include <algorithm>
#include <array>

#include "common/bytes.h"
#include "fuzz/invariant.h"
#include "radio/codec/kiss_codec.h"

namespace baken::fuzz {
namespace {

using radio::KissCommand;
using radio::KissDecoder;
using radio::KissDecoderStats;
using radio::KissFrame;

constexpr std::size_t kMaxChunkBytes = 7;
constexpr std::array<std::size_t, 4> kMaxPayloads = {2048, 256, 16, 1};

std::size_t chunk_size(std::uint8_t b) {
    return 1 + std::size_t{b} * b / 8;
}

struct Decoding {
    std::vector<KissFrame> frames;
    KissDecoderStats stats;
};

Decoding decode(ByteView stream, const std::vector<std::size_t>& chunks, std::size_t max_payload) {
    KissDecoder decoder(max_payload);
    Decoding out;
    std::size_t fed = 0;
    for (std::size_t i = 0; fed < stream.size(); ++i) {
        const std::size_t n = std::min(chunks[i % chunks.size()], stream.size() - fed);
        decoder.feed(stream.subspan(fed, n), out.frames);
        fed += n;
    }
    out.stats = decoder.stats();
    return out;
}

bool same_stats(const KissDecoderStats& a, const KissDecoderStats& b) {
    return a.frames == b.frames && a.oversized == b.oversized && a.bad_escape == b.bad_escape &&
           a.bytes == b.bytes;
}

void check_frames(ByteView stream, const Decoding& d, std::size_t max_payload) {
    const auto fends =
        static_cast<std::uint64_t>(std::count(stream.begin(), stream.end(), radio::kFend));
    require(d.stats.frames == d.frames.size(), "stats().frames counts the frames handed out");
    require(d.stats.bytes == stream.size(), "stats().bytes counts the bytes fed");
    require(d.stats.frames + d.stats.oversized + d.stats.bad_escape <= fends,
            "every frame handed out or dropped ended at a FEND");
    for (const KissFrame& f : d.frames) {
        require(f.payload.size() <= max_payload, "no payload longer than max_payload");
        require(f.port < 16, "a port is 0..15");
        require(f.command != KissCommand::return_from_kiss || f.port == 0,
                "return_from_kiss has port 0");
    }
}

// Without escapes, what the frames must be: the pieces between FENDs, after the first one.
void check_against_plain_split(ByteView stream, const Decoding& d, std::size_t max_payload) {
    if (std::find(stream.begin(), stream.end(), radio::kFesc) != stream.end()) return;
    std::vector<std::string> expected;
    auto it = std::find(stream.begin(), stream.end(), radio::kFend);
    while (it != stream.end()) {
        auto next = std::find(it + 1, stream.end(), radio::kFend);
        if (next == stream.end()) break;  // unfinished: held, not handed out
        const std::size_t size = static_cast<std::size_t>(next - it - 1);
        if (size > 0 && size - 1 <= max_payload) expected.emplace_back(it + 1, next);
        it = next;
    }
    require(expected.size() == d.frames.size(), "without FESC, the frames are the FEND pieces");
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const auto type = static_cast<std::uint8_t>(expected[i][0]);
        const KissFrame& f = d.frames[i];
        const bool type_ok = type == 0xFF ? f.command == KissCommand::return_from_kiss
                                          : (f.port == type >> 4 &&
                                             static_cast<std::uint8_t>(f.command) == (type & 0x0F));
        require(type_ok && f.payload == expected[i].substr(1),
                "without FESC, a frame is its type byte and the bytes up to the next FEND");
    }
}

void check_reencoding(const Decoding& d, std::size_t max_payload) {
    std::string all;
    for (const KissFrame& f : d.frames) {
        const std::string encoded = radio::kiss_encode(f);
        all += encoded;
        const Decoding again = decode(as_bytes(encoded), {encoded.size()}, max_payload);
        require(again.frames.size() == 1 && again.frames[0] == f,
                "a frame re-encoded decodes to that frame");
    }
    const Decoding again = decode(as_bytes(all), {1}, max_payload);
    require(again.frames == d.frames && again.stats.oversized == 0 && again.stats.bad_escape == 0,
            "the frames re-encoded into one stream decode to the same frames, byte by byte");
}

}  // namespace

std::string kiss_decoder_input(std::uint8_t max_payload_choice,
                               const std::vector<std::uint8_t>& chunk_bytes,
                               const std::string& stream) {
    const std::size_t n = std::min(chunk_bytes.size(), kMaxChunkBytes);
    std::string input(1, static_cast<char>(n | (std::size_t{max_payload_choice} & 3) << 3));
    for (std::size_t i = 0; i < n; ++i) input.push_back(static_cast<char>(chunk_bytes[i]));
    return input + stream;
}

KissDecoderOutcome fuzz_kiss_decoder(const std::uint8_t* data, std::size_t size) {
    const std::uint8_t head = size > 0 ? data[0] : 0;
    const std::size_t n = size > 0 ? std::min<std::size_t>(head & 7, size - 1) : 0;
    const std::size_t max_payload = kMaxPayloads[(head >> 3) & 3];
    std::vector<std::size_t> chunks;
    for (std::size_t i = 0; i < n; ++i) chunks.push_back(chunk_size(data[1 + i]));
    if (chunks.empty()) chunks.push_back(1);
    const ByteView stream = ByteView(data, size).subspan(size > 0 ? 1 + n : 0);

    const Decoding whole = decode(stream, {stream.size() + 1}, max_payload);
    const Decoding chunked = decode(stream, chunks, max_payload);
    require(whole.frames == chunked.frames && same_stats(whole.stats, chunked.stats),
            "every chunking gives the same frames and statistics");
    check_frames(stream, whole, max_payload);
    check_against_plain_split(stream, whole, max_payload);
    check_reencoding(whole, max_payload);
    return {whole.frames.size(), whole.stats.oversized, whole.stats.bad_escape};
}

}  // namespace baken::fuzz
