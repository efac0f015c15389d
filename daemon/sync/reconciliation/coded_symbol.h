// A coded symbol of the rateless IBLT: the XOR of the (40-bit) short keys mapped into it, and
// the XOR of their 24-bit checksums. 8 bytes on the wire (symbol_wire.h).
//
// Symbols combine by XOR: the decoder XORs its own symbols into the peer's, and what is left
// (the residual) holds exactly the items of the symmetric difference, each side's items
// alike. A residual symbol is
//   empty  when key_sum == 0 and check_sum == 0; with a non-empty set of random keys this
//          happens by chance with probability 2^-64;
//   pure   when check_sum == checksum_of(key_sum): it then holds exactly one item, key_sum,
//          except with probability 2^-24 per test (a false purity, see symbol_decoder.h).
//          checksum_of(0) != 0, so an empty symbol is never pure.
//
// WHY NO COUNT FIELD. The paper's symbols also carry the number of items (+1 for the peer's,
// -1 for ours), used to spot pure candidates and to tell whose item a pure symbol holds. Here
// the decoder tells whose it is by looking the key up in its own key set (a key it holds is
// its own, any other is the peer's), and tests purity by the checksum and by the key's own
// mapping (a pure symbol's key must map to it). That saves a byte per symbol for a
// false-purity rate about twice as high (a count rules out cells with an even number of
// items), which stays small: about 2e-4 per decode at d = 1,000 (symbol_decoder.h). It also
// makes the code plain GF(2) linear algebra: adding and removing an item are the same XOR.
//
// The checksum is a fixed, non-linear mix of the key, not keyed by the session: the keys are
// already SipHash outputs under the session salt, unpredictable to anyone who plants messages
// in advance; a peer in the session can send arbitrary symbols anyway (the decoder is built to
// survive that). It must not be XOR-linear, or every mixed symbol would look pure.
#pragma once

#include <cstdint>

#include "sync/reconciliation/short_key.h"

namespace baken::sync {

inline constexpr int kChecksumBits = 24;

// A bijective 64-bit mixer (different constants from the index mapping's), top 24 bits.
constexpr std::uint32_t checksum_of(ShortKey key) {
    std::uint64_t z = key ^ 0x636865636b73756d;  // "checksum"
    z = (z ^ (z >> 33)) * 0xff51afd7ed558ccd;
    z = (z ^ (z >> 33)) * 0xc4ceb9fe1a85ec53;
    z ^= z >> 33;
    return static_cast<std::uint32_t>(z >> (64 - kChecksumBits));
}
static_assert(checksum_of(0) != 0, "an empty symbol must never look pure");

struct CodedSymbol {
    std::uint64_t key_sum = 0;
    std::uint32_t check_sum = 0;

    // Adds or removes (the same thing) one item.
    void toggle(ShortKey key, std::uint32_t check) {
        key_sum ^= key;
        check_sum ^= check;
    }
    void toggle(const CodedSymbol& other) { toggle(other.key_sum, other.check_sum); }

    bool empty() const { return key_sum == 0 && check_sum == 0; }
    bool pure() const { return check_sum == checksum_of(key_sum); }

    friend bool operator==(const CodedSymbol&, const CodedSymbol&) = default;
};

}  // namespace baken::sync
