// Tests and fuzz harnesses only: fixed Ed25519 identities, so handshakes are reproducible.
#pragma once

#include <array>
#include <cstdint>

#include "crypto/identity.h"

namespace baken::channel::testing {

// The same seed byte always gives the same identity (Identity::from_seed of a fixed pattern).
inline Identity fixed_identity(std::uint8_t seed_byte) {
    std::array<std::uint8_t, 32> seed;
    for (std::size_t i = 0; i < seed.size(); ++i)
        seed[i] = static_cast<std::uint8_t>(seed_byte + 7 * i);
    return Identity::from_seed(seed);
}

}  // namespace baken::channel::testing
