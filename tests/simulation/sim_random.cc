// See sim_random.h. xoshiro256** and splitmix64 after Blackman and Vigna (public domain).
#include "simulation/sim_random.h"

#include <cassert>

namespace baken::sim {

namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::uint64_t rotl(std::uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}

// FNV-1a: a stable hash of a stream label (std::hash may differ between builds).
std::uint64_t label_hash(std::string_view label) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (char c : label) h = (h ^ static_cast<std::uint8_t>(c)) * 0x100000001b3ULL;
    return h;
}

}  // namespace

SimRandom::SimRandom(std::uint64_t seed) : origin_(seed) {
    std::uint64_t x = seed;
    for (auto& word : s_) word = splitmix64(x);
}

SimRandom SimRandom::stream(std::string_view label) const {
    std::uint64_t mixed = origin_ ^ label_hash(label);
    return SimRandom(splitmix64(mixed));
}

std::uint64_t SimRandom::next() {
    std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
}

// Lemire's multiply-and-reject: exact uniformity without division in the common case.
std::uint64_t SimRandom::below(std::uint64_t n) {
    assert(n > 0);
    unsigned __int128 m = static_cast<unsigned __int128>(next()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) {
        std::uint64_t threshold = -n % n;
        while (low < threshold) {
            m = static_cast<unsigned __int128>(next()) * n;
            low = static_cast<std::uint64_t>(m);
        }
    }
    return static_cast<std::uint64_t>(m >> 64);
}

std::int64_t SimRandom::between(std::int64_t lo, std::int64_t hi) {
    assert(lo <= hi);
    auto span = static_cast<std::uint64_t>(hi - lo) + 1;
    if (span == 0) return static_cast<std::int64_t>(next());  // the whole 64-bit range
    return lo + static_cast<std::int64_t>(below(span));
}

double SimRandom::unit() {
    return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

}  // namespace baken::sim
