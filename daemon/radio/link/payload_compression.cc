// See payload_compression.h.
#include "radio/link/payload_compression.h"

#include <zlib.h>

namespace baken::radio {
namespace {
constexpr int kRawDeflate = -15;  // negative window bits: no zlib header, no checksum
}

std::optional<std::string> deflate_if_smaller(ByteView bytes) {
    z_stream z{};
    if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, kRawDeflate, 9, Z_DEFAULT_STRATEGY) !=
        Z_OK)
        return std::nullopt;
    std::string out(deflateBound(&z, static_cast<uLong>(bytes.size())), '\0');
    z.next_in = const_cast<Bytef*>(bytes.data());
    z.avail_in = static_cast<uInt>(bytes.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    int status = deflate(&z, Z_FINISH);
    std::size_t produced = out.size() - z.avail_out;
    deflateEnd(&z);
    if (status != Z_STREAM_END || produced >= bytes.size()) return std::nullopt;
    out.resize(produced);
    return out;
}

std::optional<std::string> inflate_bounded(ByteView deflated, std::size_t max_bytes) {
    z_stream z{};
    if (inflateInit2(&z, kRawDeflate) != Z_OK) return std::nullopt;
    std::string out(max_bytes + 1, '\0');  // one more: output that fills it is too large
    z.next_in = const_cast<Bytef*>(deflated.data());
    z.avail_in = static_cast<uInt>(deflated.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    int status = inflate(&z, Z_FINISH);
    std::size_t produced = out.size() - z.avail_out;
    bool whole = status == Z_STREAM_END && z.avail_in == 0 && produced <= max_bytes;
    inflateEnd(&z);
    if (!whole) return std::nullopt;
    out.resize(produced);
    return out;
}

}  // namespace baken::radio
