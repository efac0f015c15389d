// See qr_matrix.h.
#include "qr_matrix.h"

#include <qrencode.h>

#include <memory>

namespace baken::cli::paper {

Result<QrMatrix, std::string> qr_encode(std::string_view text) {
    const std::string zero_terminated(text);
    if (zero_terminated.find('\0') != std::string::npos)
        return fail(std::string("a QR code text cannot hold a NUL character"));
    // Mode hint QR_MODE_8 lets libqrencode split the text into its optimal modes: all of a
    // Base45 text is alphanumeric (or numeric, for a run of digits). Case-sensitive: never
    // fold case.
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString(zero_terminated.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
    if (!code)
        return fail("the text (" + std::to_string(text.size()) +
                    " characters) does not fit a QR code");
    QrMatrix matrix;
    matrix.width = code->width;
    const std::size_t n = static_cast<std::size_t>(code->width) * code->width;
    matrix.dark.resize(n);
    for (std::size_t i = 0; i < n; ++i) matrix.dark[i] = code->data[i] & 1;  // bit 0: dark
    return matrix;
}

}  // namespace baken::cli::paper
