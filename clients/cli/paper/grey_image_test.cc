#include "paper/grey_image.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "paper/paper_test_support.h"
#include "support/temp_dir.h"

namespace baken::cli::paper {
namespace {

using testing::jpeg_of;

GreyImage gradient(int width, int height) {
    GreyImage image;
    image.width = width;
    image.height = height;
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            image.pixels.push_back(static_cast<std::uint8_t>((x * 7 + y * 3) & 0xFF));
    return image;
}

std::uint32_t crc32(std::string_view bytes) {
    std::uint32_t crc = 0xFFFFFFFFu;
    for (char c : bytes) {
        crc ^= static_cast<unsigned char>(c);
        for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

void put_be32(std::string& bytes, std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>(v >> (24 - 8 * i));
}

TEST(GreyImage, PngRoundTripsExactly) {
    const GreyImage image = gradient(123, 45);
    auto png = encode_grey_png(image);
    ASSERT_TRUE(png.ok()) << png.error();
    auto back = decode_grey_image(*png);
    ASSERT_TRUE(back.ok()) << back.error();
    EXPECT_EQ(back->width, 123);
    EXPECT_EQ(back->height, 45);
    EXPECT_EQ(back->pixels, image.pixels);
}

TEST(GreyImage, LoadsAFileAndNamesItInErrors) {
    baken::testing::TempDir dir;
    const auto file = dir.path() / "scan.png";
    std::ofstream(file, std::ios::binary) << *encode_grey_png(gradient(10, 10));
    auto loaded = load_grey_image(file);
    ASSERT_TRUE(loaded.ok()) << loaded.error();
    EXPECT_EQ(loaded->pixels.size(), 100u);
    auto missing = load_grey_image(dir.path() / "none.png");
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().find("none.png"), std::string::npos);
    std::ofstream(dir.path() / "notes.txt") << "not an image";
    auto text = load_grey_image(dir.path() / "notes.txt");
    ASSERT_FALSE(text.ok());
    EXPECT_NE(text.error().find("notes.txt: not a PNG or JPEG"), std::string::npos) << text.error();
}

TEST(GreyImage, ATruncatedPngIsAnError) {
    const std::string png = *encode_grey_png(gradient(200, 200));
    for (std::size_t keep : {std::size_t{8}, std::size_t{30}, png.size() / 2, png.size() - 13}) {
        auto image = decode_grey_image(png.substr(0, keep));
        EXPECT_FALSE(image.ok()) << keep;
    }
}

TEST(GreyImage, APngClaimingTooManyPixelsIsRefusedBeforeDecoding) {
    std::string png = *encode_grey_png(gradient(4, 4));
    // IHDR data starts at byte 16 (8 signature, 4 length, 4 type); its CRC follows its 13 bytes.
    put_be32(png, 16, 10'000);
    put_be32(png, 20, 10'000);
    put_be32(png, 29, crc32(std::string_view(png).substr(12, 17)));
    auto image = decode_grey_image(png);
    ASSERT_FALSE(image.ok());
    EXPECT_NE(image.error().find("10000 x 10000 pixels"), std::string::npos) << image.error();
}

TEST(GreyImage, JpegDecodesToGrey) {
    GreyImage image;
    image.width = 64;
    image.height = 32;
    image.pixels.assign(64 * 32, 255);
    for (int y = 8; y < 24; ++y)
        for (int x = 16; x < 48; ++x) image.pixels[static_cast<std::size_t>(y) * 64 + x] = 0;
    auto back = decode_grey_image(jpeg_of(image));
    ASSERT_TRUE(back.ok()) << back.error();
    ASSERT_EQ(back->width, 64);
    ASSERT_EQ(back->height, 32);
    EXPECT_LT(back->pixels[16 * 64 + 32], 30);
    EXPECT_GT(back->pixels[2 * 64 + 2], 225);
}

TEST(GreyImage, DamagedJpegsAreErrorsOrPartialNeverACrash) {
    const std::string jpeg = jpeg_of(gradient(300, 200));
    // A header cut short: an error.
    auto cut = decode_grey_image(jpeg.substr(0, 40));
    ASSERT_FALSE(cut.ok());
    EXPECT_NE(cut.error().find("damaged JPEG"), std::string::npos) << cut.error();
    // Data cut short: libjpeg fills in the rest; either way a value comes back.
    auto half = decode_grey_image(jpeg.substr(0, jpeg.size() / 2));
    if (half.ok()) {
        EXPECT_EQ(half->pixels.size(), 300u * 200u);
    }
    // Garbage after a JPEG start.
    std::string garbage = "\xff\xd8\xff";
    for (int i = 0; i < 500; ++i) garbage.push_back(static_cast<char>(i * 37 + 11));
    EXPECT_FALSE(decode_grey_image(garbage).ok());
}

TEST(GreyImage, AJpegClaimingTooManyPixelsIsRefused) {
    std::string jpeg = jpeg_of(gradient(16, 16));
    const auto sof = jpeg.find("\xff\xc0");
    ASSERT_NE(sof, std::string::npos);
    // SOF0: marker, length (2), precision (1), height (2), width (2).
    jpeg[sof + 5] = jpeg[sof + 7] = '\x3f';  // 16383 x 16383
    jpeg[sof + 6] = jpeg[sof + 8] = '\xff';
    auto image = decode_grey_image(jpeg);
    ASSERT_FALSE(image.ok());
    EXPECT_NE(image.error().find("megapixels"), std::string::npos) << image.error();
}

// Damaged files of both kinds: every one decodes or is an error value; none crashes or throws.
TEST(GreyImage, MutatedFilesNeverCrash) {
    const std::string png = *encode_grey_png(gradient(64, 48));
    const std::string jpeg = jpeg_of(gradient(64, 48));
    std::uint32_t state = 12345;
    auto next = [&state] { return state = state * 1664525u + 1013904223u; };
    int errors = 0;
    for (const std::string* original : {&png, &jpeg}) {
        for (int round = 0; round < 300; ++round) {
            std::string bytes = *original;
            const int flips = 1 + static_cast<int>(next() % 8);
            for (int k = 0; k < flips; ++k)
                bytes[8 + next() % (bytes.size() - 8)] = static_cast<char>(next() >> 24);
            if (next() % 4 == 0) bytes.resize(8 + next() % (bytes.size() - 8));
            auto image = decode_grey_image(bytes);
            if (!image) {
                ++errors;
                EXPECT_FALSE(image.error().empty());
            } else {
                EXPECT_EQ(image->pixels.size(),
                          static_cast<std::size_t>(image->width) * image->height);
            }
        }
    }
    EXPECT_GT(errors, 0);
}

TEST(GreyImage, NotAnImage) {
    EXPECT_FALSE(decode_grey_image("").ok());
    EXPECT_FALSE(decode_grey_image("GIF89a").ok());
    EXPECT_FALSE(decode_grey_image("\x89PNG\r\n\x1a\n").ok());
}

}  // namespace
}  // namespace baken::cli::paper
