// See peer_table.h.
#include "sync/peer_table.h"

#include <algorithm>

namespace baken::sync {

PeerRecord& PeerTable::touch(const PublicKey& key, std::int64_t now_ms) {
    if (!peers_.count(key) && peers_.size() >= kMaxPeers) {
        auto oldest =
            std::min_element(peers_.begin(), peers_.end(), [](const auto& a, const auto& b) {
                return a.second.last_seen_ms < b.second.last_seen_ms;
            });
        peers_.erase(oldest);
    }
    PeerRecord& record = peers_[key];
    record.key = key;
    record.last_seen_ms = std::max(record.last_seen_ms, now_ms);
    return record;
}

void PeerTable::disconnected(const PublicKey& key, const std::string& reason) {
    auto it = peers_.find(key);
    if (it == peers_.end()) return;
    it->second.connected = false;
    it->second.backlog = 0;
    it->second.last_error = reason;
}

std::vector<PeerRecord> PeerTable::snapshot() const {
    std::vector<PeerRecord> out;
    out.reserve(peers_.size());
    for (const auto& [key, record] : peers_) out.push_back(record);
    std::sort(out.begin(), out.end(), [](const PeerRecord& a, const PeerRecord& b) {
        return a.last_seen_ms > b.last_seen_ms;
    });
    return out;
}

}  // namespace baken::sync
