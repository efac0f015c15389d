// See picture_engine.h; the rules are in docs/picture.md, the views in picture_view.cc.
#include "picture/picture_engine.h"

#include <algorithm>
#include <cstring>

#include "common/bytes.h"
#include "message/envelope_codec.h"
#include "picture/picture_state.h"

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

std::string topic_key(std::string_view topic) {
    while (!topic.empty() && topic.front() == ' ') topic.remove_prefix(1);
    while (!topic.empty() && topic.back() == ' ') topic.remove_suffix(1);
    std::string out(topic);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string id_bytes(const MessageId& id) {
    return std::string(reinterpret_cast<const char*>(id.data()), id.size());
}

// Removes `order` from the set under `key`, and the key when its set is left empty.
template <typename Map, typename Key, typename Value>
void erase_from(Map& map, const Key& key, const Value& order) {
    auto it = map.find(key);
    if (it != map.end() && (it->second.erase(order), it->second.empty())) map.erase(it);
}

}  // namespace

unsigned PictureEngine::State::add(const DecodedMessage& m, Held& h) {
    const v1::Body& body = m.message.body();
    const Order order{h.created_ms, m.id};
    auto node_it = nodes.try_emplace(m.message.author()).first;
    h.author = &node_it->first;
    NodeEntity& node = node_it->second;
    // Also for an entry a credential made for its subject, which had no fingerprint yet.
    if (node.fingerprint.empty() && h.author->size() == kPublicKeySize) {
        PublicKey key;
        std::copy(h.author->begin(), h.author->end(), key.begin());
        node.fingerprint = fingerprint(key);
    }
    if (node.messages++ == 0) {
        node.last_created_ms = h.created_ms;
        node.last_known = true;
    } else {
        node.last_created_ms = std::max(node.last_created_ms, h.created_ms);
    }
    unsigned parts = kNodes;
    switch (body.kind_case()) {
        case Kind::kSupportPointStatus: {
            auto it = statuses.try_emplace(body.support_point_status().support_point()).first;
            h.key = &it->first;
            it->second.insert(order);
            return parts | kSupportPoints;
        }
        case Kind::kNeed: {
            auto it = needs.try_emplace(id_bytes(m.id)).first;
            h.key = &it->first;
            it->second.need = order;
            it->second.support_point = body.need().support_point();
            it->second.municipality = body.need().municipality();
            return parts | kNeeds | kSupportPoints;
        }
        case Kind::kNeedUpdate: {
            auto it = needs.try_emplace(body.need_update().need()).first;
            h.key = &it->first;
            it->second.updates.insert(order);
            return parts | kNeeds | kSupportPoints;
        }
        case Kind::kSitrep:
            h.phase = body.sitrep().phase();
            add_sitrep(m.id, body.sitrep(), h.created_ms);
            return parts | kMunicipalities;
        case Kind::kAnnouncement:
            announcements.insert(order);
            return parts | kAnnouncements;
        case Kind::kNodeInfo:
            node.names.emplace(order, body.node_info().name());
            return parts | kAllParts;  // names appear in every part's sources
        case Kind::kCredential: {
            ++node.credentials_issued;
            auto subject = nodes.try_emplace(body.credential().subject()).first;
            h.key = &subject->first;
            subject->second.credentials.emplace(order, body.credential());
            return parts | kAllParts;
        }
        default:
            return parts;
    }
}

void PictureEngine::State::add_sitrep(const MessageId& id, const v1::Sitrep& s,
                                      std::int64_t created_ms) {
    HeldSitrep held_sitrep;
    auto phase = phases.try_emplace(s.municipality()).first;
    phase->second.emplace(created_ms, id);
    held_sitrep.municipality = &phase->first;
    held_sitrep.cells.reserve(static_cast<std::size_t>(s.entries_size()));
    for (int i = 0; i < s.entries_size(); ++i) {
        const v1::SitrepEntry& e = s.entries(i);
        auto cell =
            cells.try_emplace(CellKey{s.municipality(), e.pillar(), topic_key(e.topic())}).first;
        cell->second.emplace(created_ms, id, i);
        held_sitrep.cells.push_back(&cell->first);
    }
    sitreps.emplace(id, std::move(held_sitrep));
}

void PictureEngine::State::remove_sitrep(const MessageId& id, std::int64_t created_ms) {
    auto it = sitreps.find(id);
    if (it == sitreps.end()) return;
    const HeldSitrep& h = it->second;
    for (int i = 0; i < static_cast<int>(h.cells.size()); ++i) {
        const CellKey key = *h.cells[static_cast<std::size_t>(i)];  // the entry may go
        erase_from(cells, key, CellOrder{created_ms, id, i});
    }
    const std::string municipality = *h.municipality;
    erase_from(phases, municipality, Order{created_ms, id});
    sitreps.erase(it);
}

unsigned PictureEngine::State::remove(const MessageId& id, const Held& h) {
    const Order order{h.created_ms, id};
    // Copies: the map entries these point into may go below.
    const std::string author = *h.author;
    const std::string key = h.key ? *h.key : std::string();
    auto node = nodes.find(author);
    if (node != nodes.end()) {
        NodeEntity& n = node->second;
        --n.messages;
        if (n.messages > 0 && h.created_ms >= n.last_created_ms) n.last_known = false;
    }
    unsigned parts = kNodes;
    switch (h.kind) {
        case Kind::kSupportPointStatus:
            erase_from(statuses, key, order);
            parts |= kSupportPoints;
            break;
        case Kind::kNeed:
        case Kind::kNeedUpdate: {
            auto it = needs.find(key);
            if (it != needs.end()) {
                if (h.kind == Kind::kNeed)
                    it->second.need.reset();
                else
                    it->second.updates.erase(order);
                if (!it->second.need && it->second.updates.empty()) needs.erase(it);
            }
            parts |= kNeeds | kSupportPoints;
            break;
        }
        case Kind::kSitrep:
            remove_sitrep(id, h.created_ms);
            parts |= kMunicipalities;
            break;
        case Kind::kAnnouncement:
            announcements.erase(order);
            parts |= kAnnouncements;
            break;
        case Kind::kNodeInfo:
            if (node != nodes.end()) node->second.names.erase(order);
            parts |= kAllParts;
            break;
        case Kind::kCredential: {
            if (node != nodes.end()) --node->second.credentials_issued;
            auto subject = nodes.find(key);
            if (subject != nodes.end()) subject->second.credentials.erase(order);
            parts |= kAllParts;
            break;
        }
        default:
            break;
    }
    for (const std::string& who : {author, key}) {
        auto it = nodes.find(who);
        if (it != nodes.end() && it->second.messages == 0 && it->second.names.empty() &&
            it->second.credentials.empty())
            nodes.erase(it);
    }
    return parts;
}

std::optional<v1::Body> PictureEngine::State::body(const MessageId& id) const {
    if (bodies) return bodies(id);
    auto it = kept_envelopes.find(id);
    if (it == kept_envelopes.end()) return std::nullopt;
    auto decoded = decode_envelope(as_bytes(it->second));
    if (!decoded) return std::nullopt;
    return std::move(*decoded->message.mutable_body());
}

PictureEngine::PictureEngine() : state_(std::make_unique<State>()) {}
PictureEngine::PictureEngine(BodyReader bodies) : state_(std::make_unique<State>()) {
    state_->bodies = std::move(bodies);
}
PictureEngine::~PictureEngine() = default;

unsigned PictureEngine::add(const DecodedMessage& m) {
    if (state_->held.contains(m.id)) return 0;
    if (!state_->replaced.empty() && state_->replaced.contains(id_bytes(m.id) + m.message.author()))
        return 0;
    unsigned parts = 0;
    // As the store does: the author's replacement withdraws what it replaces.
    const std::string& replaced = m.message.supersedes();
    if (replaced.size() == kMessageIdSize) {
        MessageId old{};
        std::copy(replaced.begin(), replaced.end(), old.begin());
        state_->replaces.emplace(m.id, old);
        ++state_->replaced[id_bytes(old) + m.message.author()];
        auto it = state_->held.find(old);
        if (it != state_->held.end() && *it->second.author == m.message.author())
            parts |= remove(old);
    }
    Held h;
    h.kind = m.message.body().kind_case();
    h.created_ms = m.message.created_ms();
    h.expires_ms = m.message.expires_ms();
    h.precedence = m.message.precedence();
    parts |= state_->add(m, h);
    state_->held.emplace(m.id, h);
    if (!state_->bodies) state_->kept_envelopes.emplace(m.id, m.envelope_bytes);
    digest_.reset();
    return parts;
}

unsigned PictureEngine::remove(const MessageId& id) {
    auto it = state_->held.find(id);
    if (it == state_->held.end()) return 0;
    const Held h = it->second;
    state_->held.erase(it);
    state_->kept_envelopes.erase(id);
    if (auto r = state_->replaces.find(id); r != state_->replaces.end()) {
        auto claim = state_->replaced.find(id_bytes(r->second) + *h.author);
        if (claim != state_->replaced.end() && --claim->second == 0) state_->replaced.erase(claim);
        state_->replaces.erase(r);
    }
    digest_.reset();
    return state_->remove(id, h);
}

void PictureEngine::reserve(std::size_t messages) {
    state_->held.reserve(messages);
}

void PictureEngine::clear() {
    BodyReader bodies = std::move(state_->bodies);
    state_ = std::make_unique<State>();
    state_->bodies = std::move(bodies);
    digest_.reset();
}

std::uint64_t PictureEngine::message_count() const {
    return state_->held.size();
}

}  // namespace baken::picture
