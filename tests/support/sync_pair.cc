// See sync_pair.h.
#include "support/sync_pair.h"

#include "support/sample_messages.h"

namespace baken::testing {

SyncNode::SyncNode(const std::filesystem::path& dir, std::uint8_t seed, std::int64_t now_ms,
                   std::uint64_t quota)
    : clock(now_ms),
      identity(Identity::from_seed(filled<32>(seed))),
      store(std::move(Store::open({dir, quota})).value()),
      validation(*store, clock) {}

void SyncNode::add(int first, int count, v1::Precedence precedence, std::int64_t age_step_ms) {
    static const Identity author = Identity::from_seed(filled<32>(0xA5));
    constexpr int kBatch = 1000;
    for (int start = first; start < first + count; start += kBatch) {
        std::vector<DecodedMessage> messages;
        for (int i = start; i < std::min(first + count, start + kBatch); ++i) {
            messages.push_back(
                signed_sitrep(author, i, precedence, clock.now_ms() - i * age_step_ms));
        }
        std::vector<const DecodedMessage*> pointers;
        for (const auto& m : messages) pointers.push_back(&m);
        store->put_batch(pointers, clock.now_ms(), clock.now_ms());
    }
}

std::unique_ptr<sync::SyncSession> SyncNode::session(sync::Role role,
                                                     std::optional<PublicKey> expected,
                                                     sync::FloodLimit flood) {
    bool initiator = role == sync::Role::initiator;
    sync::SessionParams p{identity, role,           expected, filled<32>(initiator ? 1 : 2),
                          "node",   clock.now_ms(), flood};
    return std::make_unique<sync::SyncSession>(p, *store, validation);
}

WireTally pump(SyncNode& a, sync::SyncSession& sa, SyncNode& b, sync::SyncSession& sb,
               int max_flights) {
    WireTally tally;
    for (int i = 0; i < max_flights; ++i) {
        std::string from_a = sa.take_output(1 << 20, a.clock.now_ms());
        std::string from_b = sb.take_output(1 << 20, b.clock.now_ms());
        if (from_a.empty() && from_b.empty()) break;
        tally.a_to_b += from_a.size();
        tally.b_to_a += from_b.size();
        ++tally.flights;
        if (!from_a.empty()) sb.on_bytes(as_bytes(from_a), b.clock.now_ms());
        if (!from_b.empty()) sa.on_bytes(as_bytes(from_b), a.clock.now_ms());
        if (sa.closed() || sb.closed()) break;
    }
    return tally;
}

}  // namespace baken::testing
