// A QR code as a square of modules, from libqrencode: what the paper page draws and what the
// tests rasterise. Text in the QR alphanumeric set (paper_codes.h) is stored in alphanumeric
// mode; error correction level M (about 15% of the code may be lost and still read).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace baken::cli::paper {

struct QrMatrix {
    int width = 0;                   // modules a side, without the quiet zone
    std::vector<std::uint8_t> dark;  // width * width, row by row; 1 = dark
    bool at(int x, int y) const { return dark[static_cast<std::size_t>(y * width + x)] != 0; }
};

// The light margin a reader needs around a code, in modules (ISO/IEC 18004).
inline constexpr int kQuietZoneModules = 4;

// The smallest code at level M that holds `text`. Error: it does not fit a QR code (more than
// 3,391 alphanumeric characters at level M), or libqrencode failed.
Result<QrMatrix, std::string> qr_encode(std::string_view text);

}  // namespace baken::cli::paper
