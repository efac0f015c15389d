// Messages that wait for their author's credential: verified and well-formed, but from a key
// no credential has arrived for yet (out-of-order arrival is normal in a mesh). They are
// neither stored nor shown nor forwarded; when a credential for the author is stored, the
// validation path takes them out and checks them again.
//
// Bounded in count and bytes, and per author: anyone can make keys, so one author (or a crowd
// of fresh keys flooding) must not push out what waits for a real credential. An author past
// its share loses its own oldest; when the whole is full, the author holding the most loses
// its oldest. What goes comes back later: a peer offers it again, since this node does not
// hold it. In memory only, for the same reason: after a restart reconciliation brings such
// messages back.
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "crypto/keys.h"

namespace baken::trust {

class Quarantine {
  public:
    static constexpr std::size_t kDefaultMaxMessages = 2000;
    static constexpr std::size_t kDefaultMaxBytes = 8 * 1024 * 1024;
    static constexpr std::size_t kDefaultMaxPerAuthor = 50;

    explicit Quarantine(std::size_t max_messages = kDefaultMaxMessages,
                        std::size_t max_bytes = kDefaultMaxBytes,
                        std::size_t max_per_author = kDefaultMaxPerAuthor);

    // Keeps the envelope until release(author); the same bytes twice are kept once.
    void hold(const PublicKey& author, std::string envelope_bytes);
    // Everything held for `author`, oldest first; they are no longer held.
    std::vector<std::string> release(const PublicKey& author);

    std::size_t size() const { return order_.size(); }
    std::size_t bytes() const { return bytes_; }

  private:
    struct Held {
        PublicKey author;
        std::string envelope;
    };
    void drop_oldest_of(const PublicKey& author);

    std::size_t max_messages_;
    std::size_t max_bytes_;
    std::size_t max_per_author_;
    std::size_t bytes_ = 0;
    std::deque<Held> order_;                    // oldest first
    std::map<PublicKey, std::size_t> held_by_;  // messages per author
};

}  // namespace baken::trust
