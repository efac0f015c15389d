// See validation_path.h. The order of checks is fixed: cheap and content-free checks first,
// the signature before anything that interprets the content.
#include "validation/validation_path.h"

#include <algorithm>
#include <limits>

#include "baken/v1/message.pb.h"
#include "common/log.h"
#include "crypto/keys.h"
#include "message/envelope_codec.h"
#include "message/limits.h"
#include "message/structure_check.h"

namespace baken {

Result<DecodedMessage, Reject> ValidationPath::check(ByteView envelope_bytes) const {
    auto decoded = decode_and_verify(envelope_bytes);
    if (!decoded) return decoded;
    if (auto reject = check_structure(*decoded, clock_.now_ms())) return fail(std::move(*reject));
    if (book_) {
        if (auto reject = book_->judge(*decoded)) return fail(std::move(*reject));
    }
    return decoded;
}

// A copy of a message this node already holds, byte for byte, needs no verifying: the stored
// copy was verified. In a mesh most arrivals are such copies (one per path), and the
// signature check is most of a node's CPU (~70 us); a store lookup costs ~1 us.
std::optional<MessageId> ValidationPath::held_byte_for_byte(ByteView envelope_bytes) const {
    if (envelope_bytes.size() > limits::kMaxEnvelopeBytes) return std::nullopt;
    v1::Envelope envelope;  // byte fields only: no nesting to bound
    if (!envelope.ParseFromArray(envelope_bytes.data(), static_cast<int>(envelope_bytes.size()))) {
        return std::nullopt;
    }
    MessageId id = message_id_of(as_bytes(envelope.signed_()));
    auto stored = store_.get(id);
    if (!stored || stored->envelope_bytes != as_chars(envelope_bytes)) return std::nullopt;
    return id;
}

Verdict ValidationPath::count(Verdict verdict) {
    if (!verdict) ++rejected_[static_cast<int>(verdict.error().code)];
    return verdict;
}

Verdict ValidationPath::submit(ByteView envelope_bytes, Origin origin) {
    const ByteView one[] = {envelope_bytes};
    return std::move(submit_batch(one, origin).front());
}

std::vector<Verdict> ValidationPath::submit_batch(std::span<const ByteView> envelopes,
                                                  Origin origin) {
    std::vector<Verdict> verdicts;
    verdicts.reserve(envelopes.size());
    std::vector<DecodedMessage> valid;
    valid.reserve(envelopes.size());
    std::vector<std::size_t> slot_of_valid;
    std::vector<std::size_t> unknown_author;
    for (std::size_t i = 0; i < envelopes.size(); ++i) {
        if (auto held = held_byte_for_byte(envelopes[i])) {
            verdicts.push_back(Accepted{*held, true});
            continue;
        }
        auto checked = check(envelopes[i]);
        if (!checked && checked.error().code == RejectCode::unknown_author) {
            // Its credential may be in this very batch (a peer sends credentials first):
            // decided after the batch is stored.
            unknown_author.push_back(i);
            verdicts.push_back(fail(checked.error()));
            continue;
        }
        if (!checked) {
            verdicts.push_back(count(fail(checked.error())));
            continue;
        }
        verdicts.push_back(Accepted{checked->id, false});  // provisional until stored
        slot_of_valid.push_back(i);
        valid.push_back(std::move(checked).value());
    }
    if (!valid.empty()) store_valid(valid, slot_of_valid, verdicts);
    settle_unknown_authors(envelopes, unknown_author, origin, verdicts);
    return verdicts;
}

// Those whose author had no credential when checked: again, if this batch brought
// credentials; else (or still unknown) relayed ones wait in the quarantine.
void ValidationPath::settle_unknown_authors(std::span<const ByteView> envelopes,
                                            const std::vector<std::size_t>& which, Origin origin,
                                            std::vector<Verdict>& verdicts) {
    if (which.empty()) return;
    if (credentials_learned_) {
        credentials_learned_ = false;
        std::vector<ByteView> again;
        for (std::size_t i : which) again.push_back(envelopes[i]);
        auto second = submit_batch(again, origin);
        for (std::size_t k = 0; k < which.size(); ++k) verdicts[which[k]] = std::move(second[k]);
        return;
    }
    for (std::size_t i : which) {
        if (origin == Origin::relayed) hold(envelopes[i]);
        verdicts[i] = count(std::move(verdicts[i]));
    }
}

void ValidationPath::store_valid(std::vector<DecodedMessage>& valid,
                                 const std::vector<std::size_t>& slot_of_valid,
                                 std::vector<Verdict>& verdicts) {
    std::vector<const DecodedMessage*> pointers;
    for (const auto& m : valid) pointers.push_back(&m);
    std::int64_t now = clock_.now_ms();
    auto outcomes = store_.put_batch(pointers, now, now);
    for (std::size_t j = 0; j < outcomes.size(); ++j) {
        Verdict& v = verdicts[slot_of_valid[j]];
        if (outcomes[j].status == PutStatus::rejected) {
            v = count(fail(*outcomes[j].reject));
        } else {
            v = Accepted{valid[j].id, outcomes[j].status == PutStatus::duplicate};
        }
    }
    // Every listener hears of the whole batch before a revocation in it withdraws anything:
    // a withdrawal reported (store.h on_removed) before the message it removes was reported
    // stored would leave the picture holding a message the store no longer has.
    for (std::size_t j = 0; j < outcomes.size(); ++j)
        if (outcomes[j].status == PutStatus::stored && on_stored_) on_stored_(valid[j]);
    if (!book_) return;
    for (std::size_t j = 0; j < outcomes.size(); ++j)
        if (outcomes[j].status == PutStatus::stored) after_trust_change(valid[j]);
}

void ValidationPath::hold(ByteView envelope_bytes) {
    auto decoded = decode_envelope(envelope_bytes);  // verified moments ago: cannot fail
    if (!decoded) return;
    PublicKey author{};
    const std::string& key = decoded->message.author();
    std::copy_n(key.begin(), std::min(key.size(), author.size()), author.begin());
    quarantine_.hold(author, std::string(as_chars(envelope_bytes)));
}

void ValidationPath::withdraw(const PublicKey& subject, std::int64_t since_ms) {
    StoreQuery query;
    query.author = subject;
    query.created_since_ms = since_ms;
    query.include_expired = true;
    query.limit = std::numeric_limits<std::size_t>::max();
    std::vector<MessageId> withdrawn;
    for (const StoredMessage& m : store_.list(query)) withdrawn.push_back(m.id);
    if (withdrawn.empty()) return;
    auto removed = store_.remove(withdrawn);
    if (!removed) {
        log::error("validation", "withdrawing a revoked key's messages failed: " + removed.error());
    }
}

void ValidationPath::withdraw_revoked() {
    if (!book_) return;
    for (const auto& [subject, since] : book_->revocations()) withdraw(subject, since);
}

// A stored credential may let quarantined messages in; a stored revocation withdraws the
// revoked key's messages from "compromised since" on.
void ValidationPath::after_trust_change(const DecodedMessage& stored) {
    auto subject = book_->learn(stored);
    if (!subject) return;
    credentials_learned_ = credentials_learned_ || stored.message.body().has_credential();
    if (stored.message.body().has_revocation()) {
        return withdraw(*subject, stored.message.body().revocation().compromised_since_ms());
    }
    std::vector<std::string> waiting = quarantine_.release(*subject);
    if (waiting.empty()) return;
    std::vector<ByteView> again;
    for (const std::string& e : waiting) again.push_back(as_bytes(e));
    submit_batch(again);  // those still refused go back to quarantine or are counted
}

}  // namespace baken
