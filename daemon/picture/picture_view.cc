// PictureEngine::view and ::digest: the picture built from the engine's index (picture_state.h),
// reading the bodies of the messages it shows. Rules in docs/picture.md.
#include <sodium.h>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <algorithm>
#include <unordered_map>

#include "common/bytes.h"
#include "picture/condition.h"
#include "picture/need_lifecycle.h"
#include "picture/picture_engine.h"
#include "picture/picture_state.h"
#include "trust/authorisation.h"

namespace baken::picture {
namespace {

constexpr std::int64_t kStaleAfterMs = 6 * 3600 * 1000;

// The municipality a support point id belongs to: "GM0344-SP07" -> "GM0344".
std::string municipality_of_point(const std::string& point) {
    auto dash = point.find('-');
    return dash == std::string::npos ? point : point.substr(0, dash);
}

struct LatestStatus {
    MessageId id{};
    v1::SupportPointStatus status;
};

// Builds the views. `timed` false gives the time-free picture the digest is taken over: no
// ages, nothing hidden for having expired, no states that depend on the clock.
struct ViewBuilder {
    const PictureEngine::State& s;
    const PictureFilter& filter;
    std::int64_t now_ms;
    bool timed;
    // A point's latest status is read once per view, not once per need at that point.
    std::unordered_map<std::string, std::optional<LatestStatus>> status_cache = {};

    const Held* held(const MessageId& id) const {
        auto it = s.held.find(id);
        return it == s.held.end() ? nullptr : &it->second;
    }
    bool live(const Held& h) const { return !timed || h.live_at(now_ms); }

    std::string author_name(const std::string& author) const {
        auto it = s.nodes.find(author);
        if (it == s.nodes.end()) return {};
        if (!it->second.names.empty()) return it->second.names.rbegin()->second;
        if (!it->second.credentials.empty())
            return it->second.credentials.rbegin()->second.subject_name();
        return {};
    }

    void source(const MessageId& id, const Held& h, v1::Source& out) const {
        out.set_message_id(to_hex(id));
        auto node = s.nodes.find(*h.author);  // every author of a held message has an entry
        if (node != s.nodes.end()) out.set_author_fingerprint(node->second.fingerprint);
        out.set_author_name(author_name(*h.author));
        out.set_created_ms(h.created_ms);
        out.set_precedence(h.precedence);
        if (timed) out.set_age_s(std::max<std::int64_t>(0, (now_ms - h.created_ms) / 1000));
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
    const LatestStatus* latest_status(const std::string& point) {
        auto cached = status_cache.find(point);
        if (cached == status_cache.end())
            cached = status_cache.emplace(point, read_latest_status(point)).first;
        return cached->second ? &*cached->second : nullptr;
    }
    std::optional<LatestStatus> read_latest_status(const std::string& point) const {
        auto it = s.statuses.find(point);
        if (it == s.statuses.end()) return std::nullopt;
        const MessageId& id = it->second.rbegin()->second;
        const Held* h = held(id);
        if (!h || !live(*h)) return std::nullopt;
        auto body = s.body(id);
        if (!body || !body->has_support_point_status()) return std::nullopt;
        return LatestStatus{id, std::move(*body->mutable_support_point_status())};
    }

    std::optional<v1::NeedView> need_view(const std::string& key, const NeedEntity& e) {
        if (!e.need || !point_wanted(e.support_point, e.municipality)) return std::nullopt;
        const MessageId& need_id = e.need->second;
        const Held* nh = held(need_id);
        if (!nh || !live(*nh)) return std::nullopt;
        auto need_body = s.body(need_id);
        if (!need_body || !need_body->has_need()) return std::nullopt;
        const v1::Need& n = need_body->need();
        struct Update {
            MessageId id;
            const Held* held;
            v1::NeedUpdate update;
        };
        std::vector<Update> updates;
        updates.reserve(e.updates.size());
        for (const auto& [created, id] : e.updates) {
            const Held* uh = held(id);
            auto body = s.body(id);
            if (uh && body && body->has_need_update())
                updates.push_back({id, uh, std::move(*body->mutable_need_update())});
        }
        std::vector<NeedUpdateInput> inputs;
        inputs.reserve(updates.size());
        for (const Update& u : updates) inputs.push_back({u.held->created_ms, &u.update});
        NeedLifecycle life = need_lifecycle(n.municipality(), inputs);
        if (!filter.closed_needs && need_state_is_final(life.state)) return std::nullopt;
        v1::NeedView v;
        v.set_need_id(to_hex(as_bytes(key)));
        v.set_support_point(n.support_point());
        if (const LatestStatus* st = latest_status(n.support_point()))
            v.set_support_point_name(st->status.name());
        v.set_municipality(n.municipality());
        v.set_category(n.category());
        v.set_quantity(n.quantity());
        v.set_unit(n.unit());
        v.set_urgency(n.urgency());
        v.set_text(n.text());
        v.set_has_restricted(n.has_restricted());
        source(need_id, *nh, *v.mutable_source());
        v.set_state(life.state);
        v.set_state_since_ms(life.state_since_ms ? life.state_since_ms : nh->created_ms);
        v.set_note(life.note);
        v.set_assigned_to(life.assigned_to);
        for (std::size_t i = 0; i < updates.size(); ++i) {
            const Update& u = updates[i];
            v1::NeedUpdateView* uv = v.add_updates();
            uv->set_message_id(to_hex(u.id));
            uv->set_state(u.update.state());
            uv->set_note(u.update.note());
            uv->set_assigned_to(u.update.assigned_to());
            source(u.id, *u.held, *uv->mutable_source());
            uv->set_counted(life.counted[i]);
        }
        return v;
    }

    static int urgency_rank(v1::Urgency u) { return u == v1::URGENCY_UNSPECIFIED ? 99 : u; }

    void needs(v1::Picture& out) {
        // In key order, so that needs that rank the same keep one order on every node.
        std::vector<const std::pair<const std::string, NeedEntity>*> entities;
        for (const auto& entry : s.needs)
            if (point_wanted(entry.second.support_point, entry.second.municipality))
                entities.push_back(&entry);
        std::sort(entities.begin(), entities.end(),
                  [](const auto* a, const auto* b) { return a->first < b->first; });
        std::vector<v1::NeedView> views;
        for (const auto* entry : entities)
            if (auto v = need_view(entry->first, entry->second)) views.push_back(std::move(*v));
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

    void support_points(const v1::Picture& with_needs, v1::Picture& out) {
        std::map<std::string, v1::SupportPointView> points;
        for (const auto& [point, orders] : s.statuses) {
            // Known from the key alone: no need to read this point's status.
            if (!filter.support_point.empty() && point != filter.support_point) continue;
            const LatestStatus* st = latest_status(point);
            if (!st || !point_wanted(point, st->status.municipality())) continue;
            const Held* h = held(st->id);
            if (!h) continue;
            v1::SupportPointView& v = points[point];
            v.set_support_point(point);
            v.set_municipality(st->status.municipality());
            v.set_name(st->status.name());
            *v.mutable_status() = st->status;
            source(st->id, *h, *v.mutable_source());
            v.set_condition(condition_of(&st->status));
            if (timed) v.set_stale(now_ms - h->created_ms > kStaleAfterMs);
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

    bool municipality_wanted(const std::string& municipality) const {
        if (!filter.municipality.empty() && municipality != filter.municipality) return false;
        return filter.support_point.empty() ||
               municipality == municipality_of_point(filter.support_point);
    }

    void municipalities(v1::Picture& out) const {
        std::map<std::string, v1::MunicipalityView> views;
        for (const auto& [key, orders] : s.cells) {
            const std::string& municipality = std::get<0>(key);
            if (!municipality_wanted(municipality)) continue;
            for (auto o = orders.rbegin(); o != orders.rend(); ++o) {
                const auto& [created, id, entry] = *o;
                const Held* h = held(id);
                if (!h || !live(*h)) continue;
                auto body = s.body(id);
                if (!body || !body->has_sitrep() || entry >= body->sitrep().entries_size())
                    continue;
                const v1::SitrepEntry& e = body->sitrep().entries(entry);
                v1::MunicipalityView& v = views[municipality];
                v.set_municipality(municipality);
                v1::SitrepCell* cell = v.add_cells();
                cell->set_pillar(e.pillar());
                cell->set_topic(e.topic());
                cell->set_severity(e.severity());
                cell->set_text(e.text());
                *cell->mutable_counts() = e.counts();
                cell->set_area(body->sitrep().area());
                cell->set_phase(h->phase);
                source(id, *h, *cell->mutable_source());
                break;
            }
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
            const Held* h = held(it->second);
            if (h && live(*h)) return h->phase;
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
            const MessageId& id = it->second;
            const Held* h = held(id);
            if (!h) continue;
            // Gone from the picture once the message expires, whatever it says: no body needed.
            if (timed && !h->live_at(now_ms)) continue;
            auto body = s.body(id);
            if (!body || !body->has_announcement()) continue;
            const v1::Announcement& a = body->announcement();
            if (!audience_wanted(a.audience_area())) continue;
            std::int64_t effective = a.effective_ms() > 0 ? a.effective_ms() : h->created_ms;
            std::int64_t expires =
                a.expires_ms() > 0 ? std::min(a.expires_ms(), h->expires_ms) : h->expires_ms;
            v1::AnnouncementState state = v1::ANNOUNCEMENT_STATE_UNSPECIFIED;
            if (timed) {
                if (expires <= now_ms) continue;  // gone from the picture
                state = effective > now_ms ? v1::ANNOUNCEMENT_PENDING : v1::ANNOUNCEMENT_ACTIVE;
            }
            v1::AnnouncementView* v = out.add_announcements();
            v->set_message_id(to_hex(id));
            *v->mutable_announcement() = a;
            source(id, *h, *v->mutable_source());
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

    // Each author's latest message, where the engine no longer knows it (NodeEntity): one pass
    // over the held messages, rather than a sorted set per author for a figure only this part
    // shows. Empty when every author's is known.
    std::unordered_map<const std::string*, std::int64_t> unknown_last_messages() const {
        std::unordered_map<const std::string*, std::int64_t> last;
        bool any_unknown = false;
        for (const auto& [author, e] : s.nodes) any_unknown = any_unknown || !e.last_known;
        if (!any_unknown) return last;
        for (const auto& [id, h] : s.held) {
            std::int64_t& t = last.try_emplace(h.author, h.created_ms).first->second;
            t = std::max(t, h.created_ms);
        }
        return last;
    }

    void nodes(v1::Picture& out) const {
        const auto scanned = unknown_last_messages();
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
            if (!e.last_known) {
                if (auto t = scanned.find(&author); t != scanned.end())
                    e.last_created_ms = t->second;
                e.last_known = true;
            }
            if (e.messages > 0) {
                v.set_last_message_ms(e.last_created_ms);
                v.set_messages(e.messages);
                if (timed)
                    v.set_silent_s(
                        std::max<std::int64_t>(0, (now_ms - v.last_message_ms()) / 1000));
            }
            views.emplace(v.fingerprint(), std::move(v));
        }
        for (auto& [fp, v] : views) *out.add_nodes() = std::move(v);
    }

    v1::Picture build() {
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
