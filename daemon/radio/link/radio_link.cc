// See radio_link.h. The parts, in the order a frame meets them: receiving (on_*), the
// schedule of what to send (Trickle summaries, reconciliations, MISSING), and next_frame().
#include "radio/link/radio_link.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <unordered_set>

#include "message/limits.h"
#include "radio/link/payload_compression.h"
#include "sync/reconciliation/set_summary.h"
#include "sync/reconciliation/symbol_wire.h"

namespace baken::radio {
namespace {

constexpr std::int64_t kTrickleMinMs = 60'000;
constexpr std::int64_t kTrickleMaxMs = 30 * 60'000;
constexpr int kTrickleRedundancy = 1;  // Trickle's k: one consistent summary heard suffices
constexpr std::size_t kMaxOutgoing = 256;
constexpr std::size_t kMaxReconciliations = 8;
constexpr std::size_t kMaxNeighbours = 64;
constexpr std::size_t kMaxControl = 64;
constexpr std::size_t kMaxEpochSymbols = 4096;
constexpr std::size_t kMaxAnswerFrames = 4;  // symbol frames sent for one request
constexpr int kMaxRequestAttempts = 3;
constexpr int kMaxMissingAttempts = 5;
constexpr std::size_t kMaxRememberedTags = 1024;
constexpr double kBulkShare = 0.70;  // routine and priority data: at most this share of the budget
constexpr double kControlShare = 0.85;                // the protocol's own frames
constexpr double kRepairShare = 0.95;                 // urgent fragments sent again
constexpr std::int64_t kSummaryAfterPushMs = 15'000;  // listeners that lost a push find out soon
constexpr std::int64_t kHousekeepingMs = 60'000;
// What a listener can make us send: fragments of one message again at most once per frame
// time plus a second (the time a listener waits before asking again), symbols of one range at
// most every 10 s, and new summaries compared at most 10 a minute (each costs a pass over the
// held set). The budget's shares bound the rest.
constexpr std::int64_t kSymbolRepeatGuardMs = 10'000;
constexpr int kSummariesPerMinute = 10;
constexpr std::size_t kMaxIndicesPerEntry = 16;  // so that several partials share a frame

struct IdHash {
    std::size_t operator()(const MessageId& id) const {
        std::size_t h = 0;
        std::memcpy(&h, id.data(), sizeof h);
        return h;
    }
};
struct TagHash {
    std::size_t operator()(const MessageTag& tag) const {
        std::size_t h = 0;
        std::memcpy(&h, tag.data(), std::min(sizeof h, tag.size()));
        return h;
    }
};

MessageTag tag_of(const MessageId& id) {
    MessageTag tag{};
    std::memcpy(tag.data(), id.data(), tag.size());
    return tag;
}

bool is_urgent(const HeldMessage& m) {
    return m.kind == Kind::kRevocation || m.precedence == v1::FLASH ||
           m.precedence == v1::IMMEDIATE;
}

// A FIFO of tags with a membership test, forgetting the oldest beyond its bound.
class TagMemory {
  public:
    void add(const MessageTag& tag) {
        if (!set_.insert(tag).second) return;
        order_.push_back(tag);
        if (order_.size() > kMaxRememberedTags) {
            set_.erase(order_.front());
            order_.pop_front();
        }
    }
    bool contains(const MessageTag& tag) const { return set_.contains(tag); }
    void erase(const MessageTag& tag) {
        if (set_.erase(tag) != 0) std::erase(order_, tag);
    }

  private:
    std::unordered_set<MessageTag, TagHash> set_;
    std::deque<MessageTag> order_;
};

}  // namespace

sync::Salt epoch_salt(LinkId sender, std::uint32_t epoch) {
    std::uint8_t input[28] = "baken radio epoch v1";
    for (int i = 0; i < 4; ++i) {
        input[20 + i] = static_cast<std::uint8_t>(sender >> (24 - 8 * i));
        input[24 + i] = static_cast<std::uint8_t>(epoch >> (24 - 8 * i));
    }
    sync::SessionId id{};
    crypto_generichash(id.data(), id.size(), input, sizeof input, nullptr, 0);
    return sync::salt_for_session(id);
}

std::int64_t budget_margin(const RadioLinkSettings& s) {
    std::int64_t frame = airtime_ms(s.airtime, s.frame_bytes + 16);
    return std::min(s.window_ms / 10,
                    std::max<std::int64_t>(10'000, 4 * (frame + s.access_delay_ms)));
}

LinkId link_id_of(const PublicKey& key) {
    return (LinkId{key[0]} << 24) | (LinkId{key[1]} << 16) | (LinkId{key[2]} << 8) | key[3];
}

struct RadioLink::State {
    // A message on its way out: fragments still to send, in index order.
    struct Outgoing {
        MessageId id{};
        SendOrder order;
        bool urgent = false;
        bool prepared = false;
        bool deflated = false;
        std::uint32_t total = 0;
        std::vector<std::string> fragments;
        std::vector<bool> pending;             // empty until prepared: then every fragment to send
        std::vector<bool> sent_once;           // a fragment sent again goes at a lower share
        bool first_push = false;               // the first time this urgent message goes out
        std::vector<std::uint16_t> requested;  // fragments asked for before it was prepared
        std::uint32_t requested_total = 0;     // the split the requester has (total, count):
        std::uint16_t requested_count = 0;     // answered only if ours is the same
        bool whole = true;                     // all fragments, not only those someone lacks
    };
    struct Control {
        LinkBody body;
        std::int64_t not_before = 0;
        std::string key;      // the same request twice in the queue is sent once
        bool answer = false;  // an answer to someone else's request: the first to go when full
    };
    // This node's set as announced in its latest summary.
    struct OwnEpoch {
        std::uint32_t epoch = 0;
        std::uint64_t version = 0;
        sync::ShortKeyIndex index;
        std::unique_ptr<sync::SymbolEncoder> encoder;
        std::vector<sync::CodedSymbol> symbols;
        sync::SessionSummary summary;
    };
    // Finding out how our set differs from one neighbour's summary.
    struct Reconciliation {
        LinkId peer = 0;
        std::uint32_t epoch = 0;
        sync::ShortKeyIndex local;
        std::unique_ptr<sync::SymbolDecoder> decoder;
        std::uint32_t asked_first = 0;
        std::uint32_t asked_end = 0;  // the outstanding request covers [asked_first, asked_end)
        std::int64_t answer_due = 0;
        int attempts = 0;
    };
    struct MissingState {
        int attempts = 0;
        std::int64_t next_ms = 0;
    };
    struct PartialInfo {
        std::uint32_t total = 0;
        bool urgent = false;
    };

    const RadioLinkSettings& settings;
    const ModemFraming& framing;
    std::vector<ReceivedEnvelope> received;
    std::mt19937_64 rng;
    AirtimeBudget budget;
    FragmentReassembly reassembly;
    LinkStats stats;

    std::unordered_map<MessageId, HeldMessage, IdHash> held;
    std::unordered_map<MessageTag, MessageId, TagHash> held_by_tag;
    std::uint64_t version = 1;  // changes with the held set

    std::unordered_map<MessageId, Outgoing, IdHash> outgoing;
    std::deque<Control> control;
    std::optional<OwnEpoch> own;
    std::vector<Reconciliation> reconciliations;
    std::unordered_map<MessageTag, MissingState, TagHash> missing;
    std::unordered_map<MessageTag, PartialInfo, TagHash> partial_info;
    std::unordered_map<MessageId, std::int64_t, IdHash> repeat_after;  // answer again after
    std::map<std::uint32_t, std::int64_t> symbols_sent_at;  // first index -> when, this epoch
    std::deque<std::int64_t> summaries_compared;            // times, for kSummariesPerMinute
    TagMemory pushed;            // urgent messages sent whole once: later sends are repeats
    TagMemory awaiting_outcome;  // reassembled, not yet validated
    TagMemory refused;           // validated and refused: not reassembled again

    std::int64_t full_frame_ms;  // airtime of a frame of the configured size
    // While the TNC holds less than this, another frame may join it: one full frame and its
    // CSMA wait, so at most about two frames wait (a TNC may send them under one key-up).
    std::int64_t queue_allowance_ms;
    std::int64_t busy_until = 0;     // when the TNC will be done with what we handed it
    std::int64_t last_heard_ms = 0;  // the last frame from anyone: the channel was busy
    // After each routine or priority message the channel is left clear for a moment, so that
    // listeners' requests (a lost fragment of a flash message) are not drowned by a backlog:
    // both would contend for the same slots and collide, over and over.
    std::int64_t bulk_not_before = 0;
    std::int64_t budget_wait_until = 0;

    bool trickle_started = false;
    std::int64_t trickle_interval = kTrickleMinMs;
    std::int64_t trickle_start = 0;
    std::int64_t trickle_fire = 0;
    int trickle_consistent = 0;
    bool trickle_fired = false;

    State(const RadioLinkSettings& s, const ModemFraming& f, std::uint64_t seed)
        : settings(s),
          framing(f),
          rng(seed),
          budget(s.window_ms,
                 static_cast<std::int64_t>(static_cast<double>(s.window_ms) * s.duty_cycle),
                 budget_margin(s)),
          reassembly(ReassemblyLimits{.max_partials = 16,
                                      .max_buffered_bytes = 256 * 1024,
                                      .max_payload_bytes = limits::kMaxEnvelopeBytes,
                                      .max_fragments = 1024,
                                      .give_up_ms = 10 * 60 * 1000}),
          full_frame_ms(airtime_ms(s.airtime, s.frame_bytes + f.overhead())),
          queue_allowance_ms(full_frame_ms + s.access_delay_ms) {}

    std::int64_t random_between(std::int64_t lo, std::int64_t hi) {
        if (hi <= lo) return lo;
        return lo + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(hi - lo));
    }

    // The store.
    void on_held(const HeldMessage& message, bool fresh, std::int64_t now_ms);
    void on_gone(const MessageId& id);
    // Every fragment of a held message (`only` empty), or those a listener lacks of its split
    // (total, count) of it.
    void queue_message(const MessageId& id, const std::vector<std::uint16_t>& only,
                       std::int64_t now_ms, std::uint32_t total = 0, std::uint16_t count = 0);
    bool prepare(Outgoing& out, EnvelopeSource& source);
    // Receiving.
    void on_modem_frame(ByteView frame, std::int64_t now_ms);
    void hear(LinkId sender, const std::string& station, std::int64_t now_ms);
    void on_summary(LinkId sender, const SummaryFrame& f, std::int64_t now_ms);
    void ask_symbols(Reconciliation& r, std::uint32_t first, std::uint32_t count,
                     std::int64_t at_ms);
    void on_symbol_request(LinkId sender, const SymbolRequestFrame& f, std::int64_t now_ms);
    void on_symbols(LinkId sender, const SymbolsFrame& f, std::int64_t now_ms);
    void settle_difference(Reconciliation& r, std::int64_t now_ms);
    void on_want(const WantFrame& f, std::int64_t now_ms);
    void on_data(const DataFrame& f, std::int64_t now_ms);
    void on_missing(const MissingFrame& f, std::int64_t now_ms);
    std::vector<ReceivedEnvelope> take_received();
    void on_outcome(const MessageTag& tag, bool held, bool remember);
    // The schedule.
    void queue_control(LinkBody body, std::int64_t at_ms, std::string key, bool answer = false);
    void trickle(std::int64_t now_ms);
    void queue_summary(std::int64_t now_ms);
    void housekeeping(std::int64_t now_ms);
    void ask_for_missing(std::int64_t now_ms);
    // Sending.
    std::optional<std::string> next_frame(std::int64_t now_ms, EnvelopeSource& source);
    std::optional<std::string> transmit(const LinkBody& body, std::int64_t now_ms, double share);
    std::optional<std::string> send_fragment(Outgoing& out, std::int64_t now_ms);
    std::optional<std::string> next_control(std::int64_t now_ms);
    std::optional<std::string> next_data(std::int64_t now_ms, EnvelopeSource& source, bool urgent);
    std::int64_t next_wakeup_ms(std::int64_t now_ms);
    LinkStats snapshot(std::int64_t now_ms);
};

RadioLink::RadioLink(RadioLinkSettings settings, ModemFraming framing, std::uint64_t seed)
    : settings_(std::move(settings)),
      framing_(std::move(framing)),
      state_(std::make_unique<State>(settings_, framing_, seed)) {}

RadioLink::~RadioLink() = default;

void RadioLink::held(const HeldMessage& message, bool fresh, std::int64_t now_ms) {
    state_->on_held(message, fresh, now_ms);
}
void RadioLink::gone(const MessageId& id) {
    state_->on_gone(id);
}
void RadioLink::on_modem_frame(ByteView frame, std::int64_t now_ms) {
    state_->on_modem_frame(frame, now_ms);
}
std::optional<std::string> RadioLink::next_frame(std::int64_t now_ms, EnvelopeSource& source) {
    return state_->next_frame(now_ms, source);
}
std::int64_t RadioLink::next_wakeup_ms(std::int64_t now_ms) {
    return state_->next_wakeup_ms(now_ms);
}
std::vector<ReceivedEnvelope> RadioLink::take_received() {
    return state_->take_received();
}
void RadioLink::received_outcome(const MessageTag& tag, bool held, bool remember) {
    state_->on_outcome(tag, held, remember);
}
LinkStats RadioLink::stats(std::int64_t now_ms) {
    return state_->snapshot(now_ms);
}

// ---- helpers over the state ------------------------------------------------------------

// The ids held that `policy` lets onto a link and that have not expired, in any order.
static std::vector<MessageId> eligible_ids(
    const std::unordered_map<MessageId, HeldMessage, IdHash>& held, const PolicyMasks& policy,
    std::int64_t now_ms) {
    std::vector<MessageId> ids;
    ids.reserve(held.size());
    for (const auto& [id, m] : held)
        if (m.expires_ms > now_ms && allows(policy, m)) ids.push_back(id);
    return ids;
}

static std::size_t symbols_per_frame(std::size_t frame_bytes) {
    std::size_t room = frame_bytes - kLinkHeaderSize - kLinkCheckSize - 4 - 5;
    return std::max<std::size_t>(room / sync::kSymbolWireSize, 1);
}

static std::size_t keys_per_frame(std::size_t frame_bytes) {
    std::size_t room = frame_bytes - kLinkHeaderSize - kLinkCheckSize - 8;
    return std::max<std::size_t>(room / kShortKeyWireSize, 1);
}

// ---- the node's store ----------------------------------------------------------------

void RadioLink::State::on_held(const HeldMessage& message, bool fresh, std::int64_t now_ms) {
    State& s = *this;
    if (!s.held.emplace(message.id, message).second) return;
    s.held_by_tag[tag_of(message.id)] = message.id;
    ++s.version;
    // Trickle: a change starts the fast rhythm again (unless already fast).
    if (s.trickle_started && s.trickle_interval > kTrickleMinMs) {
        s.trickle_interval = kTrickleMinMs;
        s.trickle_start = now_ms;
        s.trickle_fire = now_ms + s.random_between(kTrickleMinMs / 2, kTrickleMinMs);
        s.trickle_consistent = 0;
        s.trickle_fired = false;
    }
    if (fresh && is_urgent(message) && message.expires_ms > now_ms &&
        allows(settings.policy, message)) {
        queue_message(message.id, {}, now_ms);
        // A listener that lost every fragment does not know what it missed: a summary soon
        // tells it (listeners that got it stay in step and count it as consistent).
        trickle(now_ms);
        if (trickle_fired || trickle_fire > now_ms + kSummaryAfterPushMs) {
            trickle_fire = now_ms + kSummaryAfterPushMs;
            trickle_fired = false;
            trickle_consistent = 0;
        }
    }
}

void RadioLink::State::on_gone(const MessageId& id) {
    State& s = *this;
    if (s.held.erase(id) == 0) return;
    s.held_by_tag.erase(tag_of(id));
    s.outgoing.erase(id);
    ++s.version;
}

// Queues a held message: every fragment (`only` empty) or only those listed.
void RadioLink::State::queue_message(const MessageId& id, const std::vector<std::uint16_t>& only,
                                     std::int64_t now_ms, std::uint32_t total,
                                     std::uint16_t count) {
    State& s = *this;
    auto held_it = s.held.find(id);
    if (held_it == s.held.end()) return;
    if (!only.empty()) {
        // Answering a listener: at most once per message per kRepeatGuardMs, whoever asks.
        if (s.repeat_after.size() > kMaxOutgoing)
            std::erase_if(s.repeat_after, [&](const auto& r) { return r.second <= now_ms; });
        auto [guard, fresh] = s.repeat_after.try_emplace(id, 0);
        if (!fresh && now_ms < guard->second) return;
        guard->second = now_ms + s.full_frame_ms + 1'000;
    }
    auto it = s.outgoing.find(id);
    if (it == s.outgoing.end()) {
        if (s.outgoing.size() >= kMaxOutgoing) {
            auto worst = std::max_element(
                s.outgoing.begin(), s.outgoing.end(),
                [](const auto& a, const auto& b) { return a.second.order < b.second.order; });
            if (worst->second.order < send_order(held_it->second)) return;
            s.outgoing.erase(worst);
        }
        Outgoing out;
        out.id = id;
        out.order = send_order(held_it->second);
        out.urgent = is_urgent(held_it->second);
        out.whole = only.empty();
        it = s.outgoing.emplace(id, std::move(out)).first;
    }
    Outgoing& out = it->second;
    if (only.empty()) {
        out.whole = true;
        if (out.prepared) std::fill(out.pending.begin(), out.pending.end(), true);
        return;
    }
    if (out.prepared) {
        if (out.total != total || out.fragments.size() != count) return;  // split differently
        for (std::uint16_t index : only)
            if (index < out.pending.size() && !out.pending[index]) {
                out.pending[index] = true;
                ++s.stats.retries;
            }
        return;
    }
    // Not read yet: whether our split is theirs is known once it is (prepare()).
    out.requested_total = total;
    out.requested_count = count;
    for (std::uint16_t index : only)
        if (out.requested.size() < count &&
            std::find(out.requested.begin(), out.requested.end(), index) == out.requested.end())
            out.requested.push_back(index);
}

// Reads the envelope, deflates it when that helps, and splits it into frames of our size.
bool RadioLink::State::prepare(Outgoing& out, EnvelopeSource& source) {
    auto envelope = source.envelope(out.id);
    if (!envelope || envelope->empty()) return false;
    std::string payload = std::move(*envelope);
    if (settings.compress) {
        if (auto deflated = deflate_if_smaller(as_bytes(payload))) {
            payload = std::move(*deflated);
            out.deflated = true;
        }
    }
    out.total = static_cast<std::uint32_t>(payload.size());
    out.fragments = split_for_frames(as_bytes(payload), settings.frame_bytes);
    out.pending.assign(out.fragments.size(), out.whole);
    out.sent_once.assign(out.fragments.size(), false);
    // Whatever happens to this entry (evicted, the message gone and back), a later sending of
    // the same message is a repeat.
    out.first_push = out.urgent && out.whole && !pushed.contains(tag_of(out.id));
    if (out.urgent) pushed.add(tag_of(out.id));
    if (out.requested_total == out.total && out.requested_count == out.fragments.size())
        for (std::uint16_t index : out.requested)
            if (index < out.pending.size()) out.pending[index] = true;
    out.requested.clear();
    out.prepared = true;
    return true;
}

// ---- receiving ---------------------------------------------------------------------------

void RadioLink::State::on_modem_frame(ByteView frame, std::int64_t now_ms) {
    State& s = *this;
    ++s.stats.frames_received;
    s.stats.bytes_received += frame.size();
    // The channel was busy with this frame; what we handed the TNC waited meanwhile.
    std::int64_t heard = airtime_ms(settings.airtime, frame);
    if (s.busy_until > now_ms - heard) s.busy_until += heard;
    s.last_heard_ms = now_ms;
    auto unwrapped = framing.unwrap(frame);
    if (!unwrapped) {
        ++s.stats.frames_ignored;
        return;
    }
    auto decoded = decode_link_frame(as_bytes(unwrapped->payload));
    if (!decoded || decoded->sender == settings.self) {
        ++s.stats.frames_ignored;
        return;
    }
    hear(decoded->sender, unwrapped->station, now_ms);
    LinkId sender = decoded->sender;
    std::visit(
        [&](auto& body) {
            using T = std::decay_t<decltype(body)>;
            if constexpr (std::is_same_v<T, SummaryFrame>) on_summary(sender, body, now_ms);
            if constexpr (std::is_same_v<T, SymbolRequestFrame>)
                on_symbol_request(sender, body, now_ms);
            if constexpr (std::is_same_v<T, SymbolsFrame>) on_symbols(sender, body, now_ms);
            if constexpr (std::is_same_v<T, WantFrame>) on_want(body, now_ms);
            if constexpr (std::is_same_v<T, DataFrame>) on_data(body, now_ms);
            if constexpr (std::is_same_v<T, MissingFrame>) on_missing(body, now_ms);
        },
        decoded->body);
}

void RadioLink::State::hear(LinkId sender, const std::string& station, std::int64_t now_ms) {
    auto& neighbours = stats.neighbours;
    if (!neighbours.contains(sender) && neighbours.size() >= kMaxNeighbours) {
        auto oldest = std::min_element(neighbours.begin(), neighbours.end(),
                                       [](const auto& a, const auto& b) {
                                           return a.second.last_heard_ms < b.second.last_heard_ms;
                                       });
        neighbours.erase(oldest);
    }
    NeighbourState& n = neighbours[sender];
    if (!station.empty()) n.station = station;
    n.last_heard_ms = now_ms;
    ++n.frames;
}

void RadioLink::State::on_summary(LinkId sender, const SummaryFrame& f, std::int64_t now_ms) {
    State& s = *this;
    // Comparing costs a pass over the held set: a flood of summaries must not cost more.
    while (!s.summaries_compared.empty() && s.summaries_compared.front() <= now_ms - 60'000)
        s.summaries_compared.pop_front();
    if (s.summaries_compared.size() >= kSummariesPerMinute) return;
    s.summaries_compared.push_back(now_ms);
    sync::Salt salt = epoch_salt(sender, f.epoch);
    std::vector<MessageId> ids = eligible_ids(s.held, f.policy, now_ms);
    sync::SessionSummary mine = sync::summarize_for_session(ids, salt);
    NeighbourState& n = s.stats.neighbours[sender];
    n.summary_count = f.count;
    n.last_summary_ms = now_ms;
    n.in_sync = mine.count == f.count && mine.digest == f.digest;
    auto& recs = s.reconciliations;
    auto existing =
        std::find_if(recs.begin(), recs.end(), [&](const auto& r) { return r.peer == sender; });
    if (n.in_sync) {
        if (f.policy == settings.policy) ++s.trickle_consistent;
        if (existing != recs.end()) recs.erase(existing);
        return;
    }
    if (existing != recs.end()) {
        if (existing->epoch == f.epoch) return;  // already finding out
        recs.erase(existing);
    }
    if (recs.size() >= kMaxReconciliations) {
        // Make room only by giving up one that has not started: one under way is worth more
        // than a newcomer (who may not even exist).
        auto idle = std::find_if(recs.begin(), recs.end(),
                                 [](const auto& r) { return r.decoder->received() == 0; });
        if (idle == recs.end()) return;
        std::string prefix = "r" + std::to_string(idle->peer) + ":";
        std::erase_if(s.control, [&](const Control& c) { return c.key.starts_with(prefix); });
        recs.erase(idle);
    }
    Reconciliation r;
    r.peer = sender;
    r.epoch = f.epoch;
    r.local = sync::ShortKeyIndex::build(ids, salt);
    // No key-list fallback on a radio: symbols (8 bytes for ~0.7 of a message id) stay the
    // cheapest way to learn any difference, so the decoder may use all an epoch offers.
    r.decoder = std::make_unique<sync::SymbolDecoder>(r.local.keys(), kMaxEpochSymbols);
    // A difference of d needs about 1.35-2 d symbols; |count difference| is a lower bound on d.
    std::uint64_t d = f.count > ids.size() ? f.count - ids.size() : ids.size() - f.count;
    auto first_ask = static_cast<std::uint32_t>(
        std::clamp<std::uint64_t>(2 * d + 4, 4, symbols_per_frame(settings.frame_bytes)));
    // Wait a moment: another listener may ask the same, and one answer serves both.
    std::int64_t at = now_ms + s.random_between(300, 2500);
    ask_symbols(r, 0, first_ask, at);
    recs.push_back(std::move(r));
}

void RadioLink::State::ask_symbols(Reconciliation& r, std::uint32_t first, std::uint32_t count,
                                   std::int64_t at_ms) {
    r.asked_first = first;
    r.asked_end = first + count;
    std::int64_t frame_ms = airtime_ms(settings.airtime, settings.frame_bytes);
    std::size_t frames = (count + symbols_per_frame(settings.frame_bytes) - 1) /
                         symbols_per_frame(settings.frame_bytes);
    r.answer_due = at_ms + frame_ms * static_cast<std::int64_t>(frames + 2) + 5'000;
    queue_control(SymbolRequestFrame{r.peer, r.epoch, first, count}, at_ms,
                  "r" + std::to_string(r.peer) + ":" + std::to_string(first));
}

void RadioLink::State::on_symbol_request(LinkId sender, const SymbolRequestFrame& f,
                                         std::int64_t now_ms) {
    State& s = *this;
    if (f.target != settings.self) {
        // Someone asked the same peer for the same symbols: their answer will do for us.
        for (auto& r : s.reconciliations)
            if (r.peer == f.target && r.epoch == f.epoch && r.asked_first == f.first)
                std::erase_if(s.control, [&](const Control& c) {
                    return c.key == "r" + std::to_string(r.peer) + ":" + std::to_string(f.first);
                });
        return;
    }
    (void)sender;
    if (!s.own || s.own->epoch != f.epoch) return;  // an old summary: they will hear the next
    std::size_t per_frame = symbols_per_frame(settings.frame_bytes);
    std::size_t end = std::min<std::size_t>({std::size_t{f.first} + f.count,
                                             std::size_t{f.first} + per_frame * kMaxAnswerFrames,
                                             kMaxEpochSymbols});
    OwnEpoch& own = *s.own;
    if (!own.encoder) own.encoder = std::make_unique<sync::SymbolEncoder>(own.index.keys());
    if (end > own.symbols.size()) own.encoder->produce(end - own.symbols.size(), own.symbols);
    for (std::size_t first = f.first; first < end; first += per_frame) {
        std::size_t last = std::min(end, first + per_frame);
        // The same range again within seconds helps no one (every listener heard it): asking
        // over and over must not make us repeat it.
        auto [sent, fresh] = s.symbols_sent_at.try_emplace(static_cast<std::uint32_t>(first), 0);
        if (!fresh && sent->second > now_ms - kSymbolRepeatGuardMs) continue;
        sent->second = now_ms;
        SymbolsFrame answer;
        answer.epoch = own.epoch;
        answer.first = static_cast<std::uint32_t>(first);
        answer.symbols.assign(own.symbols.begin() + static_cast<std::ptrdiff_t>(first),
                              own.symbols.begin() + static_cast<std::ptrdiff_t>(last));
        queue_control(std::move(answer), now_ms,
                      "s" + std::to_string(own.epoch) + ":" + std::to_string(first), true);
    }
}

void RadioLink::State::on_symbols(LinkId sender, const SymbolsFrame& f, std::int64_t now_ms) {
    State& s = *this;
    auto it = std::find_if(s.reconciliations.begin(), s.reconciliations.end(),
                           [&](const auto& r) { return r.peer == sender && r.epoch == f.epoch; });
    if (it == s.reconciliations.end()) return;
    Reconciliation& r = *it;
    std::size_t have = r.decoder->received();
    if (f.first > have || f.first + f.symbols.size() <= have) return;  // a gap, or old news
    std::span<const sync::CodedSymbol> fresh(f.symbols);
    auto result = r.decoder->add_remote(fresh.subspan(have - f.first));
    if (!result) {
        s.reconciliations.erase(it);  // the next summary starts afresh
        return;
    }
    if (*result == sync::DecodeStatus::need_more) {
        std::size_t received = r.decoder->received();
        // Still short of where the outstanding request ends: more of its answer is on its way.
        if (received < r.asked_end) return;
        auto more = static_cast<std::uint32_t>(
            std::clamp<std::size_t>(received, 4, 2 * symbols_per_frame(settings.frame_bytes)));
        ask_symbols(r, static_cast<std::uint32_t>(received), more, now_ms);
        return;
    }
    settle_difference(r, now_ms);
    s.reconciliations.erase(it);
}

// The difference is known: ask for what we lack, send what the peer lacks.
void RadioLink::State::settle_difference(Reconciliation& r, std::int64_t now_ms) {
    const std::vector<sync::ShortKey>& lack = r.decoder->remote_only();
    std::size_t per_frame = keys_per_frame(settings.frame_bytes);
    for (std::size_t i = 0; i < lack.size(); i += per_frame) {
        WantFrame want;
        want.target = r.peer;
        want.epoch = r.epoch;
        want.keys.assign(
            lack.begin() + static_cast<std::ptrdiff_t>(i),
            lack.begin() + static_cast<std::ptrdiff_t>(std::min(lack.size(), i + per_frame)));
        queue_control(std::move(want), now_ms, {});
    }
    for (sync::ShortKey key : r.decoder->local_only())
        for (const sync::ShortKeyEntry& entry : r.local.find(key)) {
            auto held_it = held.find(entry.id);
            if (held_it != held.end() && allows(settings.policy, held_it->second))
                queue_message(entry.id, {}, now_ms);
        }
}

void RadioLink::State::on_want(const WantFrame& f, std::int64_t now_ms) {
    State& s = *this;
    if (f.target != settings.self || !s.own || s.own->epoch != f.epoch) return;
    for (sync::ShortKey key : f.keys)
        for (const sync::ShortKeyEntry& entry : s.own->index.find(key))
            queue_message(entry.id, {}, now_ms);
}

void RadioLink::State::on_data(const DataFrame& f, std::int64_t now_ms) {
    State& s = *this;
    // Someone else sent this fragment: every listener that could hear us heard it too (mostly).
    auto held_it = s.held_by_tag.find(f.tag);
    if (held_it != s.held_by_tag.end()) {
        auto out_it = s.outgoing.find(held_it->second);
        if (out_it != s.outgoing.end()) {
            Outgoing& out = out_it->second;
            // Only the very same bytes: a forged fragment must not silence ours.
            if (out.prepared && out.fragments.size() == f.count && out.total == f.total &&
                out.deflated == f.deflated && out.fragments[f.index] == f.chunk) {
                out.pending[f.index] = false;
                if (std::find(out.pending.begin(), out.pending.end(), true) == out.pending.end())
                    s.outgoing.erase(out_it);
            }
        }
    }
    if (s.held_by_tag.contains(f.tag) || s.awaiting_outcome.contains(f.tag) ||
        s.refused.contains(f.tag))
        return;
    Fragment fragment{f.tag, f.total, f.index, f.count, as_bytes(f.chunk)};
    auto added = s.reassembly.add(fragment, now_ms);
    if (!added) {
        ++s.stats.frames_ignored;
        return;
    }
    if (!*added) {
        s.partial_info[f.tag] = {f.total, f.urgent};
        s.missing.erase(f.tag);  // it is coming: start asking afresh if it stalls again
        return;
    }
    s.partial_info.erase(f.tag);
    s.missing.erase(f.tag);
    std::optional<std::string> envelope;
    if (f.deflated)
        envelope = inflate_bounded(as_bytes(**added), limits::kMaxEnvelopeBytes);
    else if ((*added)->size() <= limits::kMaxEnvelopeBytes)
        envelope = std::move(**added);
    if (!envelope) {
        ++s.stats.frames_ignored;
        return;
    }
    ++s.stats.messages_received;
    s.stats.message_bytes_received += envelope->size();
    s.awaiting_outcome.add(f.tag);
    received.push_back({f.tag, std::move(*envelope)});
}

void RadioLink::State::on_missing(const MissingFrame& f, std::int64_t now_ms) {
    State& s = *this;
    for (const MissingEntry& e : f.entries) {
        auto held_it = s.held_by_tag.find(e.tag);
        if (held_it == s.held_by_tag.end()) continue;
        if (!allows(settings.policy, s.held.at(held_it->second))) continue;
        queue_message(held_it->second, e.indices, now_ms, e.total, e.count);
    }
}

std::vector<ReceivedEnvelope> RadioLink::State::take_received() {
    return std::exchange(received, {});
}

void RadioLink::State::on_outcome(const MessageTag& tag, bool held, bool remember) {
    awaiting_outcome.erase(tag);
    if (!held && remember) refused.add(tag);
}

// ---- the schedule ------------------------------------------------------------------------

void RadioLink::State::queue_control(LinkBody body, std::int64_t at_ms, std::string key,
                                     bool answer) {
    State& s = *this;
    if (!key.empty())
        for (const Control& c : s.control)
            if (c.key == key) return;
    if (s.control.size() >= kMaxControl) {
        // Full: answers to others go first, so our own summary, wants and requests survive.
        auto victim = std::find_if(s.control.begin(), s.control.end(),
                                   [](const Control& c) { return c.answer; });
        if (victim == s.control.end()) {
            if (answer) return;
            victim = s.control.begin();
        }
        s.control.erase(victim);
    }
    s.control.push_back({std::move(body), at_ms, std::move(key), answer});
}

void RadioLink::State::trickle(std::int64_t now_ms) {
    State& s = *this;
    if (!s.trickle_started) {
        s.trickle_started = true;
        s.trickle_interval = kTrickleMinMs;
        s.trickle_start = now_ms;
        s.trickle_fire = now_ms + s.random_between(kTrickleMinMs / 2, kTrickleMinMs);
    }
    if (!s.trickle_fired && now_ms >= s.trickle_fire) {
        s.trickle_fired = true;
        if (s.trickle_consistent < kTrickleRedundancy) queue_summary(now_ms);
    }
    if (now_ms >= s.trickle_start + s.trickle_interval) {
        s.trickle_interval = std::min(2 * s.trickle_interval, kTrickleMaxMs);
        s.trickle_start = now_ms;
        s.trickle_fire = now_ms + s.random_between(s.trickle_interval / 2, s.trickle_interval);
        s.trickle_consistent = 0;
        s.trickle_fired = false;
    }
}

void RadioLink::State::queue_summary(std::int64_t now_ms) {
    State& s = *this;
    if (!s.own || s.own->version != s.version) {
        OwnEpoch own;
        own.epoch = static_cast<std::uint32_t>(s.rng());
        own.version = s.version;
        sync::Salt salt = epoch_salt(settings.self, own.epoch);
        std::vector<MessageId> ids = eligible_ids(s.held, settings.policy, now_ms);
        own.index = sync::ShortKeyIndex::build(ids, salt);
        own.summary = sync::summarize_for_session(ids, salt);
        s.own = std::move(own);
        s.symbols_sent_at.clear();
    }
    SummaryFrame f;
    f.count = s.own->summary.count;
    f.epoch = s.own->epoch;
    f.digest = s.own->summary.digest;
    f.policy = settings.policy;
    queue_control(f, now_ms, "summary");
    ++s.stats.summaries_sent;
}

void RadioLink::State::housekeeping(std::int64_t now_ms) {
    State& s = *this;
    trickle(now_ms);
    for (auto it = s.reconciliations.begin(); it != s.reconciliations.end();) {
        if (now_ms < it->answer_due) {
            ++it;
        } else if (++it->attempts > kMaxRequestAttempts) {
            it = s.reconciliations.erase(it);
        } else {
            ++s.stats.retries;
            std::uint32_t received = static_cast<std::uint32_t>(it->decoder->received());
            ask_symbols(*it, received,
                        static_cast<std::uint32_t>(symbols_per_frame(settings.frame_bytes)),
                        now_ms);
            ++it;
        }
    }
    s.reassembly.expire(now_ms);
    ask_for_missing(now_ms);
}

// A partial that has been quiet for a while lost fragments: say which, for several partials
// in one frame. An urgent one is asked for as soon as its sender has had time to finish; the
// others only once the channel itself has been quiet, so that requests do not collide with a
// sender still busy with a backlog. Backoff doubles from there (capped at a minute) and is
// jittered: two stations asking at once must not keep colliding, and a sender waiting for its
// budget must not be asked over and over.
void RadioLink::State::ask_for_missing(std::int64_t now_ms) {
    State& s = *this;
    const std::int64_t quiet = 2 * s.full_frame_ms + 2'000;
    const std::int64_t urgent_quiet = s.full_frame_ms + 1'000;
    std::erase_if(s.partial_info,
                  [&](const auto& p) { return !s.reassembly.has_partial(p.first); });
    std::erase_if(s.missing, [&](const auto& p) { return !s.reassembly.has_partial(p.first); });
    const bool channel_quiet = now_ms - s.last_heard_ms >= quiet;
    MissingFrame f;
    std::size_t listed = 0;
    std::size_t room = settings.frame_bytes - kLinkHeaderSize - kLinkCheckSize;
    for (const PartialState& p : s.reassembly.partials()) {
        const bool urgent = s.partial_info[p.tag].urgent;
        if (p.missing.empty() || now_ms - p.last_heard_ms < (urgent ? urgent_quiet : quiet))
            continue;
        if (!urgent && !channel_quiet) continue;
        MissingState& m = s.missing[p.tag];
        if (now_ms < m.next_ms) continue;
        // Enough asking: the fragments held stay (until reassembly gives up on them) so that
        // whatever brings the rest later — a resend after a want, another station — completes it.
        if (m.attempts >= kMaxMissingAttempts) continue;
        // An entry costs at most 6 + 5 + 3 + 3 bytes and 3 per index.
        std::size_t n = std::min({p.missing.size(), kMaxIndicesPerEntry, kMaxMissingListed - listed,
                                  room > 17 ? (room - 17) / 3 : std::size_t{0}});
        if (n == 0 || f.entries.size() >= kMaxMissingEntries) break;
        ++m.attempts;
        // The sender may be waiting for its airtime budget rather than have lost our request:
        // ask again soon once, then less and less often (capped at a minute).
        std::int64_t base = urgent ? urgent_quiet : quiet;
        std::int64_t wait = std::min<std::int64_t>(base << (m.attempts - 1), 60'000);
        m.next_ms = now_ms + wait + s.random_between(0, base);
        MissingEntry e;
        e.tag = p.tag;
        e.total = s.partial_info[p.tag].total;
        e.count = p.count;
        e.indices.assign(p.missing.begin(), p.missing.begin() + static_cast<std::ptrdiff_t>(n));
        f.entries.push_back(std::move(e));
        listed += n;
        room -= std::min(room, 17 + 3 * n);
    }
    if (f.entries.empty()) return;
    ++s.stats.retries;
    queue_control(std::move(f), now_ms, {});
}

// ---- sending -------------------------------------------------------------------------------

std::optional<std::string> RadioLink::State::next_frame(std::int64_t now_ms,
                                                        EnvelopeSource& source) {
    State& s = *this;
    housekeeping(now_ms);
    if (s.busy_until - now_ms > s.queue_allowance_ms) return std::nullopt;  // two frames wait
    // Flash data first, then the protocol's own frames, then the rest by precedence.
    if (auto frame = next_data(now_ms, source, true)) return frame;
    if (auto frame = next_control(now_ms)) return frame;
    return next_data(now_ms, source, false);
}

std::optional<std::string> RadioLink::State::transmit(const LinkBody& body, std::int64_t now_ms,
                                                      double share) {
    State& s = *this;
    std::string frame = framing.wrap(encode_link_frame({settings.self, body}));
    std::int64_t airtime = airtime_ms(settings.airtime, as_bytes(frame));
    auto limit = static_cast<std::int64_t>(static_cast<double>(s.budget.budget_ms()) * share);
    if (s.budget.used(now_ms) + airtime > limit) {
        ++s.stats.budget_waits;
        std::int64_t at = s.budget.fits_at(now_ms, airtime + (s.budget.budget_ms() - limit));
        at = std::max(now_ms + 1, at);
        // The earliest time anything waiting may fit (urgent frames fit sooner than bulk).
        s.budget_wait_until = s.budget_wait_until > now_ms ? std::min(s.budget_wait_until, at) : at;
        return std::nullopt;
    }
    s.budget.spend(now_ms, airtime);
    s.busy_until = std::max(s.busy_until, now_ms) + airtime + settings.access_delay_ms;
    s.budget_wait_until = 0;
    ++s.stats.frames_sent;
    s.stats.bytes_sent += frame.size();
    s.stats.airtime_total_ms += airtime;
    return frame;
}

std::optional<std::string> RadioLink::State::next_control(std::int64_t now_ms) {
    State& s = *this;
    for (auto it = s.control.begin(); it != s.control.end();) {
        if (it->not_before > now_ms) {
            ++it;
            continue;
        }
        // A request for fragments that has waited (for the budget) may have been answered
        // meanwhile: ask only for what is still missing, or not at all.
        if (auto* missing = std::get_if<MissingFrame>(&it->body)) {
            std::erase_if(missing->entries,
                          [&](const MissingEntry& e) { return !s.reassembly.has_partial(e.tag); });
            if (missing->entries.empty()) {
                it = s.control.erase(it);
                continue;
            }
        }
        auto frame = transmit(it->body, now_ms, kControlShare);
        if (!frame) return std::nullopt;
        s.control.erase(it);
        return frame;
    }
    return std::nullopt;
}

// The first send of an urgent message may use the whole budget; an urgent fragment sent again
// (whoever asked) the repair share, above the protocol's own frames but below a new flash
// message; routine and priority data the bulk share. So requests for old fragments can never
// take the last of the budget from a new flash message, and neither a backlog nor a busy
// reconciliation can hold up the repair of an urgent one.
std::optional<std::string> RadioLink::State::send_fragment(Outgoing& out, std::int64_t now_ms) {
    auto next = std::find(out.pending.begin(), out.pending.end(), true);
    auto index = static_cast<std::uint16_t>(next - out.pending.begin());
    DataFrame f;
    f.deflated = out.deflated;
    f.urgent = out.urgent;
    f.tag = tag_of(out.id);
    f.total = out.total;
    f.index = index;
    f.count = static_cast<std::uint16_t>(out.fragments.size());
    f.chunk = out.fragments[index];
    const bool first_send = out.first_push && !out.sent_once[index];
    auto frame = transmit(f, now_ms, first_send ? 1.0 : out.urgent ? kRepairShare : kBulkShare);
    if (!frame) return std::nullopt;
    *next = false;
    out.sent_once[index] = true;
    return frame;
}

std::optional<std::string> RadioLink::State::next_data(std::int64_t now_ms, EnvelopeSource& source,
                                                       bool urgent) {
    State& s = *this;
    if (!urgent && now_ms < s.bulk_not_before) return std::nullopt;
    std::vector<Outgoing*> waiting;
    for (auto& [id, out] : s.outgoing)
        if (out.urgent == urgent &&
            (!out.prepared ||
             std::find(out.pending.begin(), out.pending.end(), true) != out.pending.end()))
            waiting.push_back(&out);
    std::sort(waiting.begin(), waiting.end(),
              [](const Outgoing* a, const Outgoing* b) { return a->order < b->order; });
    std::vector<MessageId> done;
    std::optional<std::string> frame;
    // In order; one that does not fit the budget (a repeat at the bulk share) lets the next try.
    for (std::size_t i = 0; i < waiting.size() && i < 8 && !frame; ++i) {
        Outgoing& out = *waiting[i];
        if (!out.prepared && !prepare(out, source)) {
            done.push_back(out.id);  // gone from the store meanwhile
            continue;
        }
        if (std::find(out.pending.begin(), out.pending.end(), true) == out.pending.end()) {
            done.push_back(out.id);  // asked for fragments of a split that is not ours
            continue;
        }
        frame = send_fragment(out, now_ms);
        if (frame && std::find(out.pending.begin(), out.pending.end(), true) == out.pending.end()) {
            if (out.whole) ++s.stats.messages_sent;
            done.push_back(out.id);
            if (!urgent)
                s.bulk_not_before =
                    s.busy_until + settings.access_delay_ms + settings.airtime.tx_delay_ms + 500;
        }
    }
    for (const MessageId& id : done) s.outgoing.erase(id);
    return frame;
}

std::int64_t RadioLink::State::next_wakeup_ms(std::int64_t now_ms) {
    State& s = *this;
    std::int64_t at = now_ms + kHousekeepingMs;
    auto consider = [&](std::int64_t t) { at = std::min(at, std::max(t, now_ms + 1)); };
    if (s.trickle_started)
        consider(s.trickle_fired ? s.trickle_start + s.trickle_interval : s.trickle_fire);
    bool urgent_work = false;  // urgent data or a protocol frame that is due
    bool bulk_work = false;
    for (const auto& [id, out] : s.outgoing) {
        bool waiting = !out.prepared ||
                       std::find(out.pending.begin(), out.pending.end(), true) != out.pending.end();
        (out.urgent ? urgent_work : bulk_work) |= waiting;
    }
    for (const Control& c : s.control) {
        if (c.not_before <= now_ms)
            urgent_work = true;
        else
            consider(std::max(c.not_before, s.busy_until - s.queue_allowance_ms));
    }
    const std::int64_t free_at =
        std::max({s.busy_until - s.queue_allowance_ms, s.budget_wait_until, now_ms + 1});
    if (urgent_work) consider(free_at);
    if (bulk_work) consider(std::max(free_at, s.bulk_not_before));
    for (const auto& r : s.reconciliations) consider(r.answer_due);
    if (!s.reassembly.partials().empty()) consider(now_ms + 1'000);
    return at;
}

LinkStats RadioLink::State::snapshot(std::int64_t now_ms) {
    State& s = *this;
    LinkStats out = s.stats;
    out.airtime_used_ms = s.budget.used_in_window(now_ms);
    out.airtime_budget_ms = s.budget.budget_ms();
    out.window_ms = s.budget.window_ms();
    return out;
}

}  // namespace baken::radio
