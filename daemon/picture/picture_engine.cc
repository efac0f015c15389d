// See picture_engine.h; the rules are in docs/picture.md.
#include "picture/picture_engine.h"

#include <sodium.h>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <algorithm>
#include <cstring>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "common/bytes.h"
#include "message/kind.h"
#include "picture/condition.h"
#include "picture/need_lifecycle.h"
#include "trust/authorisation.h"

namespace baken::picture {

std::vector<std::string> part_names(unsigned parts) {
    static constexpr std::pair<Part, const char*> kNames[] = {{kSupportPoints, "support_points"},
                                                              {kNeeds, "needs"},
                                                              {kMunicipalities, "municipalities"},
                                                              {kAnnouncements, "announcements"},
                                                              {kNodes, "nodes"}};
    std::vector<std::string> out;
    for (auto [part, name] : kNames)
        if (parts & part) out.emplace_back(name);
    return out;
}

namespace {

// Later wins: messages are ordered by their author's created time, then by id, so "the
// latest" is the same on every node whatever the arrival order.
using Order = std::pair<std::int64_t, MessageId>;

constexpr std::int64_t kStaleAfterMs = 6 * 3600 * 1000;

// What every fact keeps of the message that said it.
struct Fact {
    MessageId id{};
    std::string author;  // 32 raw bytes
    std::int64_t created_ms = 0;
    std::int64_t expires_ms = 0;
    v1::Precedence precedence = v1::PRECEDENCE_UNSPECIFIED;

    Order order() const { return {created_ms, id}; }
    bool live_at(std::int64_t now_ms) const { return expires_ms > now_ms; }
};

struct StatusFact {
    Fact fact;
    v1::SupportPointStatus status;
};
struct NeedFact {
    Fact fact;
    v1::Need need;
};
struct UpdateFact {
    Fact fact;
    v1::NeedUpdate update;
};
struct NeedEntity {
    std::optional<NeedFact> need;
    std::map<Order, UpdateFact> updates;
};
struct CellFact {
    Fact fact;
    v1::SitrepEntry entry;
    std::string area;
    v1::Phase phase = v1::PHASE_UNSPECIFIED;
};
// A sitrep cell: municipality, pillar, topic (trimmed, ASCII lower case).
using CellKey = std::tuple<std::string, int, std::string>;
// Within one sitrep a later entry for the same cell wins: the entry index breaks the tie.
using CellOrder = std::tuple<std::int64_t, MessageId, int>;

struct PhaseFact {
    v1::Phase phase = v1::PHASE_UNSPECIFIED;
    std::int64_t expires_ms = 0;
};

struct AnnouncementFact {
    Fact fact;
    v1::Announcement announcement;
};
struct NodeEntity {
    std::string fingerprint;             // computed once: every Source shows it
    std::map<Order, std::string> names;  // from node info
    std::map<Order, v1::Credential> credentials;
    std::set<Order> messages;
    int credentials_issued = 0;  // a region root: it signs credentials and holds none
};

// What to undo when a message leaves.
struct Held {
    Kind kind = Kind::KIND_NOT_SET;
    Order order;
    std::string author;
    std::string key;  // support point, need id bytes, or credential subject
    std::vector<CellKey> cells;
    std::string municipality;           // sitrep
    std::optional<MessageId> replaces;  // Message.supersedes, when it names a message
};

struct IdHash {
    std::size_t operator()(const MessageId& id) const {
        std::size_t h;
        std::memcpy(&h, id.data(), sizeof h);  // ids are uniform hashes
        return h;
    }
};

std::string id_bytes(const MessageId& id) {
    return std::string(reinterpret_cast<const char*>(id.data()), id.size());
}

std::string topic_key(std::string_view topic) {
    while (!topic.empty() && topic.front() == ' ') topic.remove_prefix(1);
    while (!topic.empty() && topic.back() == ' ') topic.remove_suffix(1);
    std::string out(topic);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

Fact fact_of(const DecodedMessage& m) {
    return {m.id, m.message.author(), m.message.created_ms(), m.message.expires_ms(),
            m.message.precedence()};
}

// The municipality a support point id belongs to: "GM0344-SP07" -> "GM0344".
std::string municipality_of_point(const std::string& point) {
    auto dash = point.find('-');
    return dash == std::string::npos ? point : point.substr(0, dash);
}

}  // namespace

struct PictureEngine::State {
    std::unordered_map<MessageId, Held, IdHash> held;
    // Messages replaced by a held message of their author (key: id bytes + author): as in the
    // store, a message its author replaced is not taken while the replacement is held.
    std::map<std::string, int> replaced;
    std::map<std::string, std::map<Order, StatusFact>> statuses;  // by support point
    std::map<std::string, NeedEntity> needs;                      // by need id bytes
    std::map<CellKey, std::map<CellOrder, CellFact>> cells;
    std::map<std::string, std::map<Order, PhaseFact>> phases;  // by municipality
    std::map<Order, AnnouncementFact> announcements;
    std::map<std::string, NodeEntity> nodes;  // by author bytes

    unsigned add(const DecodedMessage& m, Held& h);
    unsigned remove(const MessageId& id, const Held& h);
};

unsigned PictureEngine::State::add(const DecodedMessage& m, Held& h) {
    const v1::Body& body = m.message.body();
    Fact fact = fact_of(m);
    unsigned parts = kNodes;
    NodeEntity& node = nodes[h.author];
    if (node.fingerprint.empty() && h.author.size() == kPublicKeySize) {
        PublicKey key;
        std::copy(h.author.begin(), h.author.end(), key.begin());
        node.fingerprint = fingerprint(key);
    }
    node.messages.insert(h.order);
    switch (body.kind_case()) {
        case Kind::kSupportPointStatus:
            h.key = body.support_point_status().support_point();
            statuses[h.key].emplace(h.order, StatusFact{fact, body.support_point_status()});
            return parts | kSupportPoints;
        case Kind::kNeed:
            h.key = id_bytes(m.id);
            needs[h.key].need = NeedFact{fact, body.need()};
            return parts | kNeeds | kSupportPoints;
        case Kind::kNeedUpdate:
            h.key = body.need_update().need();
            needs[h.key].updates.emplace(h.order, UpdateFact{fact, body.need_update()});
            return parts | kNeeds | kSupportPoints;
        case Kind::kSitrep: {
            const v1::Sitrep& s = body.sitrep();
            h.municipality = s.municipality();
            phases[s.municipality()].emplace(h.order, PhaseFact{s.phase(), fact.expires_ms});
            for (int i = 0; i < s.entries_size(); ++i) {
                const v1::SitrepEntry& e = s.entries(i);
                CellKey key{s.municipality(), e.pillar(), topic_key(e.topic())};
                cells[key].emplace(CellOrder{fact.created_ms, fact.id, i},
                                   CellFact{fact, e, s.area(), s.phase()});
                h.cells.push_back(std::move(key));
            }
            return parts | kMunicipalities;
        }
        case Kind::kAnnouncement:
            announcements.emplace(h.order, AnnouncementFact{fact, body.announcement()});
            return parts | kAnnouncements;
        case Kind::kNodeInfo:
            nodes[h.author].names.emplace(h.order, body.node_info().name());
            return parts | kAllParts;  // names appear in every part's sources
        case Kind::kCredential:
            h.key = body.credential().subject();
            ++node.credentials_issued;
            nodes[h.key].credentials.emplace(h.order, body.credential());
            return parts | kAllParts;
        default:
            return parts;
    }
}

unsigned PictureEngine::State::remove(const MessageId& id, const Held& h) {
    auto node = nodes.find(h.author);
    if (node != nodes.end()) node->second.messages.erase(h.order);
    unsigned parts = kNodes;
    switch (h.kind) {
        case Kind::kSupportPointStatus: {
            auto it = statuses.find(h.key);
            if (it != statuses.end() && (it->second.erase(h.order), it->second.empty()))
                statuses.erase(it);
            parts |= kSupportPoints;
            break;
        }
        case Kind::kNeed: {
            auto it = needs.find(h.key);
            if (it != needs.end()) {
                it->second.need.reset();
                if (it->second.updates.empty()) needs.erase(it);
            }
            parts |= kNeeds | kSupportPoints;
            break;
        }
        case Kind::kNeedUpdate: {
            auto it = needs.find(h.key);
            if (it != needs.end()) {
                it->second.updates.erase(h.order);
                if (!it->second.need && it->second.updates.empty()) needs.erase(it);
            }
            parts |= kNeeds | kSupportPoints;
            break;
        }
        case Kind::kSitrep: {
            for (int i = 0; i < static_cast<int>(h.cells.size()); ++i) {
                auto it = cells.find(h.cells[i]);
                if (it == cells.end()) continue;
                it->second.erase(CellOrder{h.order.first, id, i});
                if (it->second.empty()) cells.erase(it);
            }
            auto p = phases.find(h.municipality);
            if (p != phases.end() && (p->second.erase(h.order), p->second.empty())) phases.erase(p);
            parts |= kMunicipalities;
            break;
        }
        case Kind::kAnnouncement:
            announcements.erase(h.order);
            parts |= kAnnouncements;
            break;
        case Kind::kNodeInfo:
            if (node != nodes.end()) node->second.names.erase(h.order);
            parts |= kAllParts;
            break;
        case Kind::kCredential: {
            if (node != nodes.end()) --node->second.credentials_issued;
            auto subject = nodes.find(h.key);
            if (subject != nodes.end()) subject->second.credentials.erase(h.order);
            parts |= kAllParts;
            break;
        }
        default:
            break;
    }
    for (const std::string& who : {h.author, h.key}) {
        auto it = nodes.find(who);
        if (it != nodes.end() && it->second.messages.empty() && it->second.names.empty() &&
            it->second.credentials.empty())
            nodes.erase(it);
    }
    return parts;
}

PictureEngine::PictureEngine() : state_(std::make_unique<State>()) {}
PictureEngine::~PictureEngine() = default;

unsigned PictureEngine::add(const DecodedMessage& m) {
    if (state_->held.contains(m.id)) return 0;
    if (state_->replaced.contains(id_bytes(m.id) + m.message.author())) return 0;
    unsigned parts = 0;
    Held h;
    // As the store does: the author's replacement withdraws what it replaces.
    const std::string& replaced = m.message.supersedes();
    if (replaced.size() == kMessageIdSize) {
        MessageId old{};
        std::copy(replaced.begin(), replaced.end(), old.begin());
        h.replaces = old;
        ++state_->replaced[id_bytes(old) + m.message.author()];
        auto it = state_->held.find(old);
        if (it != state_->held.end() && it->second.author == m.message.author())
            parts |= remove(old);
    }
    h.kind = m.message.body().kind_case();
    h.order = {m.message.created_ms(), m.id};
    h.author = m.message.author();
    parts |= state_->add(m, h);
    state_->held.emplace(m.id, std::move(h));
    digest_.reset();
    return parts;
}

unsigned PictureEngine::remove(const MessageId& id) {
    auto it = state_->held.find(id);
    if (it == state_->held.end()) return 0;
    Held h = std::move(it->second);
    state_->held.erase(it);
    if (h.replaces) {
        auto claim = state_->replaced.find(id_bytes(*h.replaces) + h.author);
        if (claim != state_->replaced.end() && --claim->second == 0) state_->replaced.erase(claim);
    }
    digest_.reset();
    return state_->remove(id, h);
}

void PictureEngine::clear() {
    state_ = std::make_unique<State>();
    digest_.reset();
}

std::uint64_t PictureEngine::message_count() const {
    return state_->held.size();
}

// ---- Views ----------------------------------------------------------------------------------

namespace {

// Builds the views. `timed` false gives the time-free picture the digest is taken over: no
// ages, nothing hidden for having expired, no states that depend on the clock.
struct ViewBuilder {
    const PictureEngine::State& s;
    const PictureFilter& filter;
    std::int64_t now_ms;
    bool timed;

    bool live(const Fact& f) const { return !timed || f.live_at(now_ms); }

    std::string author_name(const std::string& author) const {
        auto it = s.nodes.find(author);
        if (it == s.nodes.end()) return {};
        if (!it->second.names.empty()) return it->second.names.rbegin()->second;
        if (!it->second.credentials.empty())
            return it->second.credentials.rbegin()->second.subject_name();
        return {};
    }

    void source(const Fact& f, v1::Source& out) const {
        out.set_message_id(to_hex(f.id));
        auto node = s.nodes.find(f.author);  // every author of a held message has an entry
        if (node != s.nodes.end()) out.set_author_fingerprint(node->second.fingerprint);
        out.set_author_name(author_name(f.author));
        out.set_created_ms(f.created_ms);
        out.set_precedence(f.precedence);
        if (timed) out.set_age_s(std::max<std::int64_t>(0, (now_ms - f.created_ms) / 1000));
    }

    bool point_wanted(const std::string& point, const std::string& municipality) const {
        if (!filter.support_point.empty()) return point == filter.support_point;
        if (!filter.municipality.empty())
            return municipality == filter.municipality ||
                   municipality_of_point(point) == filter.municipality;
        return true;
    }

    // The latest status replaces the earlier ones whole: when it has expired the point's
    // status is unknown, rather than an older one coming back.
    const StatusFact* latest_status(const std::string& point) const {
        auto it = s.statuses.find(point);
        if (it == s.statuses.end()) return nullptr;
        const StatusFact& latest = it->second.rbegin()->second;
        return live(latest.fact) ? &latest : nullptr;
    }

    std::optional<v1::NeedView> need_view(const std::string& key, const NeedEntity& e) const {
        if (!e.need || !live(e.need->fact)) return std::nullopt;
        const v1::Need& n = e.need->need;
        if (!point_wanted(n.support_point(), n.municipality())) return std::nullopt;
        std::vector<NeedUpdateInput> inputs;
        for (const auto& [order, u] : e.updates) inputs.push_back({u.fact.created_ms, &u.update});
        NeedLifecycle life = need_lifecycle(n.municipality(), inputs);
        if (!filter.closed_needs && need_state_is_final(life.state)) return std::nullopt;
        v1::NeedView v;
        v.set_need_id(to_hex(as_bytes(key)));
        v.set_support_point(n.support_point());
        if (const StatusFact* st = latest_status(n.support_point()))
            v.set_support_point_name(st->status.name());
        v.set_municipality(n.municipality());
        v.set_category(n.category());
        v.set_quantity(n.quantity());
        v.set_unit(n.unit());
        v.set_urgency(n.urgency());
        v.set_text(n.text());
        v.set_has_restricted(n.has_restricted());
        source(e.need->fact, *v.mutable_source());
        v.set_state(life.state);
        v.set_state_since_ms(life.state_since_ms ? life.state_since_ms : e.need->fact.created_ms);
        v.set_note(life.note);
        v.set_assigned_to(life.assigned_to);
        std::size_t i = 0;
        for (const auto& [order, u] : e.updates) {
            v1::NeedUpdateView* uv = v.add_updates();
            uv->set_message_id(to_hex(u.fact.id));
            uv->set_state(u.update.state());
            uv->set_note(u.update.note());
            uv->set_assigned_to(u.update.assigned_to());
            source(u.fact, *uv->mutable_source());
            uv->set_counted(life.counted[i++]);
        }
        return v;
    }

    static int urgency_rank(v1::Urgency u) { return u == v1::URGENCY_UNSPECIFIED ? 99 : u; }

    void needs(v1::Picture& out) const {
        std::vector<v1::NeedView> views;
        for (const auto& [key, e] : s.needs)
            if (auto v = need_view(key, e)) views.push_back(std::move(*v));
        // Sort keys once, not per comparison: the id (a tie-breaker) is the raw key's order.
        using Rank = std::tuple<bool, int, int, std::int64_t, std::size_t>;
        std::vector<Rank> ranks;
        ranks.reserve(views.size());
        for (std::size_t i = 0; i < views.size(); ++i) {
            const v1::NeedView& v = views[i];
            ranks.emplace_back(need_state_is_final(v.state()), urgency_rank(v.urgency()),
                               precedence_rank(v.source().precedence()), v.source().created_ms(),
                               i);
        }
        std::sort(ranks.begin(), ranks.end());
        out.mutable_needs()->Reserve(static_cast<int>(views.size()));
        for (const Rank& r : ranks) *out.add_needs() = std::move(views[std::get<4>(r)]);
    }

    void support_points(const v1::Picture& with_needs, v1::Picture& out) const {
        std::map<std::string, v1::SupportPointView> points;
        for (const auto& [point, facts] : s.statuses) {
            const StatusFact* st = latest_status(point);
            if (!st || !point_wanted(point, st->status.municipality())) continue;
            v1::SupportPointView& v = points[point];
            v.set_support_point(point);
            v.set_municipality(st->status.municipality());
            v.set_name(st->status.name());
            *v.mutable_status() = st->status;
            source(st->fact, *v.mutable_source());
            v.set_condition(condition_of(&st->status));
            if (timed) v.set_stale(now_ms - st->fact.created_ms > kStaleAfterMs);
        }
        for (const v1::NeedView& n : with_needs.needs()) {
            v1::SupportPointView& v = points[n.support_point()];
            if (v.support_point().empty()) {  // a point known only by its needs
                v.set_support_point(n.support_point());
                v.set_municipality(n.municipality());
                v.set_condition(v1::CONDITION_UNKNOWN);
            }
            if (!need_state_is_final(n.state())) v.set_open_needs(v.open_needs() + 1);
        }
        for (auto& [point, v] : points) *out.add_support_points() = std::move(v);
    }

    void municipalities(v1::Picture& out) const {
        std::map<std::string, v1::MunicipalityView> views;
        for (const auto& [key, facts] : s.cells) {
            const std::string& municipality = std::get<0>(key);
            if (!filter.municipality.empty() && municipality != filter.municipality) continue;
            if (!filter.support_point.empty() &&
                municipality != municipality_of_point(filter.support_point))
                continue;
            const CellFact* latest = nullptr;
            for (auto f = facts.rbegin(); f != facts.rend() && !latest; ++f)
                if (live(f->second.fact)) latest = &f->second;
            if (!latest) continue;
            v1::MunicipalityView& v = views[municipality];
            v.set_municipality(municipality);
            v1::SitrepCell* cell = v.add_cells();
            cell->set_pillar(latest->entry.pillar());
            cell->set_topic(latest->entry.topic());
            cell->set_severity(latest->entry.severity());
            cell->set_text(latest->entry.text());
            *cell->mutable_counts() = latest->entry.counts();
            cell->set_area(latest->area);
            cell->set_phase(latest->phase);
            source(latest->fact, *cell->mutable_source());
        }
        for (auto& [municipality, v] : views) {
            v.set_phase(phase_of(municipality));
            *out.add_municipalities() = std::move(v);
        }
    }

    // The phase of the municipality's latest sitrep that is still live.
    v1::Phase phase_of(const std::string& municipality) const {
        auto p = s.phases.find(municipality);
        if (p == s.phases.end()) return v1::PHASE_UNSPECIFIED;
        for (auto it = p->second.rbegin(); it != p->second.rend(); ++it) {
            const auto& [order, phase] = *it;
            if (!timed || phase.expires_ms > now_ms) return phase.phase;
        }
        return v1::PHASE_UNSPECIFIED;
    }

    bool audience_wanted(const std::string& area) const {
        std::string municipality = filter.municipality;
        if (!filter.support_point.empty()) {
            if (area == filter.support_point) return true;
            municipality = municipality_of_point(filter.support_point);
        }
        if (municipality.empty()) return true;
        // A region-wide announcement reaches every municipality in it; the node has no table
        // of which municipality lies in which region, so it shows them all (docs/picture.md).
        return area == municipality || trust::scope_level(area) == trust::ScopeLevel::region ||
               (filter.support_point.empty() && municipality_of_point(area) == municipality);
    }

    void announcements(v1::Picture& out) const {
        for (auto it = s.announcements.rbegin(); it != s.announcements.rend(); ++it) {
            const AnnouncementFact& a = it->second;
            if (!audience_wanted(a.announcement.audience_area())) continue;
            std::int64_t effective = a.announcement.effective_ms() > 0
                                         ? a.announcement.effective_ms()
                                         : a.fact.created_ms;
            std::int64_t expires = a.announcement.expires_ms() > 0
                                       ? std::min(a.announcement.expires_ms(), a.fact.expires_ms)
                                       : a.fact.expires_ms;
            v1::AnnouncementState state = v1::ANNOUNCEMENT_STATE_UNSPECIFIED;
            if (timed) {
                if (expires <= now_ms) continue;  // gone from the picture
                state = effective > now_ms ? v1::ANNOUNCEMENT_PENDING : v1::ANNOUNCEMENT_ACTIVE;
            }
            v1::AnnouncementView* v = out.add_announcements();
            v->set_message_id(to_hex(a.fact.id));
            *v->mutable_announcement() = a.announcement;
            source(a.fact, *v->mutable_source());
            v->set_effective_ms(effective);
            v->set_expires_ms(expires);
            v->set_state(state);
        }
        // Active first, then pending; newest first within each (the loop's order).
        std::stable_sort(out.mutable_announcements()->begin(), out.mutable_announcements()->end(),
                         [](const v1::AnnouncementView& a, const v1::AnnouncementView& b) {
                             return a.state() < b.state();
                         });
    }

    void nodes(v1::Picture& out) const {
        std::map<std::string, v1::NodeView> views;  // by fingerprint
        for (const auto& [author, e] : s.nodes) {
            if (author.size() != kPublicKeySize) continue;
            PublicKey key;
            std::copy(author.begin(), author.end(), key.begin());
            v1::NodeView v;
            v.set_public_key(to_hex(key));
            v.set_fingerprint(fingerprint(key));
            v.set_name(author_name(author));
            if (!e.credentials.empty()) {
                const v1::Credential& c = e.credentials.rbegin()->second;
                v.set_role(std::string(trust::role_name(c.role())));
                v.set_scope(c.scope());
            } else if (e.credentials_issued > 0) {
                v.set_role("region-root");
            }
            if (!e.messages.empty()) {
                v.set_last_message_ms(e.messages.rbegin()->first);
                v.set_messages(e.messages.size());
                if (timed)
                    v.set_silent_s(
                        std::max<std::int64_t>(0, (now_ms - v.last_message_ms()) / 1000));
            }
            views.emplace(v.fingerprint(), std::move(v));
        }
        for (auto& [fp, v] : views) *out.add_nodes() = std::move(v);
    }

    v1::Picture build() const {
        v1::Picture out;
        if (timed) out.set_as_of_ms(now_ms);
        out.set_message_count(s.held.size());
        // Support points count open needs, so needs are built first when either is asked for.
        v1::Picture with_needs;
        if (filter.parts & (kNeeds | kSupportPoints)) needs(with_needs);
        if (filter.parts & kSupportPoints) support_points(with_needs, out);
        if (filter.parts & kNeeds) out.mutable_needs()->Swap(with_needs.mutable_needs());
        if (filter.parts & kMunicipalities) municipalities(out);
        if (filter.parts & kAnnouncements) announcements(out);
        if (filter.parts & kNodes) nodes(out);
        return out;
    }
};

}  // namespace

v1::Picture PictureEngine::view(std::int64_t now_ms, const PictureFilter& filter) const {
    v1::Picture p = ViewBuilder{*state_, filter, now_ms, true}.build();
    // A pass over everything: only for the whole picture (the parts are what a page re-reads
    // on every change).
    const bool whole = filter.parts == kAllParts && filter.municipality.empty() &&
                       filter.support_point.empty() && filter.closed_needs;
    if (whole) p.set_digest(digest());
    return p;
}

std::string PictureEngine::digest() const {
    if (digest_) return *digest_;
    PictureFilter everything;
    v1::Picture p = ViewBuilder{*state_, everything, 0, false}.build();
    std::string bytes;
    {
        google::protobuf::io::StringOutputStream stream(&bytes);
        google::protobuf::io::CodedOutputStream coded(&stream);
        coded.SetSerializationDeterministic(true);
        p.SerializeToCodedStream(&coded);
    }
    std::array<std::uint8_t, 32> hash{};
    crypto_generichash(hash.data(), hash.size(),
                       reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), nullptr,
                       0);
    digest_ = to_hex(hash);
    return *digest_;
}

}  // namespace baken::picture
