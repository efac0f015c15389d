// For the paper tests: signed envelopes of a chosen size, and QR codes drawn into a grey image
// the way a printer and a scanner would see them (black modules, white quiet zone).
#pragma once

#include <jpeglib.h>

#include <cmath>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "message/envelope_codec.h"
#include "paper/grey_image.h"
#include "paper/paper_codes.h"
#include "paper/qr_matrix.h"
#include "support/sample_messages.h"

namespace baken::cli::paper::testing {

inline Identity test_author() {
    std::array<std::uint8_t, 32> seed{};
    seed[0] = 7;
    return Identity::from_seed(seed);
}

// A signed sitrep whose envelope is about `bytes` long (at least ~200): entries of filler
// text are added until it is. REQUIRES: bytes <= limits::kMaxEnvelopeBytes - 200.
inline DecodedMessage sitrep_of_about(std::size_t bytes) {
    v1::Body body = baken::testing::sample_sitrep_body("Stroomstoring in de hele wijk");
    DecodedMessage signed_message =
        sign_message(test_author(), baken::testing::sample_message(body));
    int serial = 0;
    while (signed_message.envelope_bytes.size() + 40 < bytes) {
        const std::size_t want = bytes - signed_message.envelope_bytes.size() - 20;
        auto* entry = body.mutable_sitrep()->add_entries();
        entry->set_pillar(v1::SOCIAL_FABRIC);
        entry->set_topic("filler " + std::to_string(++serial));
        entry->set_severity(v1::DEGRADED);
        std::string text;
        while (text.size() < std::min<std::size_t>(want, 3900)) text += "Buurt zonder stroom. ";
        entry->set_text(text.substr(0, std::min<std::size_t>(want, 3900)));
        signed_message = sign_message(test_author(), baken::testing::sample_message(body));
    }
    return signed_message;
}

// Codes side by side in rows of `per_row`, each `module_px` pixels a module with its quiet
// zone, on a white page with `margin` pixels around.
inline GreyImage draw_codes(const std::vector<QrMatrix>& codes, int module_px = 3, int per_row = 2,
                            int margin = 20) {
    int cell = 0;
    for (const QrMatrix& m : codes)
        cell = std::max(cell, (m.width + 2 * kQuietZoneModules) * module_px);
    const int columns = std::min<int>(per_row, static_cast<int>(codes.size()));
    const int rows = (static_cast<int>(codes.size()) + per_row - 1) / per_row;
    GreyImage image;
    image.width = 2 * margin + columns * cell;
    image.height = 2 * margin + rows * cell;
    image.pixels.assign(static_cast<std::size_t>(image.width) * image.height, 255);
    for (std::size_t i = 0; i < codes.size(); ++i) {
        const QrMatrix& m = codes[i];
        const int left =
            margin + static_cast<int>(i % per_row) * cell + kQuietZoneModules * module_px;
        const int top =
            margin + static_cast<int>(i / per_row) * cell + kQuietZoneModules * module_px;
        for (int y = 0; y < m.width * module_px; ++y) {
            for (int x = 0; x < m.width * module_px; ++x) {
                if (m.at(x / module_px, y / module_px))
                    image.pixels[static_cast<std::size_t>(top + y) * image.width + left + x] = 0;
            }
        }
    }
    return image;
}

// Where the Base45 data of a code starts: after the third ':' (the data may hold ':' too).
inline std::size_t data_start(const std::string& code) {
    const std::size_t total = code.find(':', kCodeTag.size());
    return code.find(':', total + 1) + 1;
}

inline std::vector<QrMatrix> encode_all(const std::vector<std::string>& texts) {
    std::vector<QrMatrix> codes;
    for (const std::string& text : texts) {
        auto m = qr_encode(text);
        if (m) codes.push_back(std::move(m).value());
    }
    return codes;
}

// A grey JPEG of `image` (libjpeg's defaults; fatal errors exit, this is test input).
inline std::string jpeg_of(const GreyImage& image, int quality = 95) {
    jpeg_compress_struct info;
    jpeg_error_mgr errors;
    info.err = jpeg_std_error(&errors);
    jpeg_create_compress(&info);
    unsigned char* out = nullptr;
    unsigned long size = 0;
    jpeg_mem_dest(&info, &out, &size);
    info.image_width = static_cast<JDIMENSION>(image.width);
    info.image_height = static_cast<JDIMENSION>(image.height);
    info.input_components = 1;
    info.in_color_space = JCS_GRAYSCALE;
    jpeg_set_defaults(&info);
    jpeg_set_quality(&info, quality, TRUE);
    jpeg_start_compress(&info, TRUE);
    while (info.next_scanline < info.image_height) {
        JSAMPROW row = const_cast<JSAMPROW>(
            image.pixels.data() + static_cast<std::size_t>(info.next_scanline) * image.width);
        jpeg_write_scanlines(&info, &row, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    std::string bytes(reinterpret_cast<char*>(out), size);
    std::free(out);
    return bytes;
}

// Roughly what a hand-held phone makes of a page: turned by `degrees`, scaled by `scale`
// (bilinear), a little blurred (3x3 box), grey paper and noise. Deterministic.
inline GreyImage like_a_photo(const GreyImage& page, double degrees, double scale) {
    GreyImage out;
    out.width = static_cast<int>(page.width * scale * 1.1);
    out.height = static_cast<int>(page.height * scale * 1.1);
    out.pixels.assign(static_cast<std::size_t>(out.width) * out.height, 200);
    const double a = degrees * 3.14159265358979 / 180, c = std::cos(a), s = std::sin(a);
    const double cx = out.width / 2.0, cy = out.height / 2.0;
    auto at = [&](int x, int y) -> double {
        x = std::clamp(x, 0, page.width - 1);
        y = std::clamp(y, 0, page.height - 1);
        return page.pixels[static_cast<std::size_t>(y) * page.width + x];
    };
    for (int y = 0; y < out.height; ++y) {
        for (int x = 0; x < out.width; ++x) {
            const double u = (c * (x - cx) + s * (y - cy)) / scale + page.width / 2.0;
            const double v = (-s * (x - cx) + c * (y - cy)) / scale + page.height / 2.0;
            if (u < 0 || v < 0 || u >= page.width - 1 || v >= page.height - 1) continue;
            const int x0 = static_cast<int>(u), y0 = static_cast<int>(v);
            const double fx = u - x0, fy = v - y0;
            const double value = at(x0, y0) * (1 - fx) * (1 - fy) + at(x0 + 1, y0) * fx * (1 - fy) +
                                 at(x0, y0 + 1) * (1 - fx) * fy + at(x0 + 1, y0 + 1) * fx * fy;
            out.pixels[static_cast<std::size_t>(y) * out.width + x] =
                static_cast<std::uint8_t>(30 + value * 0.75);  // ink is not black, paper not white
        }
    }
    GreyImage blurred = out;
    std::mt19937 random(7);
    std::normal_distribution<double> noise(0, 8);
    for (int y = 1; y + 1 < out.height; ++y) {
        for (int x = 1; x + 1 < out.width; ++x) {
            int sum = 0;
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx)
                    sum += out.pixels[static_cast<std::size_t>(y + dy) * out.width + x + dx];
            blurred.pixels[static_cast<std::size_t>(y) * out.width + x] =
                static_cast<std::uint8_t>(std::clamp(sum / 9.0 + noise(random), 0.0, 255.0));
        }
    }
    return blurred;
}

}  // namespace baken::cli::paper::testing
