// Several Baken nodes on one radio channel, in one process on virtual time: each a real Store
// (LMDB in its own temp directory), ValidationPath and RadioLink, joined by a SharedChannel
// (shared_channel.h). Drives the links exactly as the daemon's radio service is meant to:
//
//   * every message a node stores is announced with link.held(describe_held(m), fresh, now):
//     fresh when posted locally (post()), not fresh when it came over the link or was held
//     before the run (preload());
//   * when a node's TNC has nothing queued and nothing on the air, the node asks its link for
//     the next frame (next_frame) and hands it over; when the link has none, the node sleeps
//     until next_wakeup_ms(). Or, with HandOver::as_the_link_paces, as bakend's RadioService
//     does (it cannot see the TNC's queue through KISS): every frame the link gives, whenever
//     it gives one, the link pacing itself by its own estimate of the airtime;
//   * every frame the channel delivers goes to link.on_modem_frame(); what take_received()
//     gives back goes through ValidationPath::submit_batch(..., Origin::relayed), and each
//     verdict is reported with received_outcome(tag, held).
//
// Properties the harness itself watches (problems()): a link that asks to be woken in the
// past right after giving no frame (a timer spin), an envelope from the link that the
// validation path refuses (every message in these runs is valid), the event bound.
//
// A run is a pure function of the settings and the seed: identities come from the seed, the
// links get seeds derived from it, and the channel's randomness too. Every run is bounded by
// the virtual time given to run_until() and by max_events.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "crypto/identity.h"
#include "message/decoded_message.h"
#include "radio/codec/callsign.h"
#include "radio/link/radio_link.h"
#include "simulation/event_loop.h"
#include "simulation/radio/shared_channel.h"
#include "simulation/sim_clock.h"
#include "support/temp_dir.h"
#include "validation/validation_path.h"

namespace baken::sim {

// When a node hands its link's frames to the TNC.
enum class HandOver {
    when_tnc_idle,      // one at a time, when the TNC has nothing queued or on the air
    as_the_link_paces,  // every frame next_frame() gives (RadioService, radio_service.cc)
};

struct RadioMeshSettings {
    int nodes = 2;
    std::uint64_t seed = 1;
    ChannelSettings channel;
    // The links' settings; `self` and the airtime model are filled in per node (the model is
    // the channel's, so the budget and the channel count the same airtime).
    radio::RadioLinkSettings link;
    bool ax25 = true;  // AX.25 UI frames with a callsign per node; false: raw payloads
    HandOver hand_over = HandOver::when_tnc_idle;
    std::int64_t epoch_ms = 0;  // wall-clock time at the start; 0: tests' kSampleNowMs
    std::uint64_t max_events = 20'000'000;
};

// One envelope a node's link reassembled, as it came out of take_received().
struct ReceivedByLink {
    int node = 0;
    std::int64_t at_ms = 0;  // ms since the run began
    std::string bytes;
    bool held = false;  // what the validation path made of it
};

class RadioMeshSim {
  public:
    explicit RadioMeshSim(RadioMeshSettings settings);
    ~RadioMeshSim();
    RadioMeshSim(const RadioMeshSim&) = delete;
    RadioMeshSim& operator=(const RadioMeshSim&) = delete;

    // Empty when every node's store opened; otherwise why not (nothing else works then).
    const std::string& error() const { return error_; }

    // A message posted at `node` now (the API's path: fresh, so flash and immediate ones are
    // pushed at once).
    Verdict post(int node, ByteView envelope);
    // Messages the node held before the run began (held, not fresh).
    std::vector<Verdict> preload(int node, std::span<const ByteView> envelopes);
    // Hidden nodes: a and b cannot hear each other.
    void make_deaf(int a, int b) { channel_->set_hears_each_other(a, b, false); }

    // Runs until done() holds (checked every check_every_ms of virtual time) or until
    // `limit_ms` since the run began. True when done() held.
    bool run_until(const std::function<bool()>& done, std::int64_t limit_ms,
                   std::int64_t check_every_ms = 1000);
    void run_to(std::int64_t elapsed_ms);

    std::int64_t elapsed_ms() const { return loop_.now() / kMs; }
    std::int64_t now_ms() const { return clock_.now_ms(); }
    int nodes() const { return static_cast<int>(nodes_.size()); }

    bool holds(int node, const MessageId& id) const;
    std::size_t held_count(int node) const;
    // When `node` first stored the message (ms since the run began), if it did.
    std::optional<std::int64_t> stored_at(int node, const MessageId& id) const;
    // True when every node holds every one of `ids`.
    bool all_hold(std::span<const MessageId> ids) const;

    const Identity& identity(int node) const;
    const radio::Callsign& callsign(int node) const;
    radio::RadioLink& link(int node);
    Store& store(int node);
    SharedChannel& channel() { return *channel_; }
    const SharedChannel& channel() const { return *channel_; }
    const std::vector<ReceivedByLink>& received() const { return received_; }
    // How often the harness asked the links for a frame, and how often they had none (a link
    // that asks to be woken every millisecond while it waits shows up here).
    std::uint64_t polls() const { return polls_; }
    std::uint64_t empty_polls() const { return empty_polls_; }
    std::uint64_t events_run() const { return loop_.events_run(); }
    const std::vector<std::string>& problems() const { return problems_; }
    const RadioMeshSettings& settings() const { return settings_; }

  private:
    struct Node;

    void on_frame(int node, const std::string& frame);
    void validate_received(Node& node);
    void pump(int node);
    void wake_at(Node& node, std::int64_t at_elapsed_ms);
    void problem(std::string what);

    RadioMeshSettings settings_;
    testing::TempDir dir_;
    EventLoop loop_;
    SimClock clock_;
    std::unique_ptr<SharedChannel> channel_;
    std::vector<std::unique_ptr<Node>> nodes_;
    std::vector<ReceivedByLink> received_;
    std::vector<std::string> problems_;
    std::uint64_t polls_ = 0;
    std::uint64_t empty_polls_ = 0;
    std::string error_;
};

}  // namespace baken::sim
