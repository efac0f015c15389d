// See qr_scan.h.
#include "qr_scan.h"

#include <zbar.h>

#include <memory>

namespace baken::cli::paper {

Result<std::vector<std::string>, std::string> scan_qr_codes(const GreyImage& image) {
    using namespace zbar;  // under C++, zbar.h declares its C API in namespace zbar
    if (image.width <= 0 || image.height <= 0 ||
        image.pixels.size() != static_cast<std::size_t>(image.width) * image.height)
        return fail(std::string("an empty or inconsistent image"));
    std::unique_ptr<zbar_image_scanner_t, decltype(&zbar_image_scanner_destroy)> scanner(
        zbar_image_scanner_create(), &zbar_image_scanner_destroy);
    std::unique_ptr<zbar_image_t, decltype(&zbar_image_destroy)> zimage(zbar_image_create(),
                                                                        &zbar_image_destroy);
    if (!scanner || !zimage) return fail(std::string("zbar could not start"));
    zbar_image_scanner_set_config(scanner.get(), ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(scanner.get(), ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    zbar_image_set_format(zimage.get(), zbar_fourcc('Y', '8', '0', '0'));  // 8-bit grey
    zbar_image_set_size(zimage.get(), static_cast<unsigned>(image.width),
                        static_cast<unsigned>(image.height));
    // zbar only reads the pixels; no cleanup handler, the image stays ours.
    zbar_image_set_data(zimage.get(), image.pixels.data(), image.pixels.size(), nullptr);
    if (zbar_scan_image(scanner.get(), zimage.get()) < 0)
        return fail(std::string("zbar could not scan the image"));
    std::vector<std::string> texts;
    for (const zbar_symbol_t* symbol = zbar_image_first_symbol(zimage.get()); symbol;
         symbol = zbar_symbol_next(symbol)) {
        if (zbar_symbol_get_type(symbol) != ZBAR_QRCODE) continue;
        texts.emplace_back(zbar_symbol_get_data(symbol), zbar_symbol_get_data_length(symbol));
    }
    return texts;
}

}  // namespace baken::cli::paper
