// Two nodes whose sync sessions are wired back to back in memory, each over its own real
// store: for session tests and the sync benchmark. Time and bytes are under the caller's
// control; nothing touches a socket.
#pragma once

#include <filesystem>
#include <memory>

#include "common/clock.h"
#include "store/store.h"
#include "sync/session/sync_session.h"
#include "validation/validation_path.h"

namespace baken::testing {

template <std::size_t N>
std::array<std::uint8_t, N> filled(std::uint8_t byte) {
    std::array<std::uint8_t, N> a{};
    a.fill(byte);
    return a;
}

struct SyncNode {
    SyncNode(const std::filesystem::path& dir, std::uint8_t seed, std::int64_t now_ms,
             std::uint64_t quota = 1ull << 30);

    // Stores `count` sitreps by one shared author, serials [first, first + count), created
    // `age_step_ms` apart going back from now.
    void add(int first, int count, v1::Precedence precedence = v1::ROUTINE,
             std::int64_t age_step_ms = 1);
    std::unique_ptr<sync::SyncSession> session(sync::Role role,
                                               std::optional<PublicKey> expected = std::nullopt,
                                               sync::FloodLimit flood = {});

    ManualClock clock;
    Identity identity;
    std::unique_ptr<Store> store;
    ValidationPath validation;
};

// What crossed the wire while pumping.
struct WireTally {
    std::uint64_t a_to_b = 0;
    std::uint64_t b_to_a = 0;
    int flights = 0;  // exchanges in which something was sent: one one-way latency each
};

// Moves bytes both ways until neither side has anything to say, a session closes, or
// `max_flights` is reached.
WireTally pump(SyncNode& a, sync::SyncSession& sa, SyncNode& b, sync::SyncSession& sb,
               int max_flights = 100000);

}  // namespace baken::testing
