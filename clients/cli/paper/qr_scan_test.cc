// The reading half without a browser: codes drawn into grey pixels as a printer would, read
// back with zbar, put together again: the exact envelope bytes.
#include "paper/qr_scan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <random>

#include "paper/paper_codes.h"
#include "paper/paper_test_support.h"

namespace baken::cli::paper {
namespace {

using testing::draw_codes;
using testing::encode_all;
using testing::sitrep_of_about;

std::vector<std::string> scanned(const GreyImage& image) {
    auto texts = scan_qr_codes(image);
    EXPECT_TRUE(texts.ok()) << (texts.ok() ? "" : texts.error());
    return texts.ok() ? *texts : std::vector<std::string>{};
}

TEST(QrScan, OneCodeReadsBackExactly) {
    const DecodedMessage m = sitrep_of_about(300);
    const auto codes = *paper_codes(m.envelope_bytes);
    ASSERT_EQ(codes.size(), 1u);
    const auto texts = scanned(draw_codes(encode_all(codes)));
    ASSERT_EQ(texts.size(), 1u);
    EXPECT_EQ(texts[0], codes[0]);
    const Reassembly back = reassemble(texts);
    ASSERT_EQ(back.messages.size(), 1u);
    EXPECT_EQ(back.messages[0].envelope_bytes, m.envelope_bytes);
}

TEST(QrScan, AMultiPartMessageThroughAPngFile) {
    const DecodedMessage m = sitrep_of_about(4096);
    const auto codes = *paper_codes(m.envelope_bytes);
    ASSERT_EQ(codes.size(), 7u);
    const auto matrices = encode_all(codes);
    ASSERT_EQ(matrices.size(), 7u);
    const GreyImage page = draw_codes(matrices, 3, 2);
    auto png = encode_grey_png(page);
    ASSERT_TRUE(png.ok()) << png.error();
    auto loaded = decode_grey_image(*png);
    ASSERT_TRUE(loaded.ok()) << loaded.error();
    const auto start = std::chrono::steady_clock::now();
    const auto texts = scanned(*loaded);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    std::printf("7 codes (version %d, %d modules) on %d x %d pixels: scanned in %lld ms\n",
                (matrices[0].width - 17) / 4, matrices[0].width, page.width, page.height,
                static_cast<long long>(ms));
    EXPECT_EQ(texts.size(), 7u);
    const Reassembly back = reassemble(texts);
    ASSERT_EQ(back.messages.size(), 1u);
    EXPECT_EQ(back.messages[0].problem, "");
    EXPECT_EQ(back.messages[0].envelope_bytes, m.envelope_bytes);
}

TEST(QrScan, DuplicateCodesOnOnePageAndAMissingPart) {
    const DecodedMessage m = sitrep_of_about(1500);
    auto codes = *paper_codes(m.envelope_bytes);
    ASSERT_EQ(codes.size(), 3u);
    // Part 1 printed twice, part 3 missing.
    const auto texts = scanned(draw_codes(encode_all({codes[0], codes[1], codes[0]})));
    EXPECT_EQ(texts.size(), 3u);
    const Reassembly back = reassemble(texts);
    ASSERT_EQ(back.messages.size(), 1u);
    EXPECT_EQ(back.messages[0].envelope_bytes, "");
    EXPECT_NE(back.messages[0].problem.find("missing part 3 of 3"), std::string::npos)
        << back.messages[0].problem;
}

TEST(QrScan, AnAlteredCharacterOnTheCodeIsCaughtOnReassembly) {
    const DecodedMessage m = sitrep_of_about(300);
    std::string code = paper_codes(m.envelope_bytes)->front();
    const std::size_t at =
        testing::data_start(code) + (m.envelope_bytes.find("Stroomstoring") + 2) / 2 * 3;
    code[at] = code[at] == 'A' ? 'B' : 'A';
    const auto texts = scanned(draw_codes(encode_all({code})));
    ASSERT_EQ(texts.size(), 1u);
    EXPECT_EQ(texts[0], code);
    const Reassembly back = reassemble(texts);
    ASSERT_EQ(back.messages.size(), 1u);
    EXPECT_EQ(back.messages[0].envelope_bytes, "");
    EXPECT_NE(back.messages[0].problem.find("do not match the id"), std::string::npos)
        << back.messages[0].problem;
}

// A page of four codes as a phone might photograph it: turned, enlarged, blurred, noisy, JPEG.
TEST(QrScan, APhotoLikeJpegOfAPage) {
    const DecodedMessage m = sitrep_of_about(2000);
    const auto codes = *paper_codes(m.envelope_bytes);
    ASSERT_EQ(codes.size(), 4u);
    const GreyImage page = draw_codes(encode_all(codes), 3, 2, 60);
    const GreyImage photo = testing::like_a_photo(page, 6.0, 2.3);
    auto loaded = decode_grey_image(testing::jpeg_of(photo, 70));
    ASSERT_TRUE(loaded.ok()) << loaded.error();
    const auto start = std::chrono::steady_clock::now();
    const auto texts = scanned(*loaded);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    std::printf("4 codes in a %d x %d photo-like JPEG: %zu read in %lld ms\n", loaded->width,
                loaded->height, texts.size(), static_cast<long long>(ms));
    const Reassembly back = reassemble(texts);
    ASSERT_EQ(back.messages.size(), 1u);
    EXPECT_EQ(back.messages[0].problem, "");
    EXPECT_EQ(back.messages[0].envelope_bytes, m.envelope_bytes);
}

TEST(QrScan, GarbageAndBlankImagesHoldNoCodes) {
    GreyImage noise;
    noise.width = 640;
    noise.height = 480;
    std::mt19937 random(42);
    for (int i = 0; i < noise.width * noise.height; ++i)
        noise.pixels.push_back(static_cast<std::uint8_t>(random() & 0xFF));
    EXPECT_TRUE(scanned(noise).empty());
    GreyImage blank;
    blank.width = 100;
    blank.height = 100;
    blank.pixels.assign(100 * 100, 255);
    EXPECT_TRUE(scanned(blank).empty());
    GreyImage wrong;
    wrong.width = 10;
    wrong.height = 10;
    EXPECT_FALSE(scan_qr_codes(wrong).ok());
    EXPECT_FALSE(scan_qr_codes(GreyImage{}).ok());
}

TEST(QrScan, OtherCodesOnThePageAreLeftAside) {
    const DecodedMessage m = sitrep_of_about(300);
    const auto codes = *paper_codes(m.envelope_bytes);
    const auto texts =
        scanned(draw_codes(encode_all({"https://example.org/noodsteunpunt", codes[0]})));
    ASSERT_EQ(texts.size(), 2u);
    const Reassembly back = reassemble(texts);
    EXPECT_EQ(back.other_codes, 1u);
    ASSERT_EQ(back.messages.size(), 1u);
    EXPECT_EQ(back.messages[0].envelope_bytes, m.envelope_bytes);
}

TEST(QrScan, CodeSizesForTheDocs) {
    for (std::size_t size : {300u, 700u, 4096u, 16000u}) {
        const DecodedMessage m = sitrep_of_about(size);
        const auto codes = *paper_codes(m.envelope_bytes);
        const auto matrices = encode_all(codes);
        ASSERT_EQ(matrices.size(), codes.size());
        int widest = 0;
        for (const QrMatrix& q : matrices) widest = std::max(widest, q.width);
        std::printf("envelope %zu bytes: %zu code(s), largest version %d (%d modules), %zu chars\n",
                    m.envelope_bytes.size(), codes.size(), (widest - 17) / 4, widest,
                    codes.front().size());
        EXPECT_LE(widest, 101);  // version 21 at most
    }
}

}  // namespace
}  // namespace baken::cli::paper
