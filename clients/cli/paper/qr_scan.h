// Finds and reads every QR code in a grey image with zbar's image scanner (only QR codes are
// looked for). A code comes back only when its Reed-Solomon check passed, so a smudged code is
// either read exactly or not at all.
//
// zbar hands byte-mode data back as text after guessing a charset; the Baken codes use only
// the alphanumeric mode (paper_codes.h) and so read back exactly. Other QR codes on the same
// page (a URL, a Wi-Fi code) come back too; the caller ignores them.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "paper/grey_image.h"

namespace baken::cli::paper {

// The texts of the codes found, in zbar's order (not the page's). None found is not an error.
// Error: zbar could not scan the image (it says no more than that). Never throws.
// REQUIRES: image.pixels.size() == width * height.
Result<std::vector<std::string>, std::string> scan_qr_codes(const GreyImage& image);

}  // namespace baken::cli::paper
