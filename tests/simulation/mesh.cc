// See mesh.h.
#include "simulation/mesh.h"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "message/envelope_codec.h"
#include "picture/picture_loader.h"
#include "simulation/forgery.h"
#include "simulation/ledger.h"
#include "simulation/properties.h"
#include "simulation/run_directory.h"
#include "support/sample_messages.h"
#include "trust/credential_issue.h"

namespace baken::sim {

namespace {

constexpr std::size_t kMaxViolationsKept = 20;
// Simulated time between looks at the real clock and the event budget.
constexpr SimTime kSlice = 10 * kSecond;

Identity node_identity(std::uint64_t seed, int index) {
    SimRandom random = SimRandom(seed).stream("identity-" + std::to_string(index));
    return Identity::from_seed(random.bytes<32>());
}

class Mesh {
  public:
    Mesh(const RunOptions& options, Plan plan, std::filesystem::path dir);
    RunResult run();

  private:
    void build();
    void schedule_posts();
    void schedule_forgeries();
    void schedule_trust();
    void import_at(int node, const DecodedMessage& message, const std::string& what);
    void revoke();
    bool believes_root(int node) const;
    std::string describe_trust() const;
    void schedule_faults();
    void apply(const Fault& fault);
    void start_node(int node);
    void heal();
    void post_batch(int node, int count);
    void on_stored(int node, const MessageId& id);
    void plant_forgery();
    bool run_until(SimTime until);
    bool converged();
    void final_checks();
    void check_pictures();
    void collect();
    BoundInputs bound_inputs() const;
    void violation(int node, const std::string& what);
    int honest() const { return plan_.topology.honest(); }

    const RunOptions& options_;
    Plan plan_;
    std::filesystem::path dir_;
    EventLoop loop_;
    SimClock clock_;
    SimRandom workload_random_;
    SimRandom adversary_random_;
    Network network_;
    NodeEnvironment env_;
    std::vector<Identity> identities_;
    std::vector<std::unique_ptr<SimNode>> nodes_;
    std::vector<int> link_outages_;
    std::vector<int> link_corruptions_;
    std::vector<int> node_outages_;
    Ledger ledger_;
    Identity region_root_;
    std::vector<std::pair<MessageId, std::int64_t>> posts_by_revoked_;  // id, created
    bool revocation_issued_ = false;
    RunResult result_;
    std::uint64_t serial_ = 0;
    std::vector<std::string> need_ids_;  // needs posted so far, for need updates to name
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

Mesh::Mesh(const RunOptions& options, Plan plan, std::filesystem::path dir)
    : options_(options),
      plan_(std::move(plan)),
      dir_(std::move(dir)),
      clock_(loop_, testing::kSampleNowMs),
      workload_random_(SimRandom(options.seed).stream("workload")),
      adversary_random_(SimRandom(options.seed).stream("adversary")),
      network_(loop_, SimRandom(options.seed).stream("network")),
      env_{loop_,
           clock_,
           network_,
           [this](int node) { return node == plan_.topology.adversary; },
           [this](int node, const std::string& what) { violation(node, what); },
           [this](int node, const MessageId& id) { on_stored(node, id); },
           nullptr},
      region_root_(node_identity(options.seed, -1)) {
    if (options_.trace_node >= 0) {
        env_.trace = [this](int node, const std::string& what) {
            if (node != options_.trace_node) return;
            std::printf("  t=%.3f s %s: %s\n", static_cast<double>(loop_.now()) / kSecond,
                        nodes_[node]->name().c_str(), what.c_str());
        };
    }
}

void Mesh::violation(int node, const std::string& what) {
    if (result_.violations.size() == kMaxViolationsKept) {
        result_.violations.push_back("... (more violations not kept)");
    }
    if (result_.violations.size() > kMaxViolationsKept) return;
    std::string who = node >= 0 ? nodes_[node]->name() + ": " : "";
    result_.violations.push_back("t=" + std::to_string(loop_.now() / kMs) + "ms " + who + what);
}

void Mesh::build() {
    const Topology& t = plan_.topology;
    for (int i = 0; i < static_cast<int>(t.nodes.size()); ++i) {
        identities_.push_back(node_identity(options_.seed, i));
    }
    for (int i = 0; i < static_cast<int>(t.nodes.size()); ++i) {
        NodeSetup setup{i,
                        t.nodes[i].name,
                        dir_ / ("node-" + std::to_string(i)),
                        plan_.quota_bytes,
                        t.nodes[i].max_sessions,
                        {}};
        if (believes_root(i)) setup.trusted_roots = {region_root_.public_key()};
        setup.keep_picture = plan_.pictures;
        nodes_.push_back(std::make_unique<SimNode>(
            env_, setup, identities_[i],
            SimRandom(options_.seed).stream("node-" + std::to_string(i))));
        network_.add_host(nodes_.back().get());
    }
    for (const LinkPlan& l : t.links) {
        network_.add_link(l.a, l.b, l.params);
        auto dial = [&](int from, int to) {
            nodes_[from]->add_dial(
                to, l.pin ? std::optional(identities_[to].public_key()) : std::nullopt);
        };
        if (l.dialling != Dialling::higher_dials) dial(l.a, l.b);
        if (l.dialling != Dialling::lower_dials) dial(l.b, l.a);
    }
    link_outages_.assign(t.links.size(), 0);
    link_corruptions_.assign(t.links.size(), 0);
    node_outages_.assign(t.nodes.size(), 0);
    for (int i = 0; i < static_cast<int>(nodes_.size()); ++i) start_node(i);
}

void Mesh::start_node(int node) {
    if (nodes_[node]->running()) return;
    auto started = nodes_[node]->start();
    if (!started) violation(node, "cannot start: " + started.error());
}

void Mesh::schedule_posts() {
    for (int posted = 0; posted < plan_.messages; posted += plan_.post_batch) {
        int count = std::min(plan_.post_batch, plan_.messages - posted);
        SimTime at = workload_random_.between(0, plan_.heal_at - 1);
        int node = static_cast<int>(workload_random_.below(static_cast<std::uint64_t>(honest())));
        loop_.at(at, [this, node, count] { post_batch(node, count); });
    }
}

void Mesh::post_batch(int node, int count) {
    SimNode& n = *nodes_[node];
    if (!n.running()) {
        result_.post_refused += static_cast<std::uint64_t>(count);
        return;
    }
    std::vector<DecodedMessage> messages;
    for (int i = 0; i < count; ++i) {
        v1::Message m =
            make_message(workload_random_, plan_.mix, serial_++, clock_.now_ms(), need_ids_);
        messages.push_back(sign_message(n.identity(), std::move(m)));
        if (messages.back().message.body().has_need())
            need_ids_.emplace_back(messages.back().id.begin(), messages.back().id.end());
    }
    // In the ledger before the node stores them: the node checks every store against it.
    std::vector<ByteView> envelopes;
    for (const auto& m : messages) {
        ledger_.record_valid(m.id, m.message.expires_ms(), m.envelope_bytes.size());
        envelopes.push_back(as_bytes(m.envelope_bytes));
    }
    auto verdicts = n.post(envelopes);
    for (std::size_t i = 0; i < verdicts.size(); ++i) {
        if (!verdicts[i]) ledger_.forget(messages[i].id);
        if (!verdicts[i] || verdicts[i]->duplicate) {
            ++result_.post_refused;
            continue;
        }
        ++result_.posted;
        if (node != plan_.trust.revoked) continue;
        std::int64_t created = messages[i].message.created_ms();
        posts_by_revoked_.emplace_back(messages[i].id, created);
        // Posted by a node that has not heard of its revocation yet: it spreads, and is
        // withdrawn everywhere once the revocation arrives.
        if (revocation_issued_ &&
            created >= testing::kSampleNowMs + plan_.trust.revoked_since / kMs) {
            ledger_.withdraw(messages[i].id);
        }
    }
}

std::string Mesh::describe_trust() const {
    const TrustPlan& t = plan_.trust;
    std::uint64_t unknown = 0, revoked = 0;
    for (const NodeStats& s : result_.per_node) {
        unknown += s.refused[static_cast<int>(RejectCode::unknown_author)];
        revoked += s.refused[static_cast<int>(RejectCode::revoked)];
    }
    std::string line;
    for (std::size_t i = 0; i < t.open_nodes.size(); ++i) {
        line += nodes_[t.open_nodes[i]]->name() +
                " open, its credential at t=" + std::to_string(t.late_credential_at[i] / kSecond) +
                " s; ";
    }
    if (t.revoked >= 0) {
        line += nodes_[t.revoked]->name() +
                " revoked at t=" + std::to_string(t.revoked_at / kSecond) +
                " s from t=" + std::to_string(t.revoked_since / kSecond) + " s; ";
    }
    return line + "refused unknown_author " + std::to_string(unknown) +
           " (then quarantined), revoked " + std::to_string(revoked);
}

bool Mesh::believes_root(int node) const {
    const TrustPlan& t = plan_.trust;
    return t.on && std::find(t.open_nodes.begin(), t.open_nodes.end(), node) == t.open_nodes.end();
}

// Credentials as the region hands them out: each honest node imports its own at the start,
// except the open nodes, whose credentials the region imports at the office (node 0) later.
void Mesh::schedule_trust() {
    const TrustPlan& t = plan_.trust;
    if (!t.on) return;
    for (int i = 0; i < honest(); ++i) {
        trust::CredentialRequest request;
        request.subject = identities_[i].public_key();
        request.role = v1::REGION_STAFF;
        request.scope = "VR09";
        request.valid_from_ms = clock_.now_ms() - 3600 * 1000;
        request.validity_ms = trust::kMaxValidityMs;
        auto credential = trust::issue_credential(region_root_, request, clock_.now_ms());
        if (!credential) {
            violation(i, "cannot issue its credential: " + credential.error());
            continue;
        }
        ledger_.record_valid(credential->id, credential->message.expires_ms(),
                             credential->envelope_bytes.size());
        auto open = std::find(t.open_nodes.begin(), t.open_nodes.end(), i);
        if (open == t.open_nodes.end()) {
            loop_.at(0, [this, i, c = *credential] { import_at(i, c, "credential"); });
        } else {
            SimTime at =
                t.late_credential_at[static_cast<std::size_t>(open - t.open_nodes.begin())];
            loop_.at(at, [this, c = *credential] { import_at(0, c, "late credential"); });
        }
    }
    if (t.revoked >= 0) loop_.at(t.revoked_at, [this] { revoke(); });
}

// `baken credential import` at `node`; a node that is down gets it when it is up again.
void Mesh::import_at(int node, const DecodedMessage& message, const std::string& what) {
    SimNode& n = *nodes_[node];
    if (!n.running()) {
        loop_.after(10 * kSecond, [this, node, message, what] { import_at(node, message, what); });
        return;
    }
    const ByteView one[] = {as_bytes(message.envelope_bytes)};
    auto verdict = n.post(one).front();
    if (!verdict) violation(node, what + " refused: " + describe(verdict.error()));
}

void Mesh::revoke() {
    const TrustPlan& t = plan_.trust;
    std::int64_t since = testing::kSampleNowMs + t.revoked_since / kMs;
    auto revocation = trust::issue_revocation(region_root_, identities_[t.revoked].public_key(),
                                              since, "sleutel gestolen", clock_.now_ms());
    if (!revocation) return violation(t.revoked, "cannot revoke: " + revocation.error());
    ledger_.record_valid(revocation->id, revocation->message.expires_ms(),
                         revocation->envelope_bytes.size());
    revocation_issued_ = true;
    for (const auto& [id, created] : posts_by_revoked_) {
        if (created >= since) ledger_.withdraw(id);
    }
    import_at(0, *revocation, "revocation");
}

// Property 1 as it happens: what an honest node stores must be something a person posted.
void Mesh::on_stored(int node, const MessageId& id) {
    if (node == plan_.topology.adversary) return;
    if (ledger_.forged(id)) {
        violation(node, "stored a forgery: " + to_hex(ByteView(id.data(), 6)));
    } else if (!ledger_.posted(id)) {
        violation(node, "stored a message nobody posted: " + to_hex(ByteView(id.data(), 6)));
    }
}

void Mesh::schedule_forgeries() {
    for (int i = 0; i < plan_.forgeries; ++i) {
        loop_.at(adversary_random_.between(0, plan_.heal_at - 1), [this] { plant_forgery(); });
    }
}

void Mesh::plant_forgery() {
    SimNode& adversary = *nodes_[plan_.topology.adversary];
    auto kind = static_cast<Forgery>(adversary_random_.below(kForgeryKinds));
    const Identity& victim =
        identities_[adversary_random_.below(static_cast<std::uint64_t>(honest()))];
    DecodedMessage forged =
        forge(kind, adversary.identity(), victim, serial_++, clock_.now_ms(), adversary_random_);
    ledger_.record_forged(forged.id);
    ++result_.forged;
    if (adversary.running()) adversary.plant(forged);
}

void Mesh::schedule_faults() {
    for (const Fault& fault : plan_.faults) {
        loop_.at(fault.at, [this, fault] { apply(fault); });
    }
    result_.faults = plan_.faults.size() / 2;
}

// Faults may overlap on one target: it is down while any of them lasts.
void Mesh::apply(const Fault& f) {
    auto link = [&]() -> Link& { return *network_.links()[static_cast<std::size_t>(f.target)]; };
    bool about_link = f.type != Fault::Type::crash && f.type != Fault::Type::restart;
    if (about_link && env_.trace) {
        static const char* const kChange[] = {"down", "up", "", "", "corrupting", "clean"};
        const char* change = kChange[static_cast<int>(f.type)];
        auto tell = [&](int node, int other) {
            env_.trace(node, "link to node " + std::to_string(other) + " " + change);
        };
        tell(link().a(), link().b());
        tell(link().b(), link().a());
    }
    switch (f.type) {
        case Fault::Type::link_down:
            if (link_outages_[f.target]++ == 0) link().set_up(false);
            break;
        case Fault::Type::link_up:
            if (--link_outages_[f.target] == 0) link().set_up(true);
            break;
        case Fault::Type::corrupt_on:
            if (link_corruptions_[f.target]++ == 0) link().set_corruption(true);
            break;
        case Fault::Type::corrupt_off:
            if (--link_corruptions_[f.target] == 0) link().set_corruption(false);
            break;
        case Fault::Type::crash:
            if (node_outages_[f.target]++ == 0) nodes_[f.target]->crash();
            break;
        case Fault::Type::restart:
            if (--node_outages_[f.target] == 0) start_node(f.target);
            break;
    }
}

void Mesh::heal() {
    for (const auto& link : network_.links()) {
        link->set_up(true);
        link->set_corruption(false);
    }
    for (int i = 0; i < static_cast<int>(nodes_.size()); ++i) start_node(i);
}

// Runs the loop in slices, watching the event budget and the real-time limit.
bool Mesh::run_until(SimTime until) {
    while (loop_.now() < until) {
        SimTime next = std::min(until, loop_.now() + kSlice);
        if (!loop_.run_until(next,
                             plan_.max_events - std::min(plan_.max_events, loop_.events_run()))) {
            violation(-1, "event budget of " + std::to_string(plan_.max_events) + " exhausted");
            return false;
        }
        std::chrono::duration<double> spent = std::chrono::steady_clock::now() - started_;
        if (options_.max_real_seconds > 0 && spent.count() > options_.max_real_seconds) {
            violation(-1, "real-time limit of " + std::to_string(options_.max_real_seconds) +
                              " s exceeded");
            return false;
        }
    }
    return true;
}

// With --verbose, one line per check: how far the mesh is from converged, and who lags.
bool Mesh::converged() {
    std::int64_t now = clock_.now_ms();
    int done = 0;
    int lagging = 0;
    std::uint64_t fewest = UINT64_MAX;
    std::vector<MessageId> live;
    sync::SetSummary expected;
    if (plan_.exact_convergence) {
        live = ledger_.live(now);
        expected = sync::summarize(live);
    }
    int judged = 0;
    for (int i = 0; i < honest(); ++i) {
        if (plan_.trust.on && !believes_root(i)) continue;  // it holds what it cannot judge
        ++judged;
        std::uint64_t held = 0;
        bool equal = false;
        if (plan_.exact_convergence) {
            std::vector<MessageId> ids = nodes_[i]->store().live_ids(now);
            held = ids.size();
            equal = sync::summarize(ids) == expected;
        } else {
            held = nodes_[i]->store().stats().message_count;
            equal = held == ledger_.valid_count();
        }
        if (equal) ++done;
        if (held < fewest) fewest = held, lagging = i;
    }
    if (options_.verbose) {
        std::printf("  heal+%.0f s: %d/%d nodes converged, fewest messages: %llu at %s\n",
                    static_cast<double>(loop_.now() - plan_.heal_at) / kSecond, done, judged,
                    static_cast<unsigned long long>(fewest), nodes_[lagging]->name().c_str());
    }
    return done == judged;
}

BoundInputs Mesh::bound_inputs() const {
    BoundInputs in;
    in.diameter = std::max(1, honest_diameter(plan_.topology));
    in.slowest_bytes_per_second = UINT64_MAX;
    for (const LinkPlan& l : plan_.topology.links) {
        in.slowest_rtt = std::max(in.slowest_rtt, 2 * (l.params.latency + l.params.jitter));
        in.slowest_bytes_per_second =
            std::min(in.slowest_bytes_per_second, l.params.bytes_per_second);
    }
    in.live_bytes = ledger_.live_bytes(clock_.now_ms());
    return in;
}

void Mesh::final_checks() {
    std::int64_t now = clock_.now_ms();
    std::vector<MessageId> live = ledger_.live(now);
    result_.live_at_end = live.size();
    sync::SetSummary expected = sync::summarize(live);
    int stride = plan_.full_store_checks < 0
                     ? 1
                     : std::max(1, honest() / std::max(1, plan_.full_store_checks));
    for (int i = 0; i < honest(); ++i) {
        Store& store = nodes_[i]->store();
        for (const std::string& problem : check_store(store, ledger_, i % stride == 0)) {
            violation(i, problem);
        }
        bool judges = !plan_.trust.on || believes_root(i);
        if (judges && result_.converged_after && live_summary(store, now) != expected) {
            violation(i, "converged by count but holds a different set of live messages");
        }
    }
    check_pictures();
}

// The picture is a function of the held set (docs/picture.md): each node's picture, kept up to
// date message by message since its last start, equals one rebuilt from its store now, and
// nodes holding the same messages have the same digest.
void Mesh::check_pictures() {
    std::map<std::string, std::pair<int, std::string>> digest_by_held_set;
    for (int i = 0; i < honest(); ++i) {
        SimNode& node = *nodes_[i];
        if (!node.running() || !node.picture()) continue;
        const picture::PictureEngine& kept = *node.picture();
        picture::PictureEngine rebuilt;
        picture::load_picture(rebuilt, node.store());
        if (kept.digest() != rebuilt.digest() || kept.message_count() != rebuilt.message_count()) {
            violation(i, "picture kept since start (" + std::to_string(kept.message_count()) +
                             " messages) differs from the picture of its store (" +
                             std::to_string(rebuilt.message_count()) + ")");
        }
        std::vector<MessageId> held;
        node.store().for_each_id([&](const MessageId& id) {
            held.push_back(id);
            return true;
        });
        std::sort(held.begin(), held.end());
        std::string set_key = to_hex(message_id_of(ByteView(
            reinterpret_cast<const std::uint8_t*>(held.data()), held.size() * sizeof(MessageId))));
        auto [it, first] = digest_by_held_set.try_emplace(set_key, i, kept.digest());
        ++result_.pictures_checked;
        if (!first && it->second.second != kept.digest()) {
            violation(i, "holds the same messages as " + nodes_[it->second.first]->name() +
                             " but its picture digest differs");
        }
    }
}

void Mesh::collect() {
    result_.nodes = static_cast<int>(nodes_.size());
    result_.links = static_cast<int>(network_.links().size());
    result_.adversary = plan_.topology.adversary >= 0;
    result_.events = loop_.events_run();
    result_.connections = network_.connections_opened();
    result_.corrupted = network_.corrupted_delivered();
    for (int i = 0; i < static_cast<int>(nodes_.size()); ++i) {
        result_.per_node.push_back(nodes_[i]->stats_with_open_sessions());
        result_.wire_bytes.push_back(network_.wire_bytes_sent(i));
        result_.names.push_back(nodes_[i]->name());
        if (nodes_[i]->running()) result_.store_bytes += nodes_[i]->store().stats().used_bytes;
    }
    if (plan_.trust.on) result_.trust_line = describe_trust();
    rusage usage{};
    if (::getrusage(RUSAGE_SELF, &usage) == 0)
        result_.peak_rss_kib = static_cast<std::uint64_t>(usage.ru_maxrss);
    for (const auto& link : network_.links()) {
        result_.packets_lost += link->packets_lost();
        const LinkParams& p = link->params();
        char line[160];
        std::snprintf(
            line, sizeof line,
            "%s - %s: %lld+%lld ms, %.2f Mbit/s, loss %.3f, dup %.3f, reorder %.3f",
            nodes_[link->a()]->name().c_str(), nodes_[link->b()]->name().c_str(),
            static_cast<long long>(p.latency / kMs), static_cast<long long>(p.jitter / kMs),
            static_cast<double>(p.bytes_per_second) / 125'000, p.loss, p.duplicate, p.reorder);
        result_.link_lines.push_back(line);
    }
    std::chrono::duration<double> spent = std::chrono::steady_clock::now() - started_;
    result_.real_seconds = spent.count();
}

RunResult Mesh::run() {
    build();
    schedule_trust();
    schedule_posts();
    schedule_forgeries();
    schedule_faults();
    result_.heal_at = plan_.heal_at;
    bool ok = run_until(plan_.heal_at);
    heal();
    BoundInputs bound = bound_inputs();
    result_.bound = convergence_bound(bound);
    result_.bound_text = explain_bound(bound);
    result_.diameter = bound.diameter;
    for (SimTime t = plan_.heal_at; ok; t += plan_.check_interval) {
        ok = run_until(t);
        if (ok && converged()) {
            result_.converged_after = t - plan_.heal_at;
            break;
        }
        if (ok && t >= plan_.heal_at + result_.bound) {
            violation(-1, "no convergence within the bound of " +
                              std::to_string(result_.bound / kSecond) + " s after the heal (" +
                              result_.bound_text + ")");
            break;
        }
    }
    final_checks();
    collect();
    return std::move(result_);
}

}  // namespace

std::string RunResult::fingerprint() const {
    std::string out = std::to_string(events) + "/" +
                      std::to_string(converged_after ? *converged_after : -1) + "/" +
                      std::to_string(violations.size()) + "/" + std::to_string(posted);
    for (std::size_t i = 0; i < per_node.size(); ++i) {
        const NodeStats& s = per_node[i];
        out += "|" + std::to_string(s.session_bytes_out) + "," +
               std::to_string(s.sessions_started) + "," + std::to_string(s.messages_received) +
               "," + std::to_string(wire_bytes[i]);
    }
    return out;
}

RunResult run(const RunOptions& options) {
    ensure_sodium();
    Plan plan = make_plan(options);
    RunDirectory dir(options.data_root.empty() ? RunDirectory::default_root() : options.data_root);
    Mesh mesh(options, std::move(plan), dir.path());
    return mesh.run();
}

}  // namespace baken::sim
