// See set_summary.h.
#include "sync/reconciliation/set_summary.h"

#include <sodium.h>

#include <algorithm>
#include <string_view>
#include <vector>

namespace baken::sync {

namespace {

constexpr std::string_view kDigestDomain = "baken set digest v1";

void hash_bytes(crypto_generichash_state& state, const void* data, std::size_t size) {
    crypto_generichash_update(&state, static_cast<const unsigned char*>(data), size);
}

// Count and BLAKE2b (keyed when `key` is not empty) over the sorted distinct ids; `out` is
// at least 16 bytes, BLAKE2b's shortest output.
std::uint64_t digest_of(std::span<const MessageId> ids, std::span<const std::uint8_t> key,
                        std::span<std::uint8_t> out) {
    ensure_sodium();
    std::vector<MessageId> sorted(ids.begin(), ids.end());
    if (!std::is_sorted(sorted.begin(), sorted.end())) std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());

    const std::uint64_t count = sorted.size();
    std::array<std::uint8_t, 8> count_be{};
    for (std::size_t i = 0; i < count_be.size(); ++i) {
        count_be[i] = static_cast<std::uint8_t>(count >> (56 - 8 * i));
    }
    crypto_generichash_state state;
    crypto_generichash_init(&state, key.empty() ? nullptr : key.data(), key.size(), out.size());
    hash_bytes(state, kDigestDomain.data(), kDigestDomain.size());
    hash_bytes(state, count_be.data(), count_be.size());
    // MessageId is a std::array of bytes: a vector of them is one contiguous byte run.
    static_assert(sizeof(MessageId) == kMessageIdSize);
    hash_bytes(state, sorted.data(), sorted.size() * sizeof(MessageId));
    crypto_generichash_final(&state, out.data(), out.size());
    return count;
}

}  // namespace

SetSummary summarize(std::span<const MessageId> ids) {
    SetSummary summary;
    summary.count = digest_of(ids, {}, summary.digest);
    return summary;
}

SessionSummary summarize_for_session(std::span<const MessageId> ids, const Salt& salt) {
    std::array<std::uint8_t, crypto_generichash_BYTES_MIN> full{};
    SessionSummary summary;
    summary.count = digest_of(ids, salt, full);
    std::copy_n(full.begin(), summary.digest.size(), summary.digest.begin());
    return summary;
}

}  // namespace baken::sync
