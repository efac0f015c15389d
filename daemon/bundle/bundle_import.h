// Imports the messages of a bundle into this node: every message record goes through the one
// validation path (ValidationPath::submit_batch, as relayed messages), in batches, so each
// message is stored atomically and durably or refused with a reason; nothing the node already
// holds is touched. Feed it the reader's events; read the report at the end.
//
// The report is what a person needs to act on: how many came in, which were refused and why
// (with their byte offsets), and where the file is damaged.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "bundle/bundle_reader.h"
#include "validation/validation_path.h"

namespace baken::bundle {

struct RefusedMessage {
    std::uint64_t offset = 0;  // of its record in the bundle
    std::string reason;        // reject_code_name
    std::string detail;
};

struct ImportReport {
    std::optional<BundleHeaderRead> header;
    std::uint64_t records = 0;  // message records read (damaged ones included)
    std::uint64_t accepted = 0;
    std::uint64_t duplicates = 0;
    std::uint64_t refused = 0;
    // Valid so far, but no credential for the author has reached this node yet: held in the
    // quarantine and stored as soon as one arrives (trust/quarantine.h).
    std::uint64_t waiting = 0;
    std::map<std::string, std::uint64_t> refused_by_reason;
    std::vector<RefusedMessage> refusals;  // the first kMaxListed
    std::vector<Damage> damage;            // the first kMaxListed
    bool verified = false;                 // the trailer's signature matched

    static constexpr std::size_t kMaxListed = 50;
    // Whole and signed, every message accepted or already held.
    bool clean() const { return verified && refused == 0 && damage.empty(); }
};

// Batches of 2,048: one fsync per batch, and B-tree pages touched by many messages of a batch
// written once. Measured (bundle_bench, 100,000 sitreps, ext4): 256 per batch imported at 0.62
// of the raw signature-verify rate, 2,048 at 0.72. A batch holds the event loop ~150 ms.
class BundleImporter {
  public:
    explicit BundleImporter(ValidationPath& validation, std::size_t batch_size = 2048)
        : validation_(validation), batch_size_(batch_size) {}

    void on_event(BundleEvent event);
    // Called with the id of every message the node holds after its batch (accepted, or held
    // already).
    void on_held(std::function<void(const MessageId&)> listener) { on_held_ = std::move(listener); }
    // Submits what is waiting; call once at the end (on_event flushes full batches itself).
    void flush();
    const ImportReport& report() const { return report_; }

  private:
    ValidationPath& validation_;
    std::size_t batch_size_;
    std::vector<MessageRecordRead> batch_;
    ImportReport report_;
    std::function<void(const MessageId&)> on_held_;
};

// Adds one validation verdict to a report (shared with the API's batch import).
void count_verdict(ImportReport& report, const Verdict& verdict, std::uint64_t offset);

}  // namespace baken::bundle
