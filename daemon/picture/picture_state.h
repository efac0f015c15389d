// What a PictureEngine keeps in memory (private to picture_engine.cc and picture_view.cc).
//
// An index, not a copy of the messages: per held message a small Held record, and per entity
// (support point, need, sitrep cell, municipality, node) the ordered keys of the messages that
// speak about it. Bodies stay where they are stored; a view reads the few it shows through the
// engine's BodyReader. At 100,000 messages that is what lets a node start in a few hundred
// milliseconds and tens of megabytes (tests/bench/startup_bench) instead of holding every
// message twice, once in LMDB and once parsed.
#pragma once

#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "baken/v1/message.pb.h"
#include "crypto/keys.h"
#include "message/kind.h"
#include "picture/picture_engine.h"

namespace baken::picture {

// Later wins: messages are ordered by their author's created time, then by id, so "the
// latest" is the same on every node whatever the arrival order.
using Order = std::pair<std::int64_t, MessageId>;

// A sitrep cell: municipality, pillar, topic (trimmed, ASCII lower case).
using CellKey = std::tuple<std::string, int, std::string>;
// Within one sitrep a later entry for the same cell wins: the entry index breaks the tie, and
// says which entry of the sitrep's body the cell shows.
using CellOrder = std::tuple<std::int64_t, MessageId, int>;

// One held message: what the entities need to judge it without its body, and what to undo
// when it leaves. Kept small (48 bytes): there is one per message. Pointers are to keys of the
// State's maps, whose entries stay while they hold this message.
struct Held {
    std::int64_t created_ms = 0;
    std::int64_t expires_ms = 0;
    const std::string* author = nullptr;  // in nodes
    // Support point (in statuses), need id bytes (in needs), or credential subject (in nodes).
    const std::string* key = nullptr;
    Kind kind = Kind::KIND_NOT_SET;
    v1::Precedence precedence = v1::PRECEDENCE_UNSPECIFIED;
    v1::Phase phase = v1::PHASE_UNSPECIFIED;  // sitrep

    bool live_at(std::int64_t now_ms) const { return expires_ms > now_ms; }
};

// What a held sitrep adds (a fifth of the messages): where its entries went.
struct HeldSitrep {
    const std::string* municipality = nullptr;  // in phases
    std::vector<const CellKey*> cells;          // in cells, one per entry
};

struct NeedEntity {
    std::optional<Order> need;
    std::set<Order> updates;
    // From the need's body, so that a view of one point or municipality reads the bodies of
    // its needs only, not of every need.
    std::string support_point;
    std::string municipality;
};

struct NodeEntity {
    std::string fingerprint;             // computed once: every Source shows it
    std::map<Order, std::string> names;  // from node info (few: kept in memory)
    std::map<Order, v1::Credential> credentials;
    std::uint64_t messages = 0;  // held messages by this author
    int credentials_issued = 0;  // a region root: it signs credentials and holds none
    // The created time of its latest held message, kept as messages come. When that message
    // leaves, the next latest is not known without a pass over the held messages: the view
    // makes one then (rare: expiry and replacement take older messages first).
    // Mutable: the view that makes that pass writes down what it found.
    mutable std::int64_t last_created_ms = 0;
    mutable bool last_known = true;
};

struct IdHash {
    std::size_t operator()(const MessageId& id) const {
        std::size_t h;
        std::memcpy(&h, id.data(), sizeof h);  // ids are uniform hashes
        return h;
    }
};

struct PictureEngine::State {
    BodyReader bodies;
    // Without a reader (tests, simulations) the engine keeps each envelope itself.
    std::unordered_map<MessageId, std::string, IdHash> kept_envelopes;

    std::unordered_map<MessageId, Held, IdHash> held;
    std::unordered_map<MessageId, HeldSitrep, IdHash> sitreps;
    std::unordered_map<MessageId, MessageId, IdHash> replaces;  // Message.supersedes, when set
    // Messages replaced by a held message of their author (key: id bytes + author): as in the
    // store, a message its author replaced is not taken while the replacement is held.
    std::map<std::string, int> replaced;
    std::map<std::string, std::set<Order>> statuses;  // by support point
    // Hashed, not sorted: at 100,000 messages a sorted map of 32-byte keys was a tenth of the
    // load; the needs view sorts the keys it shows.
    std::unordered_map<std::string, NeedEntity> needs;  // by need id bytes
    std::map<CellKey, std::set<CellOrder>> cells;
    std::map<std::string, std::set<Order>> phases;  // by municipality
    std::set<Order> announcements;
    std::unordered_map<std::string, NodeEntity> nodes;  // by author bytes (keys never move)

    unsigned add(const DecodedMessage& m, Held& h);
    unsigned remove(const MessageId& id, const Held& h);
    void add_sitrep(const MessageId& id, const v1::Sitrep& sitrep, std::int64_t created_ms);
    void remove_sitrep(const MessageId& id, std::int64_t created_ms);
    std::optional<v1::Body> body(const MessageId& id) const;
};

}  // namespace baken::picture
