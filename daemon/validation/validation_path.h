// The one path every message takes before anything acts on it, from any entry point
// (HTTP API, CLI, and later sync, radio and bundles):
//
//   decode (size and nesting limits) -> author key -> signature -> structure
//     -> authorisation (arrives with the trust issue) -> store (durable)
//
// A message is acknowledged (Accepted) only after the store has committed it. Every
// refusal carries a RejectCode and a detail, and is counted by reason for the node status.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "message/decoded_message.h"
#include "message/reject.h"
#include "store/store.h"

namespace baken {

struct Accepted {
    MessageId id{};
    bool duplicate = false;  // already held; nothing changed
};

using Verdict = Result<Accepted, Reject>;

class ValidationPath {
  public:
    ValidationPath(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

    // Validates and stores one envelope.
    Verdict submit(ByteView envelope_bytes);
    // The same for many envelopes, stored in one durable transaction (what peers and bundle
    // imports use: one fsync per batch instead of per message). Verdicts in input order.
    std::vector<Verdict> submit_batch(std::span<const ByteView> envelopes);

    // Every check except storing; for `baken bundle verify` and tests. Does not count.
    Result<DecodedMessage, Reject> check(ByteView envelope_bytes) const;

    std::uint64_t rejected(RejectCode code) const { return rejected_[static_cast<int>(code)]; }

    // Called once for every message newly stored (not for duplicates), after its commit, with
    // the message: how sync sessions learn what to push. One listener; set it before use.
    using StoredListener = std::function<void(const DecodedMessage&)>;
    void on_stored(StoredListener listener) { on_stored_ = std::move(listener); }

  private:
    Verdict count(Verdict verdict);
    std::optional<MessageId> held_byte_for_byte(ByteView envelope_bytes) const;

    Store& store_;
    const Clock& clock_;
    std::array<std::uint64_t, kRejectCodeCount> rejected_{};
    StoredListener on_stored_;
};

}  // namespace baken
