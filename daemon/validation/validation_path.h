// The one path every message takes before anything acts on it, from any entry point
// (HTTP API, CLI, peer sync, USB-stick bundles, paper, and later radio):
//
//   decode (size and nesting limits) -> author key -> signature -> structure
//     -> authorisation (trust/credential_book.h) -> store (durable)
//
// A message whose author has no credential yet waits in a quarantine (trust/quarantine.h) and
// is checked again when one is stored. A stored revocation withdraws the revoked key's
// messages created from "compromised since" on (they leave the store, so they are neither
// shown nor forwarded).
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
#include "trust/credential_book.h"
#include "trust/quarantine.h"

namespace baken {

// Where a message comes from. Only relayed ones (peers, bundles) wait in the quarantine for
// their author's credential: a local author (the API) is told "unknown author" at once and
// nothing of theirs is kept, so a refusal never turns into a post later.
enum class Origin { local, relayed };

struct Accepted {
    MessageId id{};
    bool duplicate = false;  // already held; nothing changed
};

using Verdict = Result<Accepted, Reject>;

class ValidationPath {
  public:
    // Without a book, or with one that trusts no root, nothing is refused for authorisation.
    ValidationPath(Store& store, const Clock& clock, trust::CredentialBook* book = nullptr)
        : store_(store), clock_(clock), book_(book) {}

    // Validates and stores one envelope.
    Verdict submit(ByteView envelope_bytes, Origin origin = Origin::local);
    // The same for many envelopes, stored in one durable transaction (what peers and bundle
    // imports use: one fsync per batch instead of per message). Verdicts in input order.
    std::vector<Verdict> submit_batch(std::span<const ByteView> envelopes,
                                      Origin origin = Origin::relayed);

    // Every check except storing; for `baken bundle verify` and tests. Does not count.
    Result<DecodedMessage, Reject> check(ByteView envelope_bytes) const;

    std::uint64_t rejected(RejectCode code) const { return rejected_[static_cast<int>(code)]; }
    const trust::Quarantine& quarantine() const { return quarantine_; }

    // Withdraws what every known revocation covers (at start: a revocation stored just before
    // a crash may not have finished its withdrawal, which is a separate transaction).
    void withdraw_revoked();

    // Called once for every message newly stored (not for duplicates), after its commit, with
    // the message: how sync sessions learn what to push. One listener; set it before use.
    using StoredListener = std::function<void(const DecodedMessage&)>;
    void on_stored(StoredListener listener) { on_stored_ = std::move(listener); }

  private:
    Verdict count(Verdict verdict);
    std::optional<MessageId> held_byte_for_byte(ByteView envelope_bytes) const;
    void hold(ByteView envelope_bytes);
    void store_valid(std::vector<DecodedMessage>& valid,
                     const std::vector<std::size_t>& slot_of_valid, std::vector<Verdict>& verdicts);
    void settle_unknown_authors(std::span<const ByteView> envelopes,
                                const std::vector<std::size_t>& which, Origin origin,
                                std::vector<Verdict>& verdicts);
    void after_trust_change(const DecodedMessage& stored);
    void withdraw(const PublicKey& subject, std::int64_t since_ms);

    Store& store_;
    const Clock& clock_;
    trust::CredentialBook* book_;
    trust::Quarantine quarantine_;
    bool credentials_learned_ = false;  // by the batch being stored
    std::array<std::uint64_t, kRejectCodeCount> rejected_{};
    StoredListener on_stored_;
};

}  // namespace baken
