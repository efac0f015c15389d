// RadioLink: the narrow-link protocol for one radio interface, as a sans-IO state machine
// (docs/radio-link.md). It takes modem frames, held-message events and the time, and gives
// modem frames to transmit and envelopes to validate. No sockets, no timers, no store: the
// service (radio_service.h) and the mesh simulator drive it the same way.
//
// A shared, half-duplex, lossy broadcast channel of ~150 bytes/s has no room for per-peer
// sessions, so:
//   * SUMMARIES: each node now and then broadcasts the count and a digest of what it holds
//     (of what its interface policy lets onto the link). Timing follows Trickle (RFC 6206):
//     the interval doubles from 60 s to 30 min while nothing changes, and a node that has
//     heard a summary equal to its own in the current interval stays silent, so an idle
//     channel carries a few frames an hour in all.
//   * RECONCILIATION: a listener whose set differs asks the summary's sender for rateless coded
//     symbols (sync/reconciliation, keyed by the summary's epoch) and decodes the difference in
//     both directions: it WANTs what it lacks and sends what the other lacks.
//   * DATA: a message's exact envelope bytes, deflated when that is smaller, split into frames
//     of the configured size. Sent once for every listener; a listener that lost fragments
//     says which ones (MISSING) and anyone holding the message fills them in; a node that hears
//     someone else send a fragment it was about to send drops its own copy.
//   * PUSH: a flash or immediate message stored here goes out at once, without waiting for a
//     summary round; what arrived by radio is not pushed again (the listeners heard it too),
//     the next summary repairs what a hidden station missed.
//   * ORDER: revocations first, then by precedence (credentials before the rest of theirs);
//     control frames after flash data and before the rest.
//   * PACING: KISS says nothing about when a frame has gone out, so the link estimates when
//     the TNC will be done (airtime, the mean CSMA wait, and the frames it hears from others,
//     which held the channel meanwhile) and keeps at most about two frames waiting in the TNC:
//     enough for a TNC that sends queued frames in one transmission to do so, few enough that
//     a flash frame never waits behind a queue of routine ones.
//   * BUDGET: no frame is handed over unless the airtime of every frame on the air in the
//     sliding window, by that same estimate (plus a margin for what it cannot know,
//     airtime_budget.h), stays within the duty cycle; routine and priority data may use at
//     most 70 % of it, the protocol's own frames 85 %, urgent fragments sent again 95 %: a
//     new flash message always finds room, can always be asked for, and no listener's
//     requests can take its place.
//
// Bounds: reassembly (codec/fragment_reassembly.h), at most 256 outgoing messages, 8
// reconciliations, 64 neighbours, 4096 symbols per epoch, 64 queued control frames.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "radio/codec/fragment_reassembly.h"
#include "radio/link/airtime_budget.h"
#include "radio/link/link_frame.h"
#include "radio/link/link_policy.h"
#include "radio/link/modem_framing.h"
#include "sync/reconciliation/short_key.h"
#include "sync/reconciliation/symbol_decoder.h"
#include "sync/reconciliation/symbol_encoder.h"

namespace baken::radio {

struct RadioLinkSettings {
    LinkId self = 0;                // link_id_of(node public key)
    PolicyMasks policy;             // what this interface may send
    std::size_t frame_bytes = 200;  // most bytes of one link frame (before the modem framing)
    AirtimeModel airtime;
    std::int64_t window_ms = 3'600'000;
    double duty_cycle = 0.10;  // share of the window this node may transmit
    bool compress = true;
    std::int64_t access_delay_ms = 300;  // the TNC's mean wait for a clear channel
};

LinkId link_id_of(const PublicKey& key);

// The salt under which every listener computes short keys and the digest for one summary of
// `sender` (BLAKE2b of a label, the sender's link id and the summary's epoch).
sync::Salt epoch_salt(LinkId sender, std::uint32_t epoch);

// The budget's allowance for a frame going on air later than the link expects
// (airtime_budget.h): a few frames and a few CSMA waits, at least 10 s, at most a tenth of the
// window.
std::int64_t budget_margin(const RadioLinkSettings& settings);

// The node's side of the link: exact envelope bytes of held messages.
class EnvelopeSource {
  public:
    virtual ~EnvelopeSource() = default;
    virtual std::optional<std::string> envelope(const MessageId& id) = 0;
};

struct ReceivedEnvelope {
    MessageTag tag{};
    std::string bytes;
};

struct NeighbourState {
    std::string station;  // callsign, when the framing carries one
    std::int64_t last_heard_ms = 0;
    std::uint64_t frames = 0;
    std::uint64_t summary_count = 0;   // messages its last summary covered
    bool in_sync = false;              // its last summary equalled our set
    std::int64_t last_summary_ms = 0;  // 0: no summary heard yet
};

struct LinkStats {
    std::uint64_t frames_sent = 0;
    std::uint64_t bytes_sent = 0;  // handed to the modem (framing included, KISS excluded)
    std::uint64_t frames_received = 0;
    std::uint64_t bytes_received = 0;
    std::uint64_t frames_ignored = 0;  // not ours, damaged, or malformed
    std::uint64_t messages_sent = 0;   // whole messages transmitted (every fragment once)
    std::uint64_t messages_received = 0;
    std::uint64_t message_bytes_received = 0;  // envelope bytes of those
    std::uint64_t retries = 0;  // fragments sent again, MISSING and repeated requests
    std::uint64_t summaries_sent = 0;
    std::uint64_t budget_waits = 0;    // times a frame waited for the budget
    std::int64_t airtime_used_ms = 0;  // within the current window
    std::int64_t airtime_budget_ms = 0;
    std::int64_t airtime_total_ms = 0;
    std::int64_t window_ms = 0;
    std::map<LinkId, NeighbourState> neighbours;
};

class RadioLink {
  public:
    RadioLink(RadioLinkSettings settings, ModemFraming framing, std::uint64_t seed);
    ~RadioLink();
    RadioLink(const RadioLink&) = delete;
    RadioLink& operator=(const RadioLink&) = delete;

    // ---- the node's store ----
    // A message held (at start, or newly stored). `fresh`: stored just now from anywhere but
    // this link, so a flash or immediate one is pushed at once.
    void held(const HeldMessage& message, bool fresh, std::int64_t now_ms);
    void gone(const MessageId& id);

    // ---- the radio ----
    void on_modem_frame(ByteView frame, std::int64_t now_ms);
    // The next frame to hand to the modem now (wrapped by the framing, not yet KISS-encoded),
    // or nothing. Call until it returns nothing, then again at next_wakeup_ms().
    std::optional<std::string> next_frame(std::int64_t now_ms, EnvelopeSource& source);
    // The latest time at which next_frame() should be called again.
    std::int64_t next_wakeup_ms(std::int64_t now_ms);

    // ---- what arrived ----
    // Whole envelopes reassembled since the last call, for the validation path.
    std::vector<ReceivedEnvelope> take_received();
    // What the validation path made of one: held now (stored or duplicate), or refused. A
    // refusal is remembered (the tag's fragments are ignored from then on, so the link does not
    // fetch the same bad bytes again) only with `remember`: the caller says so when the refusal
    // is for good (a bad signature, not a full disk) and the bytes are the tag's message, so a
    // forged payload under a genuine message's tag cannot silence the genuine one.
    void received_outcome(const MessageTag& tag, bool held, bool remember = true);

    LinkStats stats(std::int64_t now_ms);
    const RadioLinkSettings& settings() const { return settings_; }

  private:
    struct State;
    RadioLinkSettings settings_;
    ModemFraming framing_;
    std::unique_ptr<State> state_;
};

}  // namespace baken::radio
