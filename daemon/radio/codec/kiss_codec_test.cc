#include "radio/codec/kiss_codec.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace baken::radio {
namespace {

std::string bytes(std::initializer_list<std::uint8_t> list) {
    std::string out;
    for (auto b : list) out.push_back(static_cast<char>(b));
    return out;
}

std::vector<KissFrame> decode(KissDecoder& decoder, const std::string& stream,
                              std::size_t chunk = 4096) {
    std::vector<KissFrame> out;
    for (std::size_t at = 0; at < stream.size(); at += chunk) {
        const auto piece = std::string_view(stream).substr(at, chunk);
        decoder.feed(as_bytes(piece), out);
    }
    return out;
}

std::vector<KissFrame> decode(const std::string& stream, std::size_t chunk = 4096) {
    KissDecoder decoder;
    return decode(decoder, stream, chunk);
}

// Every byte value, with FEND and FESC (and their transposed forms) many times over.
std::string nasty_payload() {
    std::string p;
    for (int i = 0; i < 256; ++i) p.push_back(static_cast<char>(i));
    for (int i = 0; i < 50; ++i) p += bytes({kFend, kFesc, kTfend, kTfesc, kFesc, kFend});
    return p;
}

TEST(KissEncode, WrapsTypeAndPayloadInFends) {
    EXPECT_EQ(kiss_encode(KissFrame{0, KissCommand::data, "AB"}),
              bytes({0xC0, 0x00, 'A', 'B', 0xC0}));
    EXPECT_EQ(kiss_encode(KissFrame{3, KissCommand::data, ""}), bytes({0xC0, 0x30, 0xC0}));
}

TEST(KissEncode, EscapesFendAndFescInThePayload) {
    EXPECT_EQ(kiss_encode(KissFrame{0, KissCommand::data, bytes({0xC0, 0xDB, 0xDC})}),
              bytes({0xC0, 0x00, 0xDB, 0xDC, 0xDB, 0xDD, 0xDC, 0xC0}));
}

TEST(KissEncode, EscapesATypeByteThatIsFend) {
    // Port 12, data: 0xC0 must not end the frame.
    EXPECT_EQ(kiss_encode(KissFrame{12, KissCommand::data, "x"}),
              bytes({0xC0, 0xDB, 0xDC, 'x', 0xC0}));
    auto frames = decode(kiss_encode(KissFrame{12, KissCommand::data, "x"}));
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].port, 12);
}

TEST(KissEncode, ParameterCommandsAreExactBytes) {
    EXPECT_EQ(kiss_parameter(KissCommand::tx_delay, 30), bytes({0xC0, 0x01, 0x1E, 0xC0}));
    EXPECT_EQ(kiss_parameter(KissCommand::persistence, 63), bytes({0xC0, 0x02, 0x3F, 0xC0}));
    EXPECT_EQ(kiss_parameter(KissCommand::slot_time, 10), bytes({0xC0, 0x03, 0x0A, 0xC0}));
    EXPECT_EQ(kiss_parameter(KissCommand::tx_tail, 5), bytes({0xC0, 0x04, 0x05, 0xC0}));
    EXPECT_EQ(kiss_parameter(KissCommand::full_duplex, 1), bytes({0xC0, 0x05, 0x01, 0xC0}));
    EXPECT_EQ(kiss_parameter(KissCommand::set_hardware, 0xC0),
              bytes({0xC0, 0x06, 0xDB, 0xDC, 0xC0}));
    EXPECT_EQ(kiss_parameter(KissCommand::tx_delay, 50, 1), bytes({0xC0, 0x11, 0x32, 0xC0}));
}

TEST(KissEncode, ReturnIsTheWholeByteFf) {
    EXPECT_EQ(kiss_encode(KissFrame{0, KissCommand::return_from_kiss, ""}),
              bytes({0xC0, 0xFF, 0xC0}));
    auto frames = decode(bytes({0xC0, 0xFF, 0xC0}));
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].command, KissCommand::return_from_kiss);
    EXPECT_EQ(frames[0].port, 0);
}

TEST(KissDecoder, RoundTripsInEveryChunking) {
    const std::vector<KissFrame> sent = {
        {0, KissCommand::data, nasty_payload()},
        {0, KissCommand::data, "hello"},
        {0, KissCommand::data, bytes({0xC0})},
        {0, KissCommand::data, bytes({0xDB})},
        {5, KissCommand::data, bytes({0xDB, 0xDB, 0xC0, 0xC0})},
        {0, KissCommand::tx_delay, bytes({30})},
        {0, KissCommand::return_from_kiss, ""},
    };
    std::string stream;
    for (const auto& f : sent) stream += kiss_encode(f);
    for (std::size_t chunk = 1; chunk <= stream.size(); ++chunk) {
        KissDecoder decoder;
        EXPECT_EQ(decode(decoder, stream, chunk), sent) << "chunk " << chunk;
        EXPECT_EQ(decoder.stats().frames, sent.size());
        EXPECT_EQ(decoder.stats().bytes, stream.size());
    }
}

TEST(KissDecoder, SharedFendBetweenFramesAndRepeatedFendsAreFine) {
    // C0 00 'a' C0 00 'b' C0 C0 C0 00 'c' C0: three frames, empty ones ignored.
    auto frames =
        decode(bytes({0xC0, 0x00, 'a', 0xC0, 0x00, 'b', 0xC0, 0xC0, 0xC0, 0x00, 'c', 0xC0}));
    ASSERT_EQ(frames.size(), 3u);
    EXPECT_EQ(frames[0].payload, "a");
    EXPECT_EQ(frames[1].payload, "b");
    EXPECT_EQ(frames[2].payload, "c");
}

TEST(KissDecoder, IgnoresGarbageBeforeTheFirstFend) {
    auto frames =
        decode("cmd:KISS ON\r\n\x01\xdb\xdd" + kiss_encode(KissFrame{0, KissCommand::data, "ok"}));
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].payload, "ok");
}

TEST(KissDecoder, HoldsAnUnfinishedFrameUntilItsFend) {
    KissDecoder decoder;
    std::vector<KissFrame> out;
    decoder.feed(as_bytes(bytes({0xC0, 0x00, 'a', 'b'})), out);
    EXPECT_TRUE(out.empty());
    decoder.feed(as_bytes(bytes({0xC0})), out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].payload, "ab");
}

TEST(KissDecoder, DecodesOtherCommandsAndPortsFaithfully) {
    auto frames = decode(bytes({0xC0, 0x21, 0x19, 0xC0, 0xC0, 0x0E, 'z', 0xC0, 0xC0, 0x1F, 0xC0}));
    ASSERT_EQ(frames.size(), 3u);
    EXPECT_EQ(frames[0].port, 2);
    EXPECT_EQ(frames[0].command, KissCommand::tx_delay);
    EXPECT_EQ(frames[0].payload, bytes({0x19}));
    EXPECT_EQ(static_cast<int>(frames[1].command), 0x0E);
    EXPECT_EQ(frames[2].port, 1);
    EXPECT_EQ(static_cast<int>(frames[2].command), 0x0F);
    for (const auto& f : frames) EXPECT_EQ(decode(kiss_encode(f)), std::vector<KissFrame>{f});
}

TEST(KissDecoder, DropsAnOversizedFrameWholeAndResyncsAtTheNextFend) {
    const std::string stream =
        kiss_encode(KissFrame{0, KissCommand::data, std::string(11, 'x')}) +
        kiss_encode(KissFrame{0, KissCommand::data, std::string(10, 'y')}) +
        kiss_encode(KissFrame{0, KissCommand::data, std::string(5000, 'z')}) +
        kiss_encode(KissFrame{0, KissCommand::data, "after"});
    for (std::size_t chunk : {1u, 3u, 4096u}) {
        KissDecoder decoder(10);
        auto frames = decode(decoder, stream, chunk);
        ASSERT_EQ(frames.size(), 2u);
        EXPECT_EQ(frames[0].payload, std::string(10, 'y'));
        EXPECT_EQ(frames[1].payload, "after");
        EXPECT_EQ(decoder.stats().oversized, 2u);
        EXPECT_EQ(decoder.stats().frames, 2u);
    }
}

TEST(KissDecoder, AnOversizedFrameCountsByItsUnescapedSize) {
    // Ten FENDs are 20 bytes on the wire but 10 payload bytes: they fit.
    KissDecoder decoder(10);
    auto frames =
        decode(decoder, kiss_encode(KissFrame{0, KissCommand::data, std::string(10, '\xC0')}), 1);
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(decoder.stats().oversized, 0u);
}

TEST(KissDecoder, DropsAFrameWithABadEscape) {
    KissDecoder decoder;
    auto frames = decode(decoder,
                         bytes({0xC0, 0x00, 'a', 0xDB, 'q', 'b', 0xC0}) +
                             kiss_encode(KissFrame{0, KissCommand::data, "good"}),
                         1);
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].payload, "good");
    EXPECT_EQ(decoder.stats().bad_escape, 1u);
}

TEST(KissDecoder, FescRightBeforeFendLosesOnlyThatFrame) {
    KissDecoder decoder;
    auto frames = decode(decoder, bytes({0xC0, 0x00, 'a', 0xDB, 0xC0, 0x00, 'b', 0xC0}));
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].payload, "b");
    EXPECT_EQ(decoder.stats().bad_escape, 1u);
}

TEST(KissDecoder, KeepsAFrameOfOnlyATypeByte) {
    auto frames = decode(bytes({0xC0, 0x00, 0xC0}));
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_TRUE(frames[0].payload.empty());
}

}  // namespace
}  // namespace baken::radio
