// See sync_protocol.h and docs/sync-protocol.md.
#include "sync/session/sync_protocol.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

#include "common/log.h"
#include "message/envelope_codec.h"
#include "message/kind.h"
#include "sync/reconciliation/key_list.h"
#include "sync/reconciliation/set_summary.h"
#include "sync/reconciliation/symbol_decoder.h"
#include "sync/reconciliation/symbol_encoder.h"
#include "sync/reconciliation/symbol_wire.h"

namespace baken::sync {

namespace {

constexpr std::size_t kFirstSymbolBatch = 12;
constexpr std::size_t kMinSymbolBatch = 4;

Failure<SyncError> error(std::string reason) {
    return fail(SyncError{std::move(reason)});
}

// A relaying peer cannot be blamed for expiry on the way, clock skew, kinds or versions it
// does not know, or our full disk; it can for bytes that never were a valid signed message.
bool is_peers_fault(RejectCode code) {
    switch (code) {
        case RejectCode::malformed:
        case RejectCode::oversized:
        case RejectCode::bad_author_key:
        case RejectCode::bad_signature:
            return true;
        default:
            return false;
    }
}

std::string serialize(const v1::SyncFrame& frame) {
    return frame.SerializeAsString();
}

}  // namespace

// The reconciliation state of one session: the keys of what we offered and either the encoder
// (initiator) or the decoder (responder).
struct SyncProtocol::Reconciliation {
    Salt salt{};
    ShortKeyIndex index;
    std::unique_ptr<SymbolEncoder> encoder;
    std::unique_ptr<SymbolDecoder> decoder;
    std::size_t symbol_budget = 0;
};

SyncProtocol::SyncProtocol(Store& store, ValidationPath& validation, std::string node_name,
                           Role role, const std::array<std::uint8_t, 16>& salt_part,
                           std::int64_t now_ms)
    : store_(store),
      validation_(validation),
      node_name_(std::move(node_name)),
      role_(role),
      salt_part_(salt_part),
      offered_(store.live_ids(now_ms)) {
    v1::SyncFrame frame;
    auto* hello = frame.mutable_hello();
    hello->set_protocol_version(kProtocolVersion);
    hello->set_node_name(node_name_);
    hello->set_salt_part(salt_part_.data(), salt_part_.size());
    SetSummary summary = summarize(offered_);
    hello->set_set_count(summary.count);
    hello->set_set_digest(summary.digest.data(), summary.digest.size());
    queue_frame(frame);
}

SyncProtocol::~SyncProtocol() = default;

void SyncProtocol::queue_frame(const v1::SyncFrame& frame) {
    control_frames_.push_back(serialize(frame));
}

Result<Done, SyncError> SyncProtocol::on_frame(ByteView bytes, std::int64_t now_ms) {
    v1::SyncFrame frame;
    if (!frame.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
        return error("malformed sync frame");
    }
    switch (frame.kind_case()) {
        case v1::SyncFrame::kHello:
            return on_hello(frame.hello(), now_ms);
        case v1::SyncFrame::kSymbols:
            return on_symbols(frame.symbols());
        case v1::SyncFrame::kMoreSymbols:
            return on_more_symbols(frame.more_symbols());
        case v1::SyncFrame::kDecoded:
            return on_decoded(frame.decoded());
        case v1::SyncFrame::kMessages:
            return on_messages(frame.messages());
        case v1::SyncFrame::kKeyList:
            return on_keys(frame.key_list());
        case v1::SyncFrame::kPing:
            return Done{};
        case v1::SyncFrame::KIND_NOT_SET:
            break;
    }
    return error("sync frame of an unknown kind");
}

Result<Done, SyncError> SyncProtocol::on_hello(const v1::SyncHello& hello, std::int64_t) {
    if (state_ != State::awaiting_hello) return error("second hello in one session");
    if (hello.protocol_version() != kProtocolVersion) {
        return error("peer speaks sync protocol " + std::to_string(hello.protocol_version()) +
                     ", this node speaks " + std::to_string(kProtocolVersion));
    }
    if (hello.salt_part().size() != salt_part_.size() || hello.set_digest().size() != 16) {
        return error("malformed hello");
    }
    peer_name_ = hello.node_name().substr(0, 128);
    SetSummary ours = summarize(offered_);
    // Compared as bytes: the proto field is a std::string of (signed) chars.
    bool same = hello.set_count() == ours.count &&
                as_bytes(hello.set_digest()).size() == ours.digest.size() &&
                std::memcmp(hello.set_digest().data(), ours.digest.data(), ours.digest.size()) == 0;
    if (same) {
        state_ = State::live;
        stats_.reconciled = true;
        return Done{};
    }
    reconciliation_ = std::make_unique<Reconciliation>();
    SaltPart theirs{};
    std::copy(hello.salt_part().begin(), hello.salt_part().end(), theirs.begin());
    reconciliation_->salt = role_ == Role::initiator ? session_salt(salt_part_, theirs)
                                                     : session_salt(theirs, salt_part_);
    reconciliation_->index = ShortKeyIndex::build(offered_, reconciliation_->salt);
    auto keys = reconciliation_->index.keys();
    reconciliation_->symbol_budget = symbol_budget(ours.count, hello.set_count());
    peer_count_ = hello.set_count();
    // A difference of d needs ~1.35 d symbols and d >= the gap in counts: when even that
    // exceeds the budget, the smaller side lists its keys instead (a new, empty node, say).
    std::uint64_t gap = hello.set_count() > ours.count ? hello.set_count() - ours.count
                                                       : ours.count - hello.set_count();
    if (gap + gap / 3 > reconciliation_->symbol_budget) {
        bool we_list = ours.count < hello.set_count() ||
                       (ours.count == hello.set_count() && role_ == Role::initiator);
        if (we_list) {
            send_key_list();
        } else {
            state_ = State::receiving_keys;
        }
        return Done{};
    }
    if (role_ == Role::initiator) {
        reconciliation_->encoder = std::make_unique<SymbolEncoder>(keys);
        state_ = State::sending_symbols;
        // Never more than the responder will accept: it refuses batches past the budget.
        std::size_t first = std::max<std::size_t>(kFirstSymbolBatch, gap + gap / 2);
        queue_symbols(std::min(first, reconciliation_->symbol_budget));
    } else {
        reconciliation_->decoder =
            std::make_unique<SymbolDecoder>(keys, reconciliation_->symbol_budget);
        state_ = State::decoding;
    }
    return Done{};
}

void SyncProtocol::send_key_list() {
    constexpr std::size_t kKeysPerFrame = 6000;  // 48 KB: one frame each
    auto keys = reconciliation_->index.keys();
    std::size_t i = 0;
    do {
        std::size_t n = std::min(kKeysPerFrame, keys.size() - i);
        v1::SyncFrame frame;
        frame.mutable_key_list()->set_keys(encode_keys(keys.subspan(i, n)));
        i += n;
        frame.mutable_key_list()->set_last(i == keys.size());
        queue_frame(frame);
    } while (i < keys.size());
    state_ = State::awaiting_decoded;
}

Result<Done, SyncError> SyncProtocol::on_keys(const v1::SyncKeys& frame) {
    // The initiator may receive a list while streaming symbols: the responder fell back.
    if (state_ != State::receiving_keys && state_ != State::sending_symbols) {
        return error("key list when none was expected");
    }
    state_ = State::receiving_keys;
    // The peer declared its count in its hello; a short key may stand for several ids.
    std::size_t room =
        peer_count_ + 1 > peer_keys_.size() ? peer_count_ + 1 - peer_keys_.size() : 0;
    auto keys = decode_keys(as_bytes(frame.keys()), room);
    if (!keys) return error("malformed key list: " + keys.error().reason);
    if (!keys->empty() && !peer_keys_.empty() && keys->front() <= peer_keys_.back()) {
        return error("key list chunks out of order");
    }
    peer_keys_.insert(peer_keys_.end(), keys->begin(), keys->end());
    if (!frame.last()) return Done{};
    KeyDifference difference = diff_keys(reconciliation_->index.keys(), peer_keys_);
    peer_keys_ = {};
    finish_with_difference(difference.remote_only, difference.local_only);
    return Done{};
}

// Both differences are known: ask for what we lack, send what the peer lacks.
void SyncProtocol::finish_with_difference(std::vector<ShortKey> wanted,
                                          const std::vector<ShortKey>& theirs_missing) {
    std::sort(wanted.begin(), wanted.end());  // the key-list encoding is ascending
    v1::SyncFrame decoded;
    decoded.mutable_decoded()->set_wanted_keys(encode_keys(wanted));
    queue_frame(decoded);
    std::vector<MessageId> ids;
    for (ShortKey key : theirs_missing) {
        for (const ShortKeyEntry& entry : reconciliation_->index.find(key)) ids.push_back(entry.id);
    }
    queue_messages(ids);
    state_ = State::live;
    stats_.reconciled = true;
}

void SyncProtocol::queue_symbols(std::size_t count) {
    auto& encoder = *reconciliation_->encoder;
    v1::SyncFrame frame;
    auto* symbols = frame.mutable_symbols();
    symbols->set_first_index(encoder.produced());
    std::vector<CodedSymbol> batch;
    encoder.produce(count, batch);
    symbols->set_symbols(encode_symbols(batch));
    stats_.symbols_sent += batch.size();
    ++stats_.reconciliation_rounds;
    queue_frame(frame);
}

Result<Done, SyncError> SyncProtocol::on_symbols(const v1::SyncSymbols& frame) {
    if (state_ != State::decoding) return error("symbols when none were expected");
    auto& rec = *reconciliation_;
    auto& decoder = *rec.decoder;
    if (frame.first_index() != decoder.received()) return error("symbols out of order");
    auto batch = decode_symbols(as_bytes(frame.symbols()), rec.symbol_budget - decoder.received());
    if (!batch) return error("malformed symbols: " + batch.error().reason);
    if (batch->empty()) return error("empty batch of symbols");
    stats_.symbols_received += batch->size();
    auto status = decoder.add_remote(*batch);
    if (!status && status.error().code == DecodeErrorCode::over_budget) {
        send_key_list();  // the peer answers with SyncDecoded, as after its own list
        return Done{};
    }
    if (!status) return error("reconciliation failed: " + status.error().reason);
    if (*status == DecodeStatus::need_more) {
        v1::SyncFrame more;
        std::size_t n = std::max<std::size_t>(kMinSymbolBatch, decoder.received() / 4);
        n = std::min(n, rec.symbol_budget - decoder.received());
        more.mutable_more_symbols()->set_count(static_cast<std::uint32_t>(n));
        queue_frame(more);
        return Done{};
    }
    finish_with_difference(decoder.remote_only(), decoder.local_only());
    return Done{};
}

Result<Done, SyncError> SyncProtocol::on_more_symbols(const v1::SyncMoreSymbols& more) {
    if (state_ != State::sending_symbols) return error("request for symbols when none were sent");
    auto& rec = *reconciliation_;
    std::size_t produced = rec.encoder->produced();
    if (more.count() == 0 || produced + more.count() > rec.symbol_budget) {
        return error("peer asks for more symbols than any honest difference needs");
    }
    queue_symbols(more.count());
    return Done{};
}

Result<Done, SyncError> SyncProtocol::on_decoded(const v1::SyncDecoded& decoded) {
    if (state_ != State::sending_symbols && state_ != State::awaiting_decoded) {
        return error("decoded result when none was expected");
    }
    auto wanted =
        decode_keys(as_bytes(decoded.wanted_keys()), reconciliation_->index.keys().size());
    if (!wanted) return error("malformed list of wanted keys: " + wanted.error().reason);
    std::vector<MessageId> ids;
    for (ShortKey key : *wanted) {
        auto entries = reconciliation_->index.find(key);
        if (entries.empty()) return error("peer wants a message this node did not offer");
        for (const ShortKeyEntry& entry : entries) ids.push_back(entry.id);
    }
    queue_messages(ids);
    state_ = State::live;
    stats_.reconciled = true;
    return Done{};
}

Result<Done, SyncError> SyncProtocol::on_messages(const v1::SyncMessages& messages) {
    if (state_ == State::awaiting_hello) return error("messages before hello");
    std::vector<ByteView> envelopes;
    envelopes.reserve(messages.envelopes_size());
    for (const std::string& e : messages.envelopes()) {
        envelopes.push_back(as_bytes(e));
        // Remembered before storing: storing tells every session, this one included, and the
        // peer must not get its own messages pushed straight back.
        v1::Envelope envelope;
        if (envelope.ParseFromString(e))
            remember_received(message_id_of(as_bytes(envelope.signed_())));
    }
    auto verdicts = validation_.submit_batch(envelopes);
    for (std::size_t i = 0; i < verdicts.size(); ++i) {
        const Verdict& v = verdicts[i];
        if (!v) {
            if (is_peers_fault(v.error().code)) ++stats_.rejected_received;
            log::debug("sync",
                       "peer " + peer_name_ + " sent a refused message: " + describe(v.error()));
            continue;
        }
        if (v->duplicate) {
            ++stats_.duplicates_received;
        } else {
            ++stats_.messages_received;
        }
    }
    if (stats_.rejected_received > kMaxRejectedPerSession) {
        return error("peer sent more than " + std::to_string(kMaxRejectedPerSession) +
                     " invalid messages");
    }
    return Done{};
}

void SyncProtocol::remember_received(const MessageId& id) {
    if (!received_recently_.insert(id).second) return;
    received_order_.push_back(id);
    if (received_order_.size() > kRecentlyReceivedMemory) {
        received_recently_.erase(received_order_.front());
        received_order_.pop_front();
    }
}

void SyncProtocol::on_local_message(const MessageId& id) {
    // Pushed in any state: a message stored while reconciliation runs is in neither snapshot.
    if (received_recently_.count(id)) return;
    queue_messages({id});
}

void SyncProtocol::queue_messages(const std::vector<MessageId>& ids) {
    for (const MessageId& id : ids) {
        auto stored = store_.get(id);
        if (!stored) continue;  // evicted or expired meanwhile
        auto decoded = decode_envelope(as_bytes(stored->envelope_bytes));
        if (!decoded) continue;
        const v1::Message& m = decoded->message;
        to_send_.insert({{precedence_rank(m.precedence()), m.created_ms()}, id});
    }
}

std::optional<std::string> SyncProtocol::next_frame(std::size_t max_bytes, std::int64_t now_ms) {
    if (!control_frames_.empty()) {
        std::string frame = std::move(control_frames_.front());
        control_frames_.pop_front();
        return frame;
    }
    (void)now_ms;
    return next_messages_frame(max_bytes);
}

std::optional<std::string> SyncProtocol::next_messages_frame(std::size_t max_bytes) {
    v1::SyncFrame frame;
    auto* messages = frame.mutable_messages();
    std::size_t size = 0;
    while (!to_send_.empty()) {
        auto first = to_send_.begin();
        auto stored = store_.get(first->second);
        if (!stored) {
            to_send_.erase(first);
            continue;
        }
        // Room for the envelope plus protobuf's tag and length (at most 4 bytes each here).
        std::size_t cost = stored->envelope_bytes.size() + 8;
        if (size + cost > max_bytes && messages->envelopes_size() > 0) break;
        messages->add_envelopes(std::move(stored->envelope_bytes));
        size += cost;
        to_send_.erase(first);
        ++stats_.messages_sent;
    }
    if (messages->envelopes_size() == 0) return std::nullopt;
    return serialize(frame);
}

}  // namespace baken::sync
