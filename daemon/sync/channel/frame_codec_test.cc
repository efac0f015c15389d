#include "sync/channel/frame_codec.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace baken::channel {
namespace {

Bytes payload_of(std::size_t size, std::uint8_t start) {
    Bytes b(size);
    for (std::size_t i = 0; i < size; ++i) b[i] = static_cast<std::uint8_t>(start + i);
    return b;
}

Bytes frame(ByteView payload, std::size_t max = kDefaultMaxFrameBytes) {
    auto encoded = encode_frame(payload, max);
    EXPECT_TRUE(encoded.ok());
    return encoded.ok() ? *encoded : Bytes{};
}

Bytes concat(const std::vector<Bytes>& parts) {
    Bytes out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

struct Decoded {
    std::vector<Bytes> frames;
    std::optional<FrameError> error;
};

// Feeds `chunk` completely, collecting frames, the way a connection would.
void feed_all(FrameDecoder& decoder, ByteView chunk, Decoded& out) {
    while (!chunk.empty()) {
        auto step = decoder.feed(chunk);
        if (!step) {
            out.error = step.error();
            return;
        }
        EXPECT_LE(step->consumed, chunk.size());
        EXPECT_LE(decoder.buffered_bytes(), kFrameHeaderBytes + decoder.max_frame_bytes());
        chunk = chunk.subspan(step->consumed);
        if (step->frame) {
            out.frames.emplace_back(step->frame->begin(), step->frame->end());
        } else {
            EXPECT_TRUE(chunk.empty()) << "an incomplete frame takes all of the input";
        }
    }
}

Decoded decode_in_chunks(ByteView stream, const std::vector<std::size_t>& cuts,
                         std::size_t max = kDefaultMaxFrameBytes) {
    FrameDecoder decoder(max);
    Decoded out;
    std::size_t from = 0;
    for (std::size_t cut : cuts) {
        feed_all(decoder, stream.subspan(from, cut - from), out);
        from = cut;
    }
    feed_all(decoder, stream.subspan(from), out);
    return out;
}

TEST(FrameCodec, EncodesBigEndianLengthThenPayload) {
    const Bytes payload = payload_of(0x0102, 0);
    const Bytes encoded = frame(payload);
    ASSERT_EQ(encoded.size(), 4u + 0x0102);
    EXPECT_EQ(encoded[0], 0x00);
    EXPECT_EQ(encoded[1], 0x00);
    EXPECT_EQ(encoded[2], 0x01);
    EXPECT_EQ(encoded[3], 0x02);
    EXPECT_EQ(Bytes(encoded.begin() + 4, encoded.end()), payload);
    EXPECT_EQ(frame({}), (Bytes{0, 0, 0, 0}));
}

TEST(FrameCodec, EncodeRefusesPayloadOverTheMaximum) {
    const Bytes payload(101);
    auto encoded = encode_frame(payload, 100);
    ASSERT_FALSE(encoded.ok());
    EXPECT_EQ(encoded.error().code, FrameErrorCode::oversized);
    EXPECT_EQ(encoded.error().declared_bytes, 101u);
    EXPECT_EQ(encoded.error().max_frame_bytes, 100u);
    EXPECT_TRUE(encode_frame(payload, 101).ok());
}

TEST(FrameDecoder, WholeFrameInOneFeedIsHandedOutWithoutCopy) {
    const Bytes stream = concat({frame(payload_of(10, 1)), Bytes{0xaa}});
    FrameDecoder decoder;
    auto step = decoder.feed(stream);
    ASSERT_TRUE(step.ok());
    EXPECT_EQ(step->consumed, 14u);
    ASSERT_TRUE(step->frame.has_value());
    EXPECT_EQ(step->frame->data(), stream.data() + 4);
    EXPECT_EQ(Bytes(step->frame->begin(), step->frame->end()), payload_of(10, 1));
    EXPECT_TRUE(decoder.at_frame_boundary());
}

TEST(FrameDecoder, FramesSplitAtEveryByteBoundaryDecodeTheSame) {
    const std::vector<Bytes> payloads = {payload_of(5, 1),   {}, payload_of(1, 9),
                                         payload_of(300, 7), {}, payload_of(2, 3)};
    std::vector<Bytes> frames;
    for (const auto& p : payloads) frames.push_back(frame(p));
    const Bytes stream = concat(frames);

    // Two pieces, cut at every position.
    for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
        Decoded d = decode_in_chunks(stream, {cut});
        EXPECT_FALSE(d.error);
        EXPECT_EQ(d.frames, payloads) << "cut at " << cut;
    }
    // Three pieces, every pair of cuts in the first 40 bytes (headers, empty frames, payload
    // edges) against every cut after.
    for (std::size_t a = 0; a <= 40; ++a) {
        for (std::size_t b = a; b <= stream.size(); b += 7) {
            Decoded d = decode_in_chunks(stream, {a, b});
            EXPECT_EQ(d.frames, payloads) << "cuts at " << a << ", " << b;
        }
    }
    // One byte at a time.
    std::vector<std::size_t> every;
    for (std::size_t i = 1; i < stream.size(); ++i) every.push_back(i);
    Decoded d = decode_in_chunks(stream, every);
    EXPECT_FALSE(d.error);
    EXPECT_EQ(d.frames, payloads);
}

TEST(FrameDecoder, ZeroLengthFrameIsAnEmptyFrame) {
    FrameDecoder decoder;
    const Bytes stream = {0, 0, 0, 0};
    auto step = decoder.feed(stream);
    ASSERT_TRUE(step.ok());
    EXPECT_EQ(step->consumed, 4u);
    ASSERT_TRUE(step->frame.has_value());
    EXPECT_TRUE(step->frame->empty());

    // Also when its header arrives in pieces: complete with the last header byte.
    FrameDecoder split;
    for (int i = 0; i < 3; ++i) {
        auto partial = split.feed(ByteView(stream).subspan(i, 1));
        ASSERT_TRUE(partial.ok());
        EXPECT_EQ(partial->consumed, 1u);
        EXPECT_FALSE(partial->frame.has_value());
    }
    auto last = split.feed(ByteView(stream).subspan(3, 1));
    ASSERT_TRUE(last.ok());
    ASSERT_TRUE(last->frame.has_value());
    EXPECT_TRUE(last->frame->empty());
}

TEST(FrameDecoder, ManyFramesInOneFeedComeOutInOrder) {
    std::vector<Bytes> payloads;
    for (std::size_t i = 0; i < 1000; ++i)
        payloads.push_back(payload_of(i % 37, static_cast<std::uint8_t>(i)));
    std::vector<Bytes> frames;
    for (const auto& p : payloads) frames.push_back(frame(p));
    const Bytes stream = concat(frames);
    Decoded d = decode_in_chunks(stream, {});
    EXPECT_FALSE(d.error);
    EXPECT_EQ(d.frames, payloads);
}

TEST(FrameDecoder, FrameOfExactlyTheMaximumIsAccepted) {
    const Bytes payload = payload_of(kDefaultMaxFrameBytes, 3);
    Decoded whole = decode_in_chunks(frame(payload), {});
    ASSERT_FALSE(whole.error);
    ASSERT_EQ(whole.frames.size(), 1u);
    EXPECT_EQ(whole.frames[0], payload);

    // Delivered in pieces, it is buffered once, never more than header + max.
    Decoded pieces = decode_in_chunks(frame(payload), {3, 4, 1000, 40000});
    ASSERT_FALSE(pieces.error);
    ASSERT_EQ(pieces.frames.size(), 1u);
    EXPECT_EQ(pieces.frames[0], payload);
}

TEST(FrameDecoder, OversizedLengthIsAHardErrorBeforeAnyPayload) {
    FrameDecoder decoder(100);
    // Header declaring 101 bytes, delivered in two pieces; no payload sent at all.
    const Bytes header = {0, 0, 0, 101};
    auto first = decoder.feed(ByteView(header).first(2));
    ASSERT_TRUE(first.ok());
    auto second = decoder.feed(ByteView(header).subspan(2));
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().code, FrameErrorCode::oversized);
    EXPECT_EQ(second.error().declared_bytes, 101u);
    EXPECT_EQ(second.error().max_frame_bytes, 100u);
    EXPECT_EQ(describe(second.error()),
              "oversized frame: peer declared 101 bytes, the limit is 100");
    EXPECT_TRUE(decoder.failed());

    // It stays failed: a valid frame afterwards is not decoded.
    const Bytes valid = frame(payload_of(3, 0));
    auto after = decoder.feed(valid);
    ASSERT_FALSE(after.ok());
    EXPECT_EQ(after.error().code, FrameErrorCode::oversized);
    EXPECT_EQ(after.error().declared_bytes, 101u);
}

TEST(FrameDecoder, LargestLengthIsRefusedWithoutAllocating) {
    FrameDecoder decoder;
    const Bytes header = {0xff, 0xff, 0xff, 0xff, 1, 2, 3};
    auto step = decoder.feed(header);
    ASSERT_FALSE(step.ok());
    EXPECT_EQ(step.error().declared_bytes, 0xffffffffu);
    EXPECT_EQ(decoder.buffered_bytes(), 0u);
}

TEST(FrameDecoder, AnHttpClientIsRefusedAsOversized) {
    // "GET " read as a length is about 1.2 GB.
    FrameDecoder decoder;
    auto step = decoder.feed(as_bytes("GET / HTTP/1.1\r\nHost: baken\r\n\r\n"));
    ASSERT_FALSE(step.ok());
    EXPECT_EQ(step.error().code, FrameErrorCode::oversized);
    EXPECT_EQ(step.error().declared_bytes, 0x47455420u);
}

TEST(FrameDecoder, EmptyInputConsumesNothing) {
    FrameDecoder decoder;
    auto step = decoder.feed({});
    ASSERT_TRUE(step.ok());
    EXPECT_EQ(step->consumed, 0u);
    EXPECT_FALSE(step->frame.has_value());
    EXPECT_TRUE(decoder.at_frame_boundary());
}

TEST(FrameDecoder, BuffersAtMostOneFrameAndItsHeader) {
    FrameDecoder decoder(64);
    const Bytes stream = concat({frame(payload_of(64, 0), 64), frame(payload_of(64, 1), 64)});
    std::size_t most = 0;
    Decoded out;
    for (std::size_t i = 0; i < stream.size(); ++i) {
        feed_all(decoder, ByteView(stream).subspan(i, 1), out);
        most = std::max(most, decoder.buffered_bytes());
    }
    EXPECT_EQ(out.frames.size(), 2u);
    EXPECT_LE(most, 4u + 64u);
    EXPECT_TRUE(decoder.at_frame_boundary());
}

}  // namespace
}  // namespace baken::channel
