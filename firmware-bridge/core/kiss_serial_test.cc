// KissSerialDecoder and kiss_encode: round trips in any chunking, the exact bytes of a known
// frame, and what happens to malformed and oversized input from the host.
#include "core/kiss_serial.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

namespace baken::modem {
namespace {

using Bytes = std::vector<std::uint8_t>;

struct Decoded {
    std::uint8_t port;
    std::uint8_t command;
    Bytes payload;
    friend bool operator==(const Decoded& a, const Decoded& b) {
        return a.port == b.port && a.command == b.command && a.payload == b.payload;
    }
};

// Feeds bytes [from, to) of `stream`, copying each frame out before the next push.
void feed(KissSerialDecoder& decoder, const Bytes& stream, std::size_t from, std::size_t to,
          std::vector<Decoded>& out) {
    for (std::size_t i = from; i < to; ++i) {
        KissFrameView view;
        if (!decoder.push(stream[i], view)) continue;
        out.push_back({view.port, view.command, Bytes(view.payload, view.payload + view.length)});
    }
}

std::vector<Decoded> decode_all(KissSerialDecoder& decoder, const Bytes& stream) {
    std::vector<Decoded> out;
    feed(decoder, stream, 0, stream.size(), out);
    return out;
}

Bytes encode(std::uint8_t type, const Bytes& payload) {
    Bytes out(2 * payload.size() + 4);
    const std::size_t n = kiss_encode(type, payload.data(), payload.size(), out.data(), out.size());
    out.resize(n);
    return out;
}

Bytes concat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

// Payloads where FEND and FESC (and TFEND/TFESC after them) are common.
Bytes random_payload(std::mt19937& rng, std::size_t length) {
    static constexpr std::uint8_t kSpecial[] = {kFend, kFesc, kTfend, kTfesc};
    Bytes p(length);
    for (auto& b : p) {
        const auto r = rng();
        b = (r & 3) == 0 ? kSpecial[(r >> 2) & 3] : static_cast<std::uint8_t>(r >> 8);
    }
    return p;
}

TEST(KissEncode, WritesTheExactBytesOfAKnownFrame) {
    const Bytes frame = encode(0x00, {'A', 0xC0, 'B', 0xDB, 0xDC});
    EXPECT_EQ(frame, (Bytes{0xC0, 0x00, 'A', 0xDB, 0xDC, 'B', 0xDB, 0xDD, 0xDC, 0xC0}));
}

TEST(KissEncode, EscapesATypeByteThatIsASpecialByte) {
    EXPECT_EQ(encode(0xC0, {'x'}), (Bytes{0xC0, 0xDB, 0xDC, 'x', 0xC0}));  // port 12, data
    EXPECT_EQ(encode(0xDB, {}), (Bytes{0xC0, 0xDB, 0xDD, 0xC0}));          // port 13, 11
}

TEST(KissEncode, ReturnsZeroWhenTheFrameDoesNotFitAndFillsExactCapacity) {
    const Bytes payload = {0xC0, 0xC0, 1};  // 3 + 2 escapes + FEND type FEND = 8 bytes
    std::uint8_t out[8] = {};
    EXPECT_EQ(kiss_encode(0x00, payload.data(), payload.size(), out, 7), 0u);
    EXPECT_EQ(kiss_encode(0x00, payload.data(), payload.size(), out, 8), 8u);
    EXPECT_EQ(out[7], kFend);
    EXPECT_EQ(kiss_encode(0x00, nullptr, 0, nullptr, 0), 0u);
}

TEST(KissEncode, TwiceTheLengthPlusFourAlwaysFits) {
    const Bytes all_special(kMaxKissPayload, kFesc);
    Bytes out(2 * all_special.size() + 4);
    EXPECT_EQ(kiss_encode(0xC0, all_special.data(), all_special.size(), out.data(), out.size()),
              out.size());
}

TEST(KissSerialDecoder, RoundTripsRandomPayloadsWithFendAndFescBytes) {
    std::mt19937 rng(8);
    KissSerialDecoder decoder;
    for (int round = 0; round < 300; ++round) {
        const auto type = static_cast<std::uint8_t>(rng() % 0xFF);  // 0xFF is return_from_kiss
        const Bytes payload = random_payload(rng, rng() % (kMaxKissPayload + 1));
        const std::vector<Decoded> frames = decode_all(decoder, encode(type, payload));
        ASSERT_EQ(frames.size(), 1u) << "round " << round;
        EXPECT_EQ(frames[0], (Decoded{static_cast<std::uint8_t>(type >> 4),
                                      static_cast<std::uint8_t>(type & 0x0F), payload}));
    }
    EXPECT_EQ(decoder.counters().frames, 300u);
    EXPECT_EQ(decoder.counters().oversized, 0u);
    EXPECT_EQ(decoder.counters().bad_escape, 0u);
}

TEST(KissSerialDecoder, EveryChunkingOfThreeFramesGivesTheSameFrames) {
    std::mt19937 rng(3);
    const std::vector<Decoded> expected = {
        {0, 0, random_payload(rng, 9)}, {0, 6, {0x03}}, {2, 0, random_payload(rng, 12)}};
    const Bytes stream = concat({encode(0x00, expected[0].payload), encode(0x06, {0x03}),
                                 encode(0x20, expected[2].payload)});
    ASSERT_LT(stream.size(), 80u);  // keeps the two nested loops below small
    // Three chunks [0, a), [a, b), [b, end) for every a <= b, each through a fresh decoder.
    for (std::size_t a = 0; a <= stream.size(); ++a) {
        for (std::size_t b = a; b <= stream.size(); ++b) {
            KissSerialDecoder decoder;
            std::vector<Decoded> frames;
            feed(decoder, stream, 0, a, frames);
            feed(decoder, stream, a, b, frames);
            feed(decoder, stream, b, stream.size(), frames);
            ASSERT_EQ(frames, expected) << "chunks cut at " << a << " and " << b;
        }
    }
}

TEST(KissSerialDecoder, SplitsTheTypeByteIntoPortAndCommand) {
    KissSerialDecoder decoder;
    const auto frames = decode_all(
        decoder, concat({encode(0x36, {1}), encode(0x0F, {}), encode(0x1F, {}), encode(0xFF, {})}));
    ASSERT_EQ(frames.size(), 4u);
    EXPECT_EQ(frames[0], (Decoded{3, 6, {1}}));
    EXPECT_EQ(frames[1], (Decoded{0, 15, {}}));  // port 0's command 15: not the 0xFF byte
    EXPECT_EQ(frames[2], (Decoded{1, 15, {}}));
    EXPECT_EQ(frames[3], (Decoded{0, kReturnFromKissCommand, {}}));
}

TEST(KissSerialDecoder, HandsOutATypeOnlyFrameWithAnEmptyPayload) {
    KissSerialDecoder decoder;
    const auto frames = decode_all(decoder, {0xC0, 0x00, 0xC0});
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_TRUE(frames[0].payload.empty());
}

TEST(KissSerialDecoder, SkipsEmptyFramesAndSharesAFendBetweenFrames) {
    KissSerialDecoder decoder;
    const auto frames =
        decode_all(decoder, {0xC0, 0xC0, 0xC0, 0x00, 'a', 0xC0, 0x00, 'b', 0xC0, 0xC0});
    EXPECT_EQ(frames, (std::vector<Decoded>{{0, 0, {'a'}}, {0, 0, {'b'}}}));
    EXPECT_EQ(decoder.counters().frames, 2u);
    EXPECT_EQ(decoder.counters().oversized + decoder.counters().bad_escape, 0u);
}

TEST(KissSerialDecoder, IgnoresBytesBeforeTheFirstFend) {
    KissSerialDecoder decoder;
    const Bytes banner = {'K', 'I', 'S', 'S', '\r', '\n', 0xDB, 0xDC, 0x00};
    const auto frames = decode_all(decoder, concat({banner, encode(0x00, {'z'})}));
    EXPECT_EQ(frames, (std::vector<Decoded>{{0, 0, {'z'}}}));
    EXPECT_EQ(decoder.counters().oversized + decoder.counters().bad_escape, 0u);
}

TEST(KissSerialDecoder, HoldsAnUnfinishedFrameWithoutHandingItOutOrCountingIt) {
    KissSerialDecoder decoder;
    EXPECT_TRUE(decode_all(decoder, {0xC0, 0x00, 'a', 'b', 0xDB}).empty());
    EXPECT_EQ(decoder.counters().frames + decoder.counters().bad_escape, 0u);
    // ... and finishes it when the rest arrives.
    const auto frames = decode_all(decoder, {0xDC, 0xC0});
    EXPECT_EQ(frames, (std::vector<Decoded>{{0, 0, {'a', 'b', 0xC0}}}));
}

TEST(KissSerialDecoder, AcceptsAPayloadOfExactlyTheMaximumEvenWhenEveryByteIsEscaped) {
    KissSerialDecoder decoder;
    const Bytes payload(kMaxKissPayload, kFend);
    const auto frames = decode_all(decoder, encode(0x00, payload));
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].payload, payload);
    EXPECT_EQ(decoder.counters().oversized, 0u);
}

TEST(KissSerialDecoder, DropsAndCountsAnOversizedFrameWholeAndDecodesTheNext) {
    KissSerialDecoder decoder;
    const Bytes too_long(kMaxKissPayload + 1, 'x');
    const auto frames = decode_all(decoder, concat({encode(0x00, too_long), encode(0x00, {'y'})}));
    EXPECT_EQ(frames, (std::vector<Decoded>{{0, 0, {'y'}}}));
    EXPECT_EQ(decoder.counters().oversized, 1u);
    EXPECT_EQ(decoder.counters().frames, 1u);
}

TEST(KissSerialDecoder, CountsOneOversizedFrameForAStreamWithoutFendsThenRecovers) {
    KissSerialDecoder decoder;
    Bytes stream = {0xC0};
    stream.insert(stream.end(), 20'000, 0x55);
    const auto frames = decode_all(decoder, concat({stream, encode(0x00, {'y'})}));
    EXPECT_EQ(frames, (std::vector<Decoded>{{0, 0, {'y'}}}));
    EXPECT_EQ(decoder.counters().oversized, 1u);
}

TEST(KissSerialDecoder, DropsAndCountsAFrameWithABadEscapeAndDecodesTheNext) {
    KissSerialDecoder decoder;
    const auto frames =
        decode_all(decoder, concat({{0xC0, 0x00, 'a', 0xDB, 'q', 'b', 0xC0}, encode(0x00, {'g'})}));
    EXPECT_EQ(frames, (std::vector<Decoded>{{0, 0, {'g'}}}));
    EXPECT_EQ(decoder.counters().bad_escape, 1u);
}

TEST(KissSerialDecoder, TakesFescFendAsABadEscapeThatStillEndsTheFrame) {
    KissSerialDecoder decoder;
    const auto frames = decode_all(decoder, {0xC0, 0x00, 'a', 0xDB, 0xC0, 0x00, 'b', 0xC0});
    EXPECT_EQ(frames, (std::vector<Decoded>{{0, 0, {'b'}}}));
    EXPECT_EQ(decoder.counters().bad_escape, 1u);
}

TEST(KissSerialDecoder, CountsAFrameThatIsBothBadlyEscapedAndOversizedOnce) {
    KissSerialDecoder decoder;
    Bytes stream = {0xC0, 0x00, 0xDB, 'q'};
    stream.insert(stream.end(), kMaxKissPayload + 10, 'x');
    stream.push_back(0xC0);
    EXPECT_TRUE(decode_all(decoder, stream).empty());
    EXPECT_EQ(decoder.counters().bad_escape + decoder.counters().oversized, 1u);
}

TEST(KissSerialDecoder, SurvivesRandomNoiseWithConsistentCounters) {
    std::mt19937 rng(42);
    KissSerialDecoder decoder;
    std::size_t fends = 0;
    std::size_t frames = 0;
    for (int i = 0; i < 200'000; ++i) {
        // Mostly noise, with the special bytes common enough to make frames of every kind.
        const auto r = rng();
        const std::uint8_t byte = (r & 15) == 0   ? kFend
                                  : (r & 15) == 1 ? kFesc
                                                  : static_cast<std::uint8_t>(r >> 8);
        fends += byte == kFend;
        KissFrameView view;
        if (!decoder.push(byte, view)) continue;
        ++frames;
        ASSERT_LE(view.length, kMaxKissPayload);
        ASSERT_LT(view.port, 16);
    }
    const auto& c = decoder.counters();
    EXPECT_EQ(c.frames, frames);
    EXPECT_GT(c.frames, 0u);
    EXPECT_GT(c.bad_escape, 0u);
    EXPECT_LE(c.frames + c.oversized + c.bad_escape, fends);
}

}  // namespace
}  // namespace baken::modem
