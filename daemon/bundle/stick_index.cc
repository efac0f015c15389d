// See stick_index.h.
#include "bundle/stick_index.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <string_view>

namespace baken::bundle {
namespace {

constexpr std::string_view kIndexMagic = "BKNIDX1\n";
constexpr std::size_t kCountBytes = 4;
constexpr std::size_t kChecksumBytes = crypto_generichash_BYTES;

std::array<std::uint8_t, kChecksumBytes> checksum(ByteView bytes) {
    ensure_sodium();
    std::array<std::uint8_t, kChecksumBytes> out{};
    crypto_generichash(out.data(), out.size(), bytes.data(), bytes.size(), nullptr, 0);
    return out;
}

}  // namespace

Bytes encode_stick_index(std::vector<MessageId> ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    Bytes out(kIndexMagic.begin(), kIndexMagic.end());
    auto n = static_cast<std::uint32_t>(ids.size());
    out.push_back(static_cast<std::uint8_t>(n >> 24));
    out.push_back(static_cast<std::uint8_t>(n >> 16));
    out.push_back(static_cast<std::uint8_t>(n >> 8));
    out.push_back(static_cast<std::uint8_t>(n));
    for (const auto& id : ids) out.insert(out.end(), id.begin(), id.end());
    auto sum = checksum(out);
    out.insert(out.end(), sum.begin(), sum.end());
    return out;
}

Result<std::vector<MessageId>, std::string> decode_stick_index(ByteView bytes) {
    constexpr std::size_t kFixed = kIndexMagic.size() + kCountBytes + kChecksumBytes;
    if (bytes.size() < kFixed || as_chars(bytes.first(kIndexMagic.size())) != kIndexMagic)
        return fail(std::string("not a stick index (wrong magic)"));
    ByteView c = bytes.subspan(kIndexMagic.size(), kCountBytes);
    std::size_t count = (std::size_t{c[0]} << 24) | (std::size_t{c[1]} << 16) |
                        (std::size_t{c[2]} << 8) | std::size_t{c[3]};
    if (count > kMaxIndexIds || bytes.size() != kFixed + count * kMessageIdSize)
        return fail(std::string("its length does not match its count of ") + std::to_string(count) +
                    " ids");
    ByteView content = bytes.first(bytes.size() - kChecksumBytes);
    auto sum = checksum(content);
    if (!std::equal(sum.begin(), sum.end(), bytes.end() - kChecksumBytes))
        return fail(std::string("its checksum does not match (the file is damaged)"));
    std::vector<MessageId> ids(count);
    ByteView raw = content.subspan(kIndexMagic.size() + kCountBytes);
    for (std::size_t i = 0; i < count; ++i)
        std::copy_n(raw.begin() + static_cast<std::ptrdiff_t>(i * kMessageIdSize), kMessageIdSize,
                    ids[i].begin());
    return ids;
}

}  // namespace baken::bundle
