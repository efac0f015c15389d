// Connects a picture to the store: fills it from everything held (at start, and to rebuild),
// and reads the bodies its views show.
//
// A large store is loaded in slices, so that bakend can be ready (peers synced, messages
// stored, the API answering) before its picture is whole: at 100,000 messages the load takes
// about a third of a second on a laptop (tests/bench/startup_bench), longer on a slower machine
// reading a cold store. Until the loader is done the API says the picture is loading rather
// than show part of it.
#pragma once

#include <cstddef>
#include <optional>

#include "picture/picture_engine.h"
#include "store/store.h"

namespace baken::picture {

struct LoadReport {
    std::size_t loaded = 0;
    std::size_t unreadable = 0;  // stored bytes that no longer decode: damage on disk, logged
};

// How far the start-up load is, for the API and the notice board: while `loading` the engine
// holds only part of the store, which they do not show.
struct LoadProgress {
    bool loading = false;
    std::size_t read = 0;   // stored messages read so far
    std::size_t total = 0;  // held when the load began
};

// Adds every message the store holds to an engine, a slice at a time. Messages stored or
// removed meanwhile may go to the engine directly (the engine takes a message once, and a
// removed message is no longer in the store when the loader reaches its place).
class PictureLoader {
  public:
    // Clears `engine`. Both must outlive the loader.
    PictureLoader(PictureEngine& engine, const Store& store);

    // Adds up to `max` more messages; returns done(). When the store cannot be read just now
    // it adds none and returns false (logged): call again later.
    bool step(std::size_t max);
    bool done() const { return done_; }
    const LoadReport& report() const { return report_; }
    // Messages the store held when loading began (what the progress is out of).
    std::size_t total() const { return total_; }
    LoadProgress progress() const { return {!done_, report_.loaded + report_.unreadable, total_}; }

  private:
    PictureEngine& engine_;
    const Store& store_;
    std::optional<MessageId> last_;  // the last id read: the next slice starts after it
    LoadReport report_;
    std::size_t total_ = 0;
    bool done_ = false;
};

// Clears `engine` and adds every held message in one go. The store verified each message on
// the way in, so this decodes without checking signatures again.
LoadReport load_picture(PictureEngine& engine, const Store& store);

// The body of a stored message (a PictureEngine's BodyReader over `store`); nullopt when the
// store no longer holds it or its bytes do not decode.
std::optional<v1::Body> read_body(const Store& store, const MessageId& id);

}  // namespace baken::picture
