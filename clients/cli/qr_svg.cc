// See qr_svg.h.
#include "qr_svg.h"

#include <qrencode.h>

#include <memory>

#include "paper/paper_page.h"

namespace baken::cli {

Result<std::string, std::string> qr_svg(std::string_view bytes, const std::string& caption) {
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeData(static_cast<int>(bytes.size()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), 0, QR_ECLEVEL_M),
        &QRcode_free);
    if (!code) return fail(std::string("the message does not fit a QR code"));
    constexpr int kModule = 4, kQuiet = 4;
    const int width = code->width;
    const int side = (width + 2 * kQuiet) * kModule;
    const int height = side + 40;
    std::string svg =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
        std::to_string(side) + "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " +
        std::to_string(side) + " " + std::to_string(height) +
        "\">\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n<path d=\"";
    for (int y = 0; y < width; ++y) {
        for (int x = 0; x < width; ++x) {
            if (!(code->data[y * width + x] & 1)) continue;  // bit 0: dark module
            svg += "M" + std::to_string((x + kQuiet) * kModule) + " " +
                   std::to_string((y + kQuiet) * kModule) + "h" + std::to_string(kModule) + "v" +
                   std::to_string(kModule) + "h-" + std::to_string(kModule) + "z";
        }
    }
    svg += "\" fill=\"#000\"/>\n<text x=\"" + std::to_string(side / 2) + "\" y=\"" +
           std::to_string(side + 24) +
           "\" font-family=\"sans-serif\" font-size=\"14\" text-anchor=\"middle\">" +
           paper::html_escape(caption) + "</text>\n</svg>\n";
    return svg;
}

}  // namespace baken::cli
