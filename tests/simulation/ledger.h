// What the run knows to be true about messages, independent of any node: every valid message
// that some node accepted from a person (with its expiry), and every forged message the
// adversary planted. The properties compare the nodes' stores against it.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "crypto/keys.h"

namespace baken::sim {

class Ledger {
  public:
    void record_valid(const MessageId& id, std::int64_t expires_ms, std::size_t bytes) {
        valid_.emplace(id, Entry{expires_ms, bytes});
    }
    void record_forged(const MessageId& id) { forged_.insert(id); }
    void forget(const MessageId& id) { valid_.erase(id); }
    // Posted and valid once, but no longer to be held: a revoked key's later messages.
    void withdraw(const MessageId& id) {
        if (valid_.erase(id)) withdrawn_.insert(id);
    }

    // Valid messages that have not expired at `now_ms`: what every node must hold once the
    // mesh has converged.
    std::vector<MessageId> live(std::int64_t now_ms) const {
        std::vector<MessageId> out;
        for (const auto& [id, entry] : valid_) {
            if (entry.expires_ms > now_ms) out.push_back(id);
        }
        return out;
    }
    std::uint64_t live_bytes(std::int64_t now_ms) const {
        std::uint64_t total = 0;
        for (const auto& [id, entry] : valid_) {
            if (entry.expires_ms > now_ms) total += entry.bytes;
        }
        return total;
    }
    bool forged(const MessageId& id) const { return forged_.count(id) != 0; }
    bool posted(const MessageId& id) const {
        return valid_.count(id) != 0 || withdrawn_.count(id) != 0;
    }
    std::size_t valid_count() const { return valid_.size(); }
    std::size_t forged_count() const { return forged_.size(); }

  private:
    struct Entry {
        std::int64_t expires_ms;
        std::size_t bytes;
    };
    std::map<MessageId, Entry> valid_;
    std::set<MessageId> forged_;
    std::set<MessageId> withdrawn_;
};

}  // namespace baken::sim
