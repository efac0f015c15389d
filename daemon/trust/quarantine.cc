// See quarantine.h.
#include "trust/quarantine.h"

#include <algorithm>

namespace baken::trust {

Quarantine::Quarantine(std::size_t max_messages, std::size_t max_bytes, std::size_t max_per_author)
    : max_messages_(max_messages), max_bytes_(max_bytes), max_per_author_(max_per_author) {}

void Quarantine::hold(const PublicKey& author, std::string envelope_bytes) {
    bool held = std::any_of(order_.begin(), order_.end(), [&](const Held& h) {
        return h.author == author && h.envelope == envelope_bytes;
    });
    if (held || envelope_bytes.size() > max_bytes_ || max_messages_ == 0 || max_per_author_ == 0) {
        return;
    }
    if (held_by_[author] >= max_per_author_) drop_oldest_of(author);
    bytes_ += envelope_bytes.size();
    ++held_by_[author];
    order_.push_back({author, std::move(envelope_bytes)});
    while (order_.size() > max_messages_ || bytes_ > max_bytes_) {
        auto most =
            std::max_element(held_by_.begin(), held_by_.end(),
                             [](const auto& a, const auto& b) { return a.second < b.second; });
        drop_oldest_of(most->first);
    }
}

std::vector<std::string> Quarantine::release(const PublicKey& author) {
    std::vector<std::string> out;
    std::deque<Held> kept;
    for (Held& h : order_) {
        if (h.author == author) {
            bytes_ -= h.envelope.size();
            out.push_back(std::move(h.envelope));
            held_by_.erase(author);
        } else {
            kept.push_back(std::move(h));
        }
    }
    order_ = std::move(kept);
    return out;
}

void Quarantine::drop_oldest_of(const PublicKey& author) {
    auto oldest = std::find_if(order_.begin(), order_.end(),
                               [&](const Held& h) { return h.author == author; });
    if (oldest == order_.end()) return;
    bytes_ -= oldest->envelope.size();
    order_.erase(oldest);
    if (--held_by_[author] == 0) held_by_.erase(author);
}

}  // namespace baken::trust
