// The common operational picture: a deterministic reduction of the message set (rules in
// docs/picture.md), kept up to date one message at a time.
//
// Order-independence is the point: the engine keeps, for every entity (a support point, a
// need, a sitrep cell, an announcement, a node), the messages that speak about it, and derives
// what it shows from that set alone — never from the order messages arrived in. So two nodes
// holding the same messages show the same picture and the same digest, and a message that is
// removed (expired, superseded, withdrawn, evicted) simply leaves its set.
//
// Sans-IO: no store, no clock; the caller feeds messages and says what time it is. The engine
// keeps an index of the messages, not their bodies (picture_state.h): a view reads the bodies
// it shows through a BodyReader, which in bakend reads the store.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "baken/v1/picture.pb.h"
#include "crypto/keys.h"
#include "message/decoded_message.h"

namespace baken::picture {

// The parts of a picture, as named in PictureChange.parts and the API's part routes.
enum Part : unsigned {
    kSupportPoints = 1u << 0,
    kNeeds = 1u << 1,
    kMunicipalities = 1u << 2,
    kAnnouncements = 1u << 3,
    kNodes = 1u << 4,
    kAllParts = (1u << 5) - 1,
};
// "support_points", "needs", "municipalities", "announcements", "nodes".
std::vector<std::string> part_names(unsigned parts);

// Which part of the picture a view holds; empty filters mean everything.
struct PictureFilter {
    std::string municipality;   // "GM0344": this municipality, its points, announcements for them
    std::string support_point;  // "GM0344-SP07": this point, its needs, announcements for it
    unsigned parts = kAllParts;
    bool closed_needs = true;  // false: leave out fulfilled and cancelled needs
};

// The body of a message the engine holds; nullopt when it cannot be read (the view then leaves
// that message out). Called only from view() and digest().
using BodyReader = std::function<std::optional<v1::Body>(const MessageId&)>;

class PictureEngine {
  public:
    // Keeps the envelope of every message it holds, to read bodies from (tests, simulations).
    PictureEngine();
    // Reads bodies through `bodies`, which must know every message added and not yet removed.
    explicit PictureEngine(BodyReader bodies);
    ~PictureEngine();
    PictureEngine(const PictureEngine&) = delete;
    PictureEngine& operator=(const PictureEngine&) = delete;

    // A message the node now holds (validated and stored). Returns the parts it changed (0
    // when it changes nothing, e.g. a message already held). A message that supersedes one
    // by the same author removes that one, as the store does.
    unsigned add(const DecodedMessage& message);
    // A message the node no longer holds; returns the parts that changed.
    unsigned remove(const MessageId& id);
    // Forgets everything (before a rebuild).
    void clear();
    // Room for this many messages, so a rebuild does not grow its index step by step.
    void reserve(std::size_t messages);

    // The picture at `now_ms` (ages, "active", "stale" are judged then). The digest is filled
    // in only when the filter asks for everything.
    v1::Picture view(std::int64_t now_ms, const PictureFilter& filter = {}) const;
    // Hex BLAKE2b-256 of the picture without its time fields; cached until the next change.
    std::string digest() const;
    // Messages the picture holds.
    std::uint64_t message_count() const;

    struct State;  // the entities and their messages; defined in picture_engine.cc

  private:
    std::unique_ptr<State> state_;
    mutable std::optional<std::string> digest_;
};

}  // namespace baken::picture
