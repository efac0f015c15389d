// Mesh health: what this node knows about each peer it has met — key, name, how it was
// reached, when it was last heard, what is still queued for it. Fed by the transports,
// read by the API (`/api/v1/peers`, `baken peers`). Sans-IO; times are given.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "crypto/keys.h"

namespace baken::sync {

struct PeerRecord {
    PublicKey key{};
    std::string name;
    std::string transport;  // "lan"; later "radio", "bundle"
    std::string address;    // where it was last reached, e.g. "127.0.0.1:7717"
    std::int64_t last_seen_ms = 0;
    bool connected = false;
    std::uint64_t backlog = 0;  // messages queued for it
    std::uint64_t messages_sent = 0;
    std::uint64_t messages_received = 0;
    std::string last_error;  // why the last session ended, if it failed
};

class PeerTable {
  public:
    // At most this many peers are remembered; the longest unheard is forgotten first.
    static constexpr std::size_t kMaxPeers = 4096;

    // Creates or updates the record of `key`; returns it for further updates.
    PeerRecord& touch(const PublicKey& key, std::int64_t now_ms);
    void disconnected(const PublicKey& key, const std::string& reason);
    std::vector<PeerRecord> snapshot() const;  // most recently heard first

  private:
    std::map<PublicKey, PeerRecord> peers_;
};

}  // namespace baken::sync
