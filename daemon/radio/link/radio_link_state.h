// The state of one RadioLink (radio_link.h), shared by the files that implement it:
//   radio_link.cc          the public side, the node's store (what is held, what goes out)
//   radio_link_receive.cc  frames heard: summaries, reconciliation, wants, data, missing
//   radio_link_send.cc     the schedule (Trickle, retries, missing) and next_frame()
// Private to baken_radio_link: nothing outside daemon/radio/link includes it.
#pragma once

#include <algorithm>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "message/limits.h"
#include "radio/link/radio_link.h"
#include "sync/reconciliation/set_summary.h"
#include "sync/reconciliation/symbol_wire.h"

namespace baken::radio {

inline constexpr std::int64_t kTrickleMinMs = 60'000;
inline constexpr std::int64_t kTrickleMaxMs = 30 * 60'000;
inline constexpr int kTrickleRedundancy = 1;  // Trickle's k: one consistent summary heard suffices
inline constexpr std::size_t kMaxOutgoing = 256;
inline constexpr std::size_t kMaxReconciliations = 8;
inline constexpr std::size_t kMaxNeighbours = 64;
inline constexpr std::size_t kMaxControl = 64;
inline constexpr std::size_t kMaxEpochSymbols = 4096;
inline constexpr std::size_t kMaxAnswerFrames = 4;  // symbol frames sent for one request
inline constexpr int kMaxRequestAttempts = 3;
inline constexpr int kMaxMissingAttempts = 5;
inline constexpr std::size_t kMaxRememberedTags = 1024;
// The budget's shares (docs/radio-link.md): routine and priority data, the protocol's own
// frames, urgent fragments sent again; a first sending of an urgent message may use it all.
inline constexpr double kBulkShare = 0.70;
inline constexpr double kControlShare = 0.85;
inline constexpr double kRepairShare = 0.95;
// After an urgent push, a summary within this, so a listener that lost it all finds out.
inline constexpr std::int64_t kSummaryAfterPushMs = 15'000;
inline constexpr std::int64_t kHousekeepingMs = 60'000;
// What a listener can make us send: fragments of one message again at most once per frame
// time plus a second (the time a listener waits before asking again), symbols of one range at
// most every 10 s, and new summaries compared at most 10 a minute (each costs a pass over the
// held set). The budget's shares bound the rest.
inline constexpr std::int64_t kSymbolRepeatGuardMs = 10'000;
inline constexpr int kSummariesPerMinute = 10;
inline constexpr std::size_t kMaxIndicesPerEntry = 16;  // so that several partials share a frame

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

inline MessageTag tag_of(const MessageId& id) {
    MessageTag tag{};
    std::memcpy(tag.data(), id.data(), tag.size());
    return tag;
}

inline bool is_urgent(const HeldMessage& m) {
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

// ---- helpers over the state ------------------------------------------------------------

// The ids held that `policy` lets onto a link and that have not expired, in any order.
inline std::vector<MessageId> eligible_ids(
    const std::unordered_map<MessageId, HeldMessage, IdHash>& held, const PolicyMasks& policy,
    std::int64_t now_ms) {
    std::vector<MessageId> ids;
    ids.reserve(held.size());
    for (const auto& [id, m] : held)
        if (m.expires_ms > now_ms && allows(policy, m)) ids.push_back(id);
    return ids;
}

inline std::size_t symbols_per_frame(std::size_t frame_bytes) {
    std::size_t room = frame_bytes - kLinkHeaderSize - kLinkCheckSize - 4 - 5;
    return std::max<std::size_t>(room / sync::kSymbolWireSize, 1);
}

inline std::size_t keys_per_frame(std::size_t frame_bytes) {
    std::size_t room = frame_bytes - kLinkHeaderSize - kLinkCheckSize - 8;
    return std::max<std::size_t>(room / kShortKeyWireSize, 1);
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
    // How late the estimate of when a frame goes on the air may be. Handed to an idle TNC: by
    // the keying delay (a LoRa modem's estimate is rounded up). Behind another frame: also by
    // the CSMA wait the link expected and the keying delay the TNC may not take (it may send
    // queued frames under one key-up). Larger, and a frame the other station really held back
    // would pass for one that went.
    std::int64_t slack_idle_ms;
    std::int64_t slack_queued_ms;
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
          queue_allowance_ms(full_frame_ms + s.access_delay_ms),
          slack_idle_ms(s.airtime.tx_delay_ms),
          slack_queued_ms(s.access_delay_ms + 2 * s.airtime.tx_delay_ms) {}

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

}  // namespace baken::radio
