// A scan or photo of a paper copy as 8-bit grey pixels, the form the QR reader takes: PNG
// (libpng) or JPEG (libjpeg), told apart by their first bytes, never by the file name.
//
// Images are untrusted input. Everything is bounded before it is allocated: the file
// (kMaxImageFileBytes) and the pixels (kMaxImagePixels, about a 600 dpi A4 scan or a 50
// megapixel photo). Loading never throws out of this module and never aborts: a damaged,
// truncated or oversized file is an error value. A JPEG whose data ends early decodes as far as
// it goes (libjpeg fills the rest with grey), which may still hold readable codes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace baken::cli::paper {

inline constexpr std::uint64_t kMaxImagePixels = 60'000'000;
inline constexpr std::uint64_t kMaxImageFileBytes = 256ull * 1024 * 1024;

struct GreyImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;  // width * height, row by row; 0 black, 255 white
};

// Error: a sentence saying what is wrong (not PNG or JPEG, too large, damaged: the library's
// words). Colour is reduced to grey, transparency is laid on white.
Result<GreyImage, std::string> decode_grey_image(std::string_view file_bytes);

// Reads the file (bounded), then decode_grey_image. Error: as above, or the file cannot be read
// (the system's words); the message starts with the file's name.
Result<GreyImage, std::string> load_grey_image(const std::filesystem::path& file);

// A grey PNG of the image (for tests and for keeping what was scanned). Error: libpng's words.
// REQUIRES: pixels.size() == width * height.
Result<std::string, std::string> encode_grey_png(const GreyImage& image);

}  // namespace baken::cli::paper
