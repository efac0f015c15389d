// The simulator's only source of randomness: xoshiro256** seeded through splitmix64.
//
// Everything random in a run — topology, link qualities, faults, posting times, ephemeral
// handshake seeds, salts — is drawn from SimRandom streams derived from the run's seed, so a
// seed replays the run exactly. We do not use std::uniform_*_distribution: their output is
// left to the standard library, and a seed must mean the same run on every build.
//
// Each subsystem gets its own stream (stream(label)), so drawing one more number in, say,
// the network does not shift the workload of the same seed.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace baken::sim {

class SimRandom {
  public:
    explicit SimRandom(std::uint64_t seed);

    // An independent stream for one subsystem, fixed by the seed and the label.
    SimRandom stream(std::string_view label) const;

    std::uint64_t next();
    // Uniform in [0, n). REQUIRES: n > 0.
    std::uint64_t below(std::uint64_t n);
    // Uniform in [lo, hi], both included. REQUIRES: lo <= hi.
    std::int64_t between(std::int64_t lo, std::int64_t hi);
    // Uniform in [0, 1).
    double unit();
    bool chance(double p) { return unit() < p; }

    template <std::size_t N>
    std::array<std::uint8_t, N> bytes() {
        std::array<std::uint8_t, N> out{};
        for (std::size_t i = 0; i < N; ++i) {
            if (i % 8 == 0) word_ = next();
            out[i] = static_cast<std::uint8_t>(word_ >> (8 * (i % 8)));
        }
        return out;
    }

  private:
    std::array<std::uint64_t, 4> s_{};
    std::uint64_t origin_ = 0;  // the seed this stream was made from, for stream()
    std::uint64_t word_ = 0;
};

}  // namespace baken::sim
