// Message ids and fingerprints, both BLAKE2b through libsodium.
#include "crypto/keys.h"

#include <sodium.h>

#include <cstdlib>

namespace baken {

void ensure_sodium() {
    static const bool ready = sodium_init() >= 0;
    if (!ready) std::abort();
}

MessageId message_id_of(ByteView signed_bytes) {
    MessageId id;
    crypto_generichash(id.data(), id.size(), signed_bytes.data(), signed_bytes.size(), nullptr, 0);
    return id;
}

std::string fingerprint(const PublicKey& key) {
    // 30 symbols: digits and capitals without the look-alikes 0/O, 1/I/L and U.
    static constexpr char kAlphabet[] = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
    static_assert(sizeof kAlphabet - 1 == 30);
    std::uint8_t digest[16];
    static constexpr char kContext[] = "baken/v1/fingerprint";
    crypto_generichash(digest, sizeof digest, key.data(), key.size(),
                       reinterpret_cast<const std::uint8_t*>(kContext), sizeof kContext - 1);
    std::string out;
    for (int i = 0; i < 16; ++i) {
        if (i > 0 && i % 4 == 0) out.push_back('-');
        // 256 is not a multiple of 30: the bias this leaves is irrelevant for comparing keys.
        out.push_back(kAlphabet[digest[i] % 30]);
    }
    return out;
}

}  // namespace baken
