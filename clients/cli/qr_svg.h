// A QR code as an SVG image to print: how a credential or revocation reaches a node whose
// only link to the region is a person with a sheet of paper and a phone camera. The code
// holds the exact bytes of the signed message (8-bit mode, error correction M).
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace baken::cli {

// An SVG document: the code with a 4-module quiet zone, each module 4 units, and `caption`
// below it. Error: the bytes do not fit a QR code (over ~2,300 bytes at level M).
Result<std::string, std::string> qr_svg(std::string_view bytes, const std::string& caption);

}  // namespace baken::cli
