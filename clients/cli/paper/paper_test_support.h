// For the paper tests: signed envelopes of a chosen size, and QR codes drawn into a grey image
// the way a printer and a scanner would see them (black modules, white quiet zone).
#pragma once

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

}  // namespace baken::cli::paper::testing
