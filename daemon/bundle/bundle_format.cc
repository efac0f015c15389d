// See bundle_format.h.
#include "bundle/bundle_format.h"

#include <sodium.h>

#include <algorithm>

#include "crypto/keys.h"

namespace baken::bundle {
namespace {

std::array<std::uint8_t, kRecordPrefixBytes> prefix_of(RecordType type, std::size_t length) {
    auto n = static_cast<std::uint32_t>(length);
    return {static_cast<std::uint8_t>(type), static_cast<std::uint8_t>(n >> 24),
            static_cast<std::uint8_t>(n >> 16), static_cast<std::uint8_t>(n >> 8),
            static_cast<std::uint8_t>(n)};
}

}  // namespace

RecordCheck record_check(RecordType type, ByteView body) {
    ensure_sodium();
    auto prefix = prefix_of(type, body.size());
    crypto_generichash_state state;
    // BLAKE2b's shortest output is 16 bytes; its first 8 are the check.
    std::array<std::uint8_t, crypto_generichash_BYTES_MIN> hash{};
    crypto_generichash_init(&state, nullptr, 0, hash.size());
    crypto_generichash_update(&state, prefix.data(), prefix.size());
    crypto_generichash_update(&state, body.data(), body.size());
    crypto_generichash_final(&state, hash.data(), hash.size());
    RecordCheck check{};
    std::copy_n(hash.begin(), check.size(), check.begin());
    return check;
}

Bytes encode_record(RecordType type, ByteView body) {
    auto prefix = prefix_of(type, body.size());
    RecordCheck check = record_check(type, body);
    Bytes out;
    out.reserve(kRecordOverheadBytes + body.size());
    out.insert(out.end(), prefix.begin(), prefix.end());
    out.insert(out.end(), body.begin(), body.end());
    out.insert(out.end(), check.begin(), check.end());
    return out;
}

Bytes signed_content(ByteView content_hash) {
    Bytes out(kSignaturePrefix.begin(), kSignaturePrefix.end());
    out.insert(out.end(), content_hash.begin(), content_hash.end());
    return out;
}

}  // namespace baken::bundle
