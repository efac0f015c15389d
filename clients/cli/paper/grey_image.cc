// See grey_image.h. PNG through libpng's simplified API, which reports errors as return values.
// libjpeg reports a fatal error by calling error_exit, which must not return; ours longjmps
// back to the setjmp in read_jpeg(), a function with no C++ objects of its own in between (so
// no destructor is skipped), and then returns the error as a value.
#include "grey_image.h"

#include <jpeglib.h>
#include <png.h>

#include <cerrno>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace baken::cli::paper {
namespace {

bool is_png(std::string_view bytes) {
    return bytes.size() >= 8 && std::memcmp(bytes.data(), "\x89PNG\r\n\x1a\n", 8) == 0;
}

bool is_jpeg(std::string_view bytes) {
    return bytes.size() >= 3 && std::memcmp(bytes.data(), "\xff\xd8\xff", 3) == 0;
}

bool too_many_pixels(std::uint64_t width, std::uint64_t height) {
    return width == 0 || height == 0 || width * height > kMaxImagePixels;
}

std::string size_text(std::uint64_t width, std::uint64_t height) {
    return std::to_string(width) + " x " + std::to_string(height) + " pixels";
}

Result<GreyImage, std::string> read_png(std::string_view bytes) {
    png_image png;
    std::memset(&png, 0, sizeof png);
    png.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&png, bytes.data(), bytes.size()))
        return fail("a damaged PNG: " + std::string(png.message));
    if (too_many_pixels(png.width, png.height)) {
        png_image_free(&png);
        return fail("a PNG of " + size_text(png.width, png.height) + ": more than " +
                    std::to_string(kMaxImagePixels / 1'000'000) + " megapixels");
    }
    png.format = PNG_FORMAT_GRAY;
    GreyImage image;
    image.width = static_cast<int>(png.width);
    image.height = static_cast<int>(png.height);
    image.pixels.assign(PNG_IMAGE_SIZE(png), 255);  // white under anything transparent
    const png_color white{255, 255, 255};
    if (!png_image_finish_read(&png, &white, image.pixels.data(), 0, nullptr))
        return fail("a damaged PNG: " + std::string(png.message));
    return image;
}

// All libjpeg state, owned by the caller of the function that calls setjmp.
struct JpegErrors {
    jpeg_error_mgr manager;  // first: libjpeg sees a pointer to it
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
    jpeg_decompress_struct info;
    jpeg_progress_mgr progress;
};

// A crafted progressive JPEG can have thousands of scans, each a pass over the whole image:
// minutes of CPU for a small file. Real cameras and scanners use at most a dozen or so.
constexpr int kMaxJpegScans = 100;
// libjpeg's own working memory (coefficient buffers of a progressive image), besides the
// pixels, which kMaxImagePixels bounds.
constexpr long kMaxJpegWorkingBytes = 512L << 20;

void limit_scans(j_common_ptr common) {
    if (!common->is_decompressor) return;
    auto* info = reinterpret_cast<j_decompress_ptr>(common);
    if (info->input_scan_number <= kMaxJpegScans) return;
    auto* errors = reinterpret_cast<JpegErrors*>(common->err);
    std::snprintf(errors->message, sizeof errors->message, "more than %d progressive scans",
                  kMaxJpegScans);
    std::longjmp(errors->jump, 1);
}

[[noreturn]] void jpeg_fatal(j_common_ptr info) {
    auto* errors = reinterpret_cast<JpegErrors*>(info->err);
    (*info->err->format_message)(info, errors->message);
    std::longjmp(errors->jump, 1);
}

void jpeg_quiet(j_common_ptr) {}  // warnings are not printed

enum class JpegStep { done, too_large, failed };

// No objects live in this frame: a longjmp back to the setjmp skips no destructor and finds
// no local changed since. The image and the libjpeg state are the caller's; the image is
// resized here once the size is known.
JpegStep read_jpeg(std::string_view bytes, GreyImage* image, JpegErrors* errors) {
    jpeg_decompress_struct& info = errors->info;
    info.err = jpeg_std_error(&errors->manager);
    errors->manager.error_exit = jpeg_fatal;
    errors->manager.output_message = jpeg_quiet;
    if (setjmp(errors->jump)) {
        jpeg_destroy_decompress(&info);
        return JpegStep::failed;
    }
    jpeg_create_decompress(&info);
    info.mem->max_memory_to_use = kMaxJpegWorkingBytes;
    errors->progress.progress_monitor = limit_scans;
    info.progress = &errors->progress;
    jpeg_mem_src(&info, reinterpret_cast<const unsigned char*>(bytes.data()),
                 static_cast<unsigned long>(bytes.size()));
    jpeg_read_header(&info, TRUE);
    if (too_many_pixels(info.image_width, info.image_height)) {
        image->width = static_cast<int>(info.image_width);
        image->height = static_cast<int>(info.image_height);
        jpeg_destroy_decompress(&info);
        return JpegStep::too_large;
    }
    info.out_color_space = JCS_GRAYSCALE;
    jpeg_start_decompress(&info);
    image->width = static_cast<int>(info.output_width);
    image->height = static_cast<int>(info.output_height);
    image->pixels.resize(static_cast<std::size_t>(info.output_width) * info.output_height);
    while (info.output_scanline < info.output_height) {
        JSAMPROW row = image->pixels.data() +
                       static_cast<std::size_t>(info.output_scanline) * info.output_width;
        jpeg_read_scanlines(&info, &row, 1);
    }
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    return JpegStep::done;
}

Result<GreyImage, std::string> read_jpeg(std::string_view bytes) {
    GreyImage image;
    JpegErrors errors;
    std::memset(&errors, 0, sizeof errors);
    switch (read_jpeg(bytes, &image, &errors)) {
        case JpegStep::done:
            return image;
        case JpegStep::too_large:
            return fail("a JPEG of " +
                        size_text(static_cast<std::uint64_t>(image.width),
                                  static_cast<std::uint64_t>(image.height)) +
                        ": more than " + std::to_string(kMaxImagePixels / 1'000'000) +
                        " megapixels");
        case JpegStep::failed:
            break;
    }
    return fail("a damaged JPEG: " + std::string(errors.message));
}

}  // namespace

Result<GreyImage, std::string> decode_grey_image(std::string_view file_bytes) {
    if (is_png(file_bytes)) return read_png(file_bytes);
    if (is_jpeg(file_bytes)) return read_jpeg(file_bytes);
    return fail(std::string("not a PNG or JPEG image"));
}

Result<GreyImage, std::string> load_grey_image(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return fail(file.string() + ": " + std::strerror(errno));
    std::string bytes;
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        bytes.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (bytes.size() > kMaxImageFileBytes)
            return fail(file.string() + " is larger than " +
                        std::to_string(kMaxImageFileBytes >> 20) + " MiB: not a scan");
    }
    if (in.bad()) return fail(file.string() + ": " + std::strerror(errno));
    auto image = decode_grey_image(bytes);
    if (!image) return fail(file.string() + ": " + image.error());
    return image;
}

Result<std::string, std::string> encode_grey_png(const GreyImage& image) {
    png_image png;
    std::memset(&png, 0, sizeof png);
    png.version = PNG_IMAGE_VERSION;
    png.width = static_cast<png_uint_32>(image.width);
    png.height = static_cast<png_uint_32>(image.height);
    png.format = PNG_FORMAT_GRAY;
    png_alloc_size_t size = 0;
    if (!png_image_write_to_memory(&png, nullptr, &size, 0, image.pixels.data(), 0, nullptr))
        return fail("cannot write a PNG: " + std::string(png.message));
    std::string bytes(size, '\0');
    if (!png_image_write_to_memory(&png, bytes.data(), &size, 0, image.pixels.data(), 0, nullptr))
        return fail("cannot write a PNG: " + std::string(png.message));
    bytes.resize(size);
    return bytes;
}

}  // namespace baken::cli::paper
