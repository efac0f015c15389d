// See radio_mesh_sim.h.
#include "simulation/radio/radio_mesh_sim.h"

#include <algorithm>
#include <limits>

#include "radio/link/link_policy.h"
#include "radio/link/modem_framing.h"
#include "simulation/sim_random.h"
#include "store/store.h"
#include "support/sample_messages.h"

namespace baken::sim {
namespace {

constexpr std::uint64_t kQuotaBytes = 64ull << 20;
constexpr std::size_t kMaxProblems = 50;
constexpr std::size_t kMaxReceivedKept = 200'000;
constexpr int kMaxFramesPerTurn = 64;  // as RadioService: the link paces itself, this bounds a turn
// A wake-up further away than this is taken as "nothing to do" and checked again then (keeps
// simulated microseconds far from overflow).
constexpr std::int64_t kLongestSleepMs = 24LL * 3600 * 1000;

// "PA0AA", "PA0BA", ... with SSID 7: a distinct, valid callsign per node.
radio::Callsign callsign_for(int node) {
    std::string call = "PA0";
    call += static_cast<char>('A' + node % 26);
    call += static_cast<char>('A' + (node / 26) % 26);
    return {call, 7};
}

// The link reads the exact envelope bytes from the node's store.
class StoreEnvelopes final : public radio::EnvelopeSource {
  public:
    explicit StoreEnvelopes(Store& store) : store_(store) {}
    std::optional<std::string> envelope(const MessageId& id) override {
        auto held = store_.get(id);
        if (!held) return std::nullopt;
        return std::move(held->envelope_bytes);
    }

  private:
    Store& store_;
};

}  // namespace

struct RadioMeshSim::Node {
    int index = 0;
    Identity identity;
    radio::Callsign callsign;
    std::unique_ptr<Store> store;
    std::unique_ptr<ValidationPath> validation;
    std::unique_ptr<StoreEnvelopes> source;
    std::unique_ptr<radio::RadioLink> link;
    bool posting_fresh = false;  // set while post() submits: what on_stored announces
    std::map<MessageId, std::int64_t> stored_at;                      // ms since the run began
    std::int64_t wake_at = std::numeric_limits<std::int64_t>::max();  // pending wake-up
    std::uint64_t wake_generation = 0;  // a newer wake-up supersedes the pending one
};

RadioMeshSim::RadioMeshSim(RadioMeshSettings settings)
    : settings_(std::move(settings)),
      clock_(loop_, settings_.epoch_ms ? settings_.epoch_ms : testing::kSampleNowMs) {
    const SimRandom seed(settings_.seed);
    channel_ = std::make_unique<SharedChannel>(loop_, settings_.nodes, settings_.channel,
                                               seed.stream("channel"));
    channel_->on_frame([this](int node, const std::string& frame) { on_frame(node, frame); });
    channel_->on_idle([this](int node) { pump(node); });

    for (int i = 0; i < settings_.nodes && error_.empty(); ++i) {
        SimRandom node_random = seed.stream("node-" + std::to_string(i));
        auto node = std::make_unique<Node>(Node{i,
                                                Identity::from_seed(node_random.bytes<32>()),
                                                callsign_for(i),
                                                {},
                                                {},
                                                {},
                                                {},
                                                false,
                                                {},
                                                std::numeric_limits<std::int64_t>::max(),
                                                0});
        auto opened = Store::open({dir_.path() / ("node-" + std::to_string(i)), kQuotaBytes});
        if (!opened) {
            error_ = "node " + std::to_string(i) + ": " + opened.error();
            break;
        }
        node->store = std::move(opened).value();
        node->validation = std::make_unique<ValidationPath>(*node->store, clock_);
        node->source = std::make_unique<StoreEnvelopes>(*node->store);

        radio::RadioLinkSettings link = settings_.link;
        link.self = radio::link_id_of(node->identity.public_key());
        link.airtime = settings_.channel.airtime;
        radio::ModemFramingSettings framing;
        framing.ax25 = settings_.ax25;
        framing.source = node->callsign;
        node->link = std::make_unique<radio::RadioLink>(link, radio::ModemFraming(framing),
                                                        node_random.next());

        Node* n = node.get();
        n->validation->on_stored([this, n](const DecodedMessage& m) {
            n->stored_at.emplace(m.id, elapsed_ms());
            n->link->held(radio::describe_held(m), n->posting_fresh, now_ms());
        });
        n->store->on_removed([n](std::span<const MessageId> ids) {
            for (const MessageId& id : ids) n->link->gone(id);
        });
        nodes_.push_back(std::move(node));
        loop_.at(0, [this, i] { pump(i); });  // the links start when the run does
    }
}

RadioMeshSim::~RadioMeshSim() = default;

Verdict RadioMeshSim::post(int node, ByteView envelope) {
    Node& n = *nodes_[node];
    n.posting_fresh = true;
    Verdict verdict = n.validation->submit(envelope, Origin::local);
    n.posting_fresh = false;
    pump(node);
    return verdict;
}

std::vector<Verdict> RadioMeshSim::preload(int node, std::span<const ByteView> envelopes) {
    Node& n = *nodes_[node];
    auto verdicts = n.validation->submit_batch(envelopes, Origin::local);
    pump(node);
    return verdicts;
}

bool RadioMeshSim::run_until(const std::function<bool()>& done, std::int64_t limit_ms,
                             std::int64_t check_every_ms) {
    while (!done()) {
        if (elapsed_ms() >= limit_ms) return false;
        const std::int64_t next = std::min(limit_ms, elapsed_ms() + check_every_ms);
        const std::uint64_t ran = loop_.events_run();
        const std::uint64_t left = ran < settings_.max_events ? settings_.max_events - ran : 0;
        if (!loop_.run_until(next * kMs, left)) {
            problem("the event bound (" + std::to_string(settings_.max_events) +
                    " events) was reached at " + std::to_string(elapsed_ms()) + " ms");
            return false;
        }
    }
    return true;
}

void RadioMeshSim::run_to(std::int64_t elapsed) {
    run_until([] { return false; }, elapsed, std::max<std::int64_t>(1, elapsed - elapsed_ms()));
}

void RadioMeshSim::on_frame(int node, const std::string& frame) {
    Node& n = *nodes_[node];
    n.link->on_modem_frame(as_bytes(frame), now_ms());
    validate_received(n);
    pump(node);
}

void RadioMeshSim::validate_received(Node& n) {
    std::vector<radio::ReceivedEnvelope> got = n.link->take_received();
    if (got.empty()) return;
    std::vector<ByteView> views;
    views.reserve(got.size());
    for (const auto& g : got) views.push_back(as_bytes(g.bytes));
    std::vector<Verdict> verdicts = n.validation->submit_batch(views, Origin::relayed);
    for (std::size_t i = 0; i < got.size(); ++i) {
        const bool held = i < verdicts.size() && verdicts[i].ok();
        n.link->received_outcome(got[i].tag, held);
        if (!held) {
            problem("node " + std::to_string(n.index) + " refused an envelope its link gave (" +
                    std::to_string(got[i].bytes.size()) + " bytes): " +
                    (i < verdicts.size() ? describe(verdicts[i].error()) : "no verdict"));
        }
        if (received_.size() < kMaxReceivedKept)
            received_.push_back({n.index, elapsed_ms(), std::move(got[i].bytes), held});
    }
}

// Asks the link for frames and hands them to the TNC (see HandOver), then sleeps until the
// link's wake-up; when_tnc_idle also comes back when the TNC has sent what it was given.
void RadioMeshSim::pump(int node) {
    Node& n = *nodes_[node];
    validate_received(n);
    const bool one_at_a_time = settings_.hand_over == HandOver::when_tnc_idle;
    if (one_at_a_time && !channel_->idle(node)) return;
    for (int i = 0; i < kMaxFramesPerTurn; ++i) {
        ++polls_;
        auto frame = n.link->next_frame(now_ms(), *n.source);
        if (!frame) {
            ++empty_polls_;
            break;
        }
        channel_->send(node, std::move(*frame));
        if (one_at_a_time) return;  // the TNC's idle call comes back
    }
    std::int64_t wake = n.link->next_wakeup_ms(now_ms());
    if (wake <= now_ms()) {
        problem("node " + std::to_string(node) + " at " + std::to_string(elapsed_ms()) +
                " ms: next_wakeup_ms is " + std::to_string(wake - now_ms()) +
                " ms from now (a timer spin)");
        wake = now_ms() + 1;
    }
    wake = std::min(wake, now_ms() + kLongestSleepMs);
    wake_at(n, wake - clock_.epoch_ms());
}

void RadioMeshSim::wake_at(Node& n, std::int64_t at_elapsed_ms) {
    if (n.wake_at <= at_elapsed_ms) return;  // an earlier wake-up is pending: it asks again
    n.wake_at = at_elapsed_ms;
    const std::uint64_t generation = ++n.wake_generation;
    const int index = n.index;
    loop_.at(at_elapsed_ms * kMs, [this, index, generation] {
        Node& node = *nodes_[index];
        if (generation != node.wake_generation) return;
        node.wake_at = std::numeric_limits<std::int64_t>::max();
        pump(index);
    });
}

void RadioMeshSim::problem(std::string what) {
    if (problems_.size() < kMaxProblems) problems_.push_back(std::move(what));
}

bool RadioMeshSim::holds(int node, const MessageId& id) const {
    return nodes_[node]->store->contains(id);
}

std::size_t RadioMeshSim::held_count(int node) const {
    return nodes_[node]->store->stats().message_count;
}

std::optional<std::int64_t> RadioMeshSim::stored_at(int node, const MessageId& id) const {
    const auto& at = nodes_[node]->stored_at;
    auto it = at.find(id);
    if (it == at.end()) return std::nullopt;
    return it->second;
}

bool RadioMeshSim::all_hold(std::span<const MessageId> ids) const {
    for (const auto& n : nodes_)
        for (const MessageId& id : ids)
            if (!n->stored_at.contains(id)) return false;
    return true;
}

const Identity& RadioMeshSim::identity(int node) const {
    return nodes_[node]->identity;
}
const radio::Callsign& RadioMeshSim::callsign(int node) const {
    return nodes_[node]->callsign;
}
radio::RadioLink& RadioMeshSim::link(int node) {
    return *nodes_[node]->link;
}
Store& RadioMeshSim::store(int node) {
    return *nodes_[node]->store;
}

}  // namespace baken::sim
