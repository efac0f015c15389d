// See properties.h.
#include "simulation/properties.h"

#include "common/bytes.h"
#include "message/envelope_codec.h"
#include "message/structure_check.h"

namespace baken::sim {

namespace {
constexpr SimTime kRecovery = 180 * kSecond + 75 * kSecond + 10 * kSecond;
constexpr int kRoundTripsPerHop = 40;
constexpr SimTime kRetransmissionAllowance = 5 * kSecond;
constexpr std::size_t kMaxReported = 5;

std::string short_id(const MessageId& id) {
    return to_hex(ByteView(id.data(), 6));
}
}  // namespace

SimTime convergence_bound(const BoundInputs& in) {
    SimTime per_hop = kRoundTripsPerHop * in.slowest_rtt + kRetransmissionAllowance;
    auto transfer = static_cast<SimTime>(3.0 * static_cast<double>(in.live_bytes) /
                                         static_cast<double>(in.slowest_bytes_per_second) *
                                         static_cast<double>(kSecond));
    return kRecovery + in.diameter * per_hop + transfer;
}

std::string explain_bound(const BoundInputs& in) {
    return "265 s recovery + " + std::to_string(in.diameter) + " hops x (40 x " +
           std::to_string(in.slowest_rtt / kMs) + " ms + 5 s) + 3 x " +
           std::to_string(in.live_bytes) + " B / " + std::to_string(in.slowest_bytes_per_second) +
           " B/s = " + std::to_string(convergence_bound(in) / kSecond) + " s";
}

std::vector<std::string> check_store(const Store& store, const Ledger& ledger, bool verify) {
    std::vector<std::string> problems;
    auto report = [&](const MessageId& id, const std::string& what) {
        if (problems.size() < kMaxReported)
            problems.push_back("message " + short_id(id) + ": " + what);
    };
    store.for_each_id([&](const MessageId& id) {
        if (ledger.forged(id))
            report(id, "a forgery was accepted");
        else if (!ledger.posted(id))
            report(id, "held, but nobody posted it");
        if (!verify) return true;
        auto stored = store.get(id);
        if (!stored) return report(id, "listed but cannot be read"), true;
        auto decoded = decode_and_verify(as_bytes(stored->envelope_bytes));
        if (!decoded)
            return report(id, "stored bytes do not verify: " + describe(decoded.error())), true;
        if (decoded->id != id) report(id, "stored under an id that is not its hash");
        if (auto reject = check_structure(*decoded, stored->received_ms)) {
            report(id, "breaks the structure rules at its arrival: " + describe(*reject));
        }
        return true;
    });
    return problems;
}

sync::SetSummary live_summary(const Store& store, std::int64_t now_ms) {
    return sync::summarize(store.live_ids(now_ms));
}

}  // namespace baken::sim
