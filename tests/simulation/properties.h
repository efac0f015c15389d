// The properties every run checks, and the convergence bound it holds the mesh to.
//
// 1. Safety: no honest node ever stores an invalid message. At the end every stored message
//    is re-read and must decode, verify (signature, author), hash to its id, pass the
//    structure rules at the time it was received, and be one a person posted (ledger) — in
//    particular none of the adversary's forgeries.
// 2. No protocol errors between honest peers (checked live, see SimNode): a session between
//    two nodes that follow the protocol ends only for network reasons, never "malformed".
// 3. Convergence: once the last fault has healed, every honest node holds exactly the live
//    (unexpired) valid messages that were posted — nothing lost, nothing extra — within the
//    bound below.
//
// THE BOUND, from the moment the last fault heals:
//
//   bound = recovery + diameter × per_hop + transfer
//
//   recovery = 180 s  a session left half-open by a partition or crash is gone: by the peer's
//                     RST as soon as either end sends (pings every 60 s, TCP retransmits at
//                     most every 120 s), at the latest by the idle timeout (kIdleTimeoutMs)
//            +  75 s  the longest re-dial wait (backoff capped at 60 s, +25 % jitter); a dial
//                     that was already retrying its SYN gets through sooner (≤ 64 s)
//            +  10 s  the handshake limit
//   per_hop  = 40 round trips (handshake, hellos, symbol rounds growing by a quarter each from
//              12, the decoded keys, the first messages) on the slowest link + 5 s for TCP
//              retransmissions of lost segments
//   transfer = 3 × (bytes of all live messages) / (slowest link's bandwidth): everything may
//              have to cross the slowest link, and a message can cross it more than once
//              (live pushes from several peers race).
//
// Hops run in parallel once sessions are up, so this is loose; its purpose is to catch a mesh
// that stalls (a session that never reconciles, a message that is never pushed). A seed that
// breaks it is either a bug or a flaw in this reasoning: both are worth a look.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "simulation/event_loop.h"
#include "simulation/ledger.h"
#include "store/store.h"
#include "sync/reconciliation/set_summary.h"

namespace baken::sim {

struct BoundInputs {
    int diameter = 1;
    SimTime slowest_rtt = 0;
    std::uint64_t slowest_bytes_per_second = 1;
    std::uint64_t live_bytes = 0;
};

SimTime convergence_bound(const BoundInputs& in);
std::string explain_bound(const BoundInputs& in);

// Property 1 for one store. `verify` false checks only that every id is a posted valid one
// (cheap; for the national run's many nodes). Returns what is wrong, at most a few lines.
std::vector<std::string> check_store(const Store& store, const Ledger& ledger, bool verify);

// The summary of what the store offers at `now_ms`.
sync::SetSummary live_summary(const Store& store, std::int64_t now_ms);

}  // namespace baken::sim
