// See bundle_format.h.
#include "bundle/bundle_format.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

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

// Sized once and filled with memcpy: g++ 12 at -O3 warns falsely (array-bounds,
// stringop-overflow) about vector::insert of several small ranges in a row.
Bytes encode_record(RecordType type, ByteView body) {
    auto prefix = prefix_of(type, body.size());
    RecordCheck check = record_check(type, body);
    Bytes out(kRecordOverheadBytes + body.size());
    std::memcpy(out.data(), prefix.data(), prefix.size());
    if (!body.empty()) std::memcpy(out.data() + prefix.size(), body.data(), body.size());
    std::memcpy(out.data() + prefix.size() + body.size(), check.data(), check.size());
    return out;
}

Bytes signed_content(ByteView content_hash) {
    Bytes out(kSignaturePrefix.size() + content_hash.size());
    std::memcpy(out.data(), kSignaturePrefix.data(), kSignaturePrefix.size());
    if (!content_hash.empty())
        std::memcpy(out.data() + kSignaturePrefix.size(), content_hash.data(), content_hash.size());
    return out;
}

}  // namespace baken::bundle
