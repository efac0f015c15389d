// See sync_protocol.h and docs/sync-protocol.md.
#include "sync/session/sync_protocol.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <unordered_set>

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

// Sent with the initiator's hello before it knows whether the sets differ: two identical
// stores then pay 8 x this in bytes (128, within the 256-byte target for them); a small
// difference (up to ~10) mostly decodes at once, saving a round trip and two frames.
constexpr std::size_t kFirstSymbolBatch = 16;
// After a batch that did not decode: a quarter of what came so far, at least this many.
constexpr std::size_t kMinSymbolBatch = 8;

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

// Credentials and revocations before everything (what they decide applies to all the rest),
// then by precedence.
int transfer_rank(const v1::Message& m) {
    auto kind = m.body().kind_case();
    if (kind == v1::Body::kCredential || kind == v1::Body::kRevocation) return 0;
    return 1 + precedence_rank(m.precedence());
}

bool same_digest(const std::string& wire, const SessionSummary& ours) {
    // Compared as bytes: the proto field is a std::string of (signed) chars.
    return wire.size() == ours.digest.size() &&
           std::memcmp(wire.data(), ours.digest.data(), ours.digest.size()) == 0;
}

}  // namespace

// The reconciliation state of one session: the keys of what we offered and either the encoder
// (initiator) or the decoder (responder).
struct SyncProtocol::Reconciliation {
    Salt salt{};
    ShortKeyIndex index;
    std::unordered_set<ShortKey> requested;  // keys we asked for, until they arrive
    std::optional<ShortKey> last_wanted;     // the peer's requests ascend across parts
    std::size_t wanted_total = 0;            // ... and name each of our keys at most once
    std::unique_ptr<SymbolEncoder> encoder;
    std::unique_ptr<SymbolDecoder> decoder;
    std::size_t symbol_budget = 0;
    std::size_t unasked_symbols = 0;  // what the initiator sends before the responder asks
};

SyncProtocol::SyncProtocol(Store& store, ValidationPath& validation, std::string node_name,
                           Role role, const Salt& salt, std::int64_t now_ms)
    : store_(store),
      validation_(validation),
      node_name_(std::move(node_name)),
      role_(role),
      offered_(store.live_ids(now_ms)),
      summary_(summarize_for_session(offered_, salt)),
      reconciliation_(std::make_unique<Reconciliation>()) {
    reconciliation_->salt = salt;
    reconciliation_->index = ShortKeyIndex::build(offered_, salt);
    if (role_ == Role::responder) return;  // it answers the initiator's hello
    // The initiator speaks first: its hello and, on the chance that the sets differ, the
    // first symbols; the responder's hello tells whether that was needed.
    queue_hello(true);
    reconciliation_->encoder = std::make_unique<SymbolEncoder>(reconciliation_->index.keys());
    state_ = State::sending_symbols;
    queue_symbols(kFirstSymbolBatch);
}

SyncProtocol::~SyncProtocol() = default;

void SyncProtocol::queue_frame(v1::SyncFrame frame) {
    control_frames_.push_back(std::move(frame));
}

// The responder's hello leaves the digest out when the sets differ: the initiator then needs
// only the count (for the symbol budget), and a digest missing means "not equal".
void SyncProtocol::queue_hello(bool with_digest) {
    v1::SyncFrame frame;
    auto* hello = frame.mutable_hello();
    hello->set_node_name(node_name_);
    hello->set_set_count(summary_.count);
    hello_queued_ = true;
    if (with_digest) hello->set_set_digest(summary_.digest.data(), summary_.digest.size());
    queue_frame(std::move(frame));
}

std::string SyncProtocol::ping_frame() {
    v1::SyncBundle bundle;
    bundle.add_frames()->mutable_ping();
    return bundle.SerializeAsString();
}

Result<Done, SyncError> SyncProtocol::on_frame(ByteView bytes, std::int64_t) {
    v1::SyncBundle bundle;
    if (!bundle.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())) ||
        bundle.frames_size() == 0) {
        return error("malformed sync frame");
    }
    for (const v1::SyncFrame& frame : bundle.frames()) {
        auto handled = on_sync_frame(frame);
        if (!handled) return handled;
    }
    return Done{};
}

Result<Done, SyncError> SyncProtocol::on_sync_frame(const v1::SyncFrame& frame) {
    switch (frame.kind_case()) {
        case v1::SyncFrame::kHello:
            return on_hello(frame.hello());
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

// A difference of d needs ~1.35 d symbols and d >= the gap in counts: when even that exceeds
// the budget, the smaller side lists its keys instead (a new, empty node, say).
bool SyncProtocol::lists_keys_instead(std::uint64_t peer_count) const {
    std::uint64_t ours = summary_.count;
    std::uint64_t gap = peer_count > ours ? peer_count - ours : ours - peer_count;
    return gap + gap / 3 > reconciliation_->symbol_budget;
}

// The smaller side lists; on a tie the responder (both ends compute the same).
void SyncProtocol::choose_key_lists(std::uint64_t peer_count) {
    std::uint64_t ours = summary_.count;
    bool we_list = ours < peer_count || (ours == peer_count && role_ == Role::responder);
    if (we_list) {
        send_key_list();
    } else {
        state_ = State::receiving_keys;
    }
}

Result<Done, SyncError> SyncProtocol::on_hello(const v1::SyncHello& hello) {
    if (peer_hello_seen_) return error("second hello in one session");
    bool digest_allowed = hello.set_digest().size() == kSessionDigestSize ||
                          (role_ == Role::initiator && hello.set_digest().empty());
    if (!digest_allowed) return error("malformed hello");
    peer_hello_seen_ = true;
    peer_name_ = hello.node_name().substr(0, 128);
    peer_count_ = hello.set_count();
    bool same = hello.set_count() == summary_.count && same_digest(hello.set_digest(), summary_);
    if (role_ == Role::responder) queue_hello(same);
    if (same) {
        state_ = State::live;
        stats_.reconciled = true;
        return Done{};
    }
    reconciliation_->symbol_budget = symbol_budget(summary_.count, peer_count_);
    if (lists_keys_instead(peer_count_)) {
        choose_key_lists(peer_count_);
        return Done{};
    }
    // A difference of d >= the gap in counts needs ~1.35 d symbols: both ends know the gap
    // now, so the initiator tops its first batch up to 1.5 x the gap unasked, and the
    // responder waits for that many before it asks for more.
    std::uint64_t gap =
        peer_count_ > summary_.count ? peer_count_ - summary_.count : summary_.count - peer_count_;
    std::size_t unasked = std::min<std::size_t>(
        reconciliation_->symbol_budget, std::max<std::uint64_t>(kFirstSymbolBatch, gap + gap / 2));
    reconciliation_->unasked_symbols = unasked;
    if (role_ == Role::responder) {
        reconciliation_->decoder = std::make_unique<SymbolDecoder>(reconciliation_->index.keys(),
                                                                   reconciliation_->symbol_budget);
        state_ = State::decoding;
    } else if (unasked > reconciliation_->encoder->produced()) {
        queue_symbols(unasked - reconciliation_->encoder->produced());
    }
    return Done{};
}

void SyncProtocol::send_key_list() {
    auto keys = reconciliation_->index.keys();
    std::size_t i = 0;
    do {
        std::size_t n = std::min(kMaxKeysPerFrame, keys.size() - i);
        v1::SyncFrame frame;
        frame.mutable_key_list()->set_keys(encode_keys(keys.subspan(i, n)));
        i += n;
        frame.mutable_key_list()->set_last(i == keys.size());
        queue_frame(std::move(frame));
    } while (i < keys.size());
    state_ = State::awaiting_decoded;
}

Result<Done, SyncError> SyncProtocol::on_keys(const v1::SyncKeys& frame) {
    // The initiator may receive a list while streaming symbols: the responder fell back.
    if (state_ != State::receiving_keys && state_ != State::sending_symbols) {
        return error("key list when none was expected");
    }
    if (!peer_hello_seen_) return error("key list before hello");
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
    reconciliation_->requested.insert(wanted.begin(), wanted.end());
    std::size_t i = 0;
    do {  // at least one part, so an empty request still says "decoded"
        std::size_t n = std::min(kMaxKeysPerFrame, wanted.size() - i);
        v1::SyncFrame frame;
        auto* decoded = frame.mutable_decoded();
        decoded->set_wanted_keys(encode_keys(std::span(wanted).subspan(i, n)));
        i += n;
        decoded->set_more_follow(i < wanted.size());
        queue_frame(std::move(frame));
    } while (i < wanted.size());
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
    ++stats_.reconciliation_rounds;
    while (count > 0) {  // one frame per kMaxSymbolsPerFrame
        std::size_t n = std::min(count, kMaxSymbolsPerFrame);
        count -= n;
        v1::SyncFrame frame;
        auto* symbols = frame.mutable_symbols();
        symbols->set_first_index(encoder.produced());
        std::vector<CodedSymbol> batch;
        encoder.produce(n, batch);
        symbols->set_symbols(encode_symbols(batch));
        symbols->set_more_follow(count > 0);
        stats_.symbols_sent += batch.size();
        queue_frame(std::move(frame));
    }
}

Result<Done, SyncError> SyncProtocol::on_symbols(const v1::SyncSymbols& frame) {
    if (state_ != State::decoding) {
        // Symbols the initiator sent before it could know they were not needed: its first
        // batch, its top-up, the rest of a batch that decoded part-way. Ignored; what a peer
        // sends that brings nothing new drains its flood allowance (sync_session.h).
        if (role_ == Role::responder && peer_hello_seen_) return Done{};
        return error("symbols when none were expected");
    }
    auto& rec = *reconciliation_;
    auto& decoder = *rec.decoder;
    if (frame.first_index() != decoder.received()) return error("symbols out of order");
    auto batch = decode_symbols(as_bytes(frame.symbols()), rec.symbol_budget - decoder.received());
    if (!batch) return error("malformed symbols: " + batch.error().reason);
    if (batch->empty()) return error("empty batch of symbols");
    stats_.symbols_received += batch->size();
    auto status = decoder.add_remote(*batch);
    if (!status) {
        // Over budget, or inconsistent (a false purity, rare: symbol_decoder.h): key lists
        // settle it. The peer answers with SyncDecoded, as after its own list.
        log::debug("sync",
                   "peer " + peer_name_ + ": listing keys instead: " + status.error().reason);
        send_key_list();
        return Done{};
    }
    if (*status == DecodeStatus::done) {
        finish_with_difference(decoder.remote_only(), decoder.local_only());
        return Done{};
    }
    // The rest of the batch, or the initiator's top-up, is on its way.
    if (frame.more_follow() || decoder.received() < rec.unasked_symbols) return Done{};
    v1::SyncFrame more;
    std::size_t n = std::max<std::size_t>(kMinSymbolBatch, decoder.received() / 4);
    n = std::min(n, rec.symbol_budget - decoder.received());
    more.mutable_more_symbols()->set_count(static_cast<std::uint32_t>(n));
    queue_frame(std::move(more));
    return Done{};
}

Result<Done, SyncError> SyncProtocol::on_more_symbols(const v1::SyncMoreSymbols& more) {
    if (state_ != State::sending_symbols || !peer_hello_seen_) {
        return error("request for symbols when none were sent");
    }
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
    if (!peer_hello_seen_) return error("decoded result before hello");
    auto wanted =
        decode_keys(as_bytes(decoded.wanted_keys()), reconciliation_->index.keys().size());
    if (!wanted) return error("malformed list of wanted keys: " + wanted.error().reason);
    auto& rec = *reconciliation_;
    if (!wanted->empty() && rec.last_wanted && wanted->front() <= *rec.last_wanted) {
        return error("parts of the wanted keys out of order");
    }
    rec.wanted_total += wanted->size();
    if (rec.wanted_total > rec.index.keys().size()) return error("peer wants more than offered");
    if (!wanted->empty()) rec.last_wanted = wanted->back();
    std::vector<MessageId> ids;
    for (ShortKey key : *wanted) {
        auto entries = reconciliation_->index.find(key);
        if (entries.empty()) return error("peer wants a message this node did not offer");
        for (const ShortKeyEntry& entry : entries) ids.push_back(entry.id);
    }
    queue_messages(ids);
    if (decoded.more_follow()) return Done{};
    state_ = State::live;
    stats_.reconciled = true;
    return Done{};
}

Result<Done, SyncError> SyncProtocol::on_messages(const v1::SyncMessages& messages) {
    if (!peer_hello_seen_) return error("messages before hello");
    std::vector<ByteView> envelopes;
    std::vector<bool> requested;
    envelopes.reserve(messages.envelopes_size());
    for (const std::string& e : messages.envelopes()) {
        envelopes.push_back(as_bytes(e));
        // Remembered before storing: storing tells every session, this one included, and the
        // peer must not get its own messages pushed straight back.
        v1::Envelope envelope;
        bool asked = false;
        if (envelope.ParseFromString(e)) {
            MessageId id = message_id_of(as_bytes(envelope.signed_()));
            remember_received(id);
            asked = reconciliation_->requested.erase(short_key(id, reconciliation_->salt)) > 0;
        }
        requested.push_back(asked);
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
        if (!v->duplicate || requested[i]) stats_.useful_bytes_received += envelopes[i].size();
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
        to_send_.insert({{transfer_rank(m), m.created_ms()}, id});
    }
}

std::optional<std::string> SyncProtocol::next_frame(std::size_t max_bytes, std::int64_t) {
    v1::SyncBundle bundle;
    std::size_t size = 0;
    while (!control_frames_.empty()) {
        // Tag and length of the frame inside the bundle: at most 4 bytes here.
        std::size_t cost = control_frames_.front().ByteSizeLong() + 4;
        if (size + cost > max_bytes && bundle.frames_size() > 0) break;
        *bundle.add_frames() = std::move(control_frames_.front());
        control_frames_.pop_front();
        size += cost;
    }
    if (hello_queued_ && control_frames_.empty() && size + 64 < max_bytes) {
        add_messages(bundle, max_bytes - size);
    }
    if (bundle.frames_size() == 0) return std::nullopt;
    return bundle.SerializeAsString();
}

// One SyncMessages frame of the most urgent queued messages that fit in `room` (at least one
// when the bundle is still empty: a message always fits an empty frame).
void SyncProtocol::add_messages(v1::SyncBundle& bundle, std::size_t room) {
    v1::SyncMessages* messages = nullptr;
    std::size_t size = 8;  // the frame's own tags and lengths
    while (!to_send_.empty()) {
        auto first = to_send_.begin();
        auto stored = store_.get(first->second);
        if (!stored) {
            to_send_.erase(first);
            continue;
        }
        // Room for the envelope plus protobuf's tag and length (at most 4 bytes each here).
        std::size_t cost = stored->envelope_bytes.size() + 4;
        if (size + cost > room && (messages != nullptr || bundle.frames_size() > 0)) break;
        if (messages == nullptr) messages = bundle.add_frames()->mutable_messages();
        messages->add_envelopes(std::move(stored->envelope_bytes));
        size += cost;
        to_send_.erase(first);
        ++stats_.messages_sent;
    }
}

}  // namespace baken::sync
