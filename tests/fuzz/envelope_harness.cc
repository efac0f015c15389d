// See envelope_harness.h.
#include "fuzz/envelope_harness.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "fuzz/invariant.h"
#include "message/envelope_codec.h"
#include "store/store.h"
#include "support/sample_messages.h"
#include "support/temp_dir.h"

namespace baken::fuzz {
namespace {

// One store for the whole process: opening LMDB per input would dominate the run time.
// Destroyed at exit, which removes the temp directory.
struct Harness {
    testing::TempDir dir;
    ManualClock clock{testing::kSampleNowMs};
    std::unique_ptr<Store> store;
    std::unique_ptr<ValidationPath> path;

    Harness() {
        auto opened = Store::open(StoreOptions{dir.path() / "store", kHarnessQuotaBytes});
        if (!opened) violated("the harness store opens", opened.error());
        store = std::move(opened).value();
        path = std::make_unique<ValidationPath>(*store, clock);
    }
};

Harness& harness() {
    static Harness h;
    return h;
}

bool same_bytes(std::string_view stored, ByteView input) {
    return stored == as_chars(input);
}

void check_reject(const Reject& reject) {
    require(!reject.detail.empty(), "every refusal has a detail", describe(reject));
    require(reject.code != RejectCode::storage_error, "the harness store does not fail",
            describe(reject));
}

}  // namespace

Verdict fuzz_envelope(const std::uint8_t* data, std::size_t size) {
    Harness& h = harness();
    const ByteView bytes(data, size);

    // Decoding alone.
    auto decoded = decode_envelope(bytes);
    if (decoded) {
        require(same_bytes(decoded->envelope_bytes, bytes),
                "a decoded envelope keeps its exact bytes");
        require(decoded->id == message_id_of(as_bytes(decoded->envelope.signed_())),
                "the id is the hash of the signed bytes");
        auto again = decode_envelope(as_bytes(decoded->envelope_bytes));
        require(again.ok() && again->id == decoded->id,
                "a decoded envelope re-decodes to the same id");
    } else {
        check_reject(decoded.error());
        require(decoded.error().code == RejectCode::malformed ||
                    decoded.error().code == RejectCode::oversized,
                "decoding refuses only as malformed or oversized", describe(decoded.error()));
    }

    // Every check, without storing; then the real thing.
    auto checked = h.path->check(bytes);
    const StoreStats before = h.store->stats();
    Verdict verdict = h.path->submit(bytes);
    const StoreStats after = h.store->stats();

    if (!decoded) {
        // The validation path verifies the signature before it parses the signed message, so
        // bytes that do not parse may be refused for their signature or author key first.
        const RejectCode d = decoded.error().code;
        const bool same_or_earlier =
            !checked.ok() &&
            (checked.error().code == d ||
             (d == RejectCode::malformed && (checked.error().code == RejectCode::bad_signature ||
                                             checked.error().code == RejectCode::bad_author_key)));
        require(same_or_earlier,
                "check() refuses what decoding refuses, for that or an earlier reason");
    }
    if (checked.ok()) {
        require(decoded.ok() && checked->id == decoded->id, "check() accepts with the decoded id");
    } else {
        check_reject(checked.error());
    }

    if (verdict.ok()) {
        const Accepted& accepted = verdict.value();
        require(checked.ok(), "submit() accepts only what check() accepts");
        require(accepted.id == checked->id, "submit() accepts with the checked id");
        auto stored = h.store->get(accepted.id);
        require(stored.has_value(), "an accepted message is in the store");
        // A duplicate may arrive in a differently encoded envelope around the same signed bytes.
        auto restored = h.path->check(as_bytes(stored->envelope_bytes));
        require(restored.ok() && restored->id == accepted.id,
                "a stored message validates to its id");
        if (accepted.duplicate) {
            require(after.message_count == before.message_count &&
                        after.used_bytes == before.used_bytes,
                    "a duplicate leaves the store unchanged");
        } else {
            require(same_bytes(stored->envelope_bytes, bytes), "a new message is stored verbatim");
            require(after.message_count + (after.evicted_total - before.evicted_total) ==
                        before.message_count + 1,
                    "a new message adds one to the store (less what it evicted)");
            require(after.used_bytes <= after.quota_bytes, "the store stays within its quota");
        }
    } else {
        const Reject& reject = verdict.error();
        check_reject(reject);
        if (reject.code == RejectCode::storage_full) {
            require(checked.ok(), "only a valid message is refused for storage");
        } else {
            require(!checked.ok() && checked.error().code == reject.code,
                    "submit() refuses what check() refuses, for the same reason", describe(reject));
        }
        require(after.message_count == before.message_count &&
                    after.used_bytes == before.used_bytes &&
                    after.evicted_total == before.evicted_total,
                "a refused message leaves the store unchanged");
        if (decoded) {
            auto stored = h.store->get(decoded->id);
            require(!stored || !same_bytes(stored->envelope_bytes, bytes),
                    "a refused message is not stored");
        }
    }
    return verdict;
}

}  // namespace baken::fuzz
