// See quarantine.h.
#include "trust/quarantine.h"

#include <algorithm>

namespace baken::trust {

Quarantine::Quarantine(std::size_t max_messages, std::size_t max_bytes)
    : max_messages_(max_messages), max_bytes_(max_bytes) {}

void Quarantine::hold(const PublicKey& author, std::string envelope_bytes) {
    bool held = std::any_of(order_.begin(), order_.end(), [&](const Held& h) {
        return h.author == author && h.envelope == envelope_bytes;
    });
    if (held || envelope_bytes.size() > max_bytes_ || max_messages_ == 0) return;
    bytes_ += envelope_bytes.size();
    order_.push_back({author, std::move(envelope_bytes)});
    while (order_.size() > max_messages_ || bytes_ > max_bytes_) drop_oldest();
}

std::vector<std::string> Quarantine::release(const PublicKey& author) {
    std::vector<std::string> out;
    std::deque<Held> kept;
    for (Held& h : order_) {
        if (h.author == author) {
            bytes_ -= h.envelope.size();
            out.push_back(std::move(h.envelope));
        } else {
            kept.push_back(std::move(h));
        }
    }
    order_ = std::move(kept);
    return out;
}

void Quarantine::drop_oldest() {
    bytes_ -= order_.front().envelope.size();
    order_.pop_front();
}

}  // namespace baken::trust
