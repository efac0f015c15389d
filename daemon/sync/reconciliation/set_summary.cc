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

}  // namespace

SetSummary summarize(std::span<const MessageId> ids) {
    ensure_sodium();
    std::vector<MessageId> sorted(ids.begin(), ids.end());
    if (!std::is_sorted(sorted.begin(), sorted.end())) std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());

    SetSummary summary;
    summary.count = sorted.size();
    std::array<std::uint8_t, 8> count_be{};
    for (std::size_t i = 0; i < count_be.size(); ++i) {
        count_be[i] = static_cast<std::uint8_t>(summary.count >> (56 - 8 * i));
    }
    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, summary.digest.size());
    hash_bytes(state, kDigestDomain.data(), kDigestDomain.size());
    hash_bytes(state, count_be.data(), count_be.size());
    // MessageId is a std::array of bytes: a vector of them is one contiguous byte run.
    static_assert(sizeof(MessageId) == kMessageIdSize);
    hash_bytes(state, sorted.data(), sorted.size() * sizeof(MessageId));
    crypto_generichash_final(&state, summary.digest.data(), summary.digest.size());
    return summary;
}

}  // namespace baken::sync
