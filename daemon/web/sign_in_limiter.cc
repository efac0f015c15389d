// See sign_in_limiter.h.
#include "web/sign_in_limiter.h"

#include <algorithm>
#include <iterator>

namespace baken::web {
namespace {

const std::string kOverflow;  // shared by new clients while the table is full

// Seconds until the oldest of `attempts` leaves the window, when there are `limit` of them.
std::int64_t wait_for(const std::deque<std::int64_t>& attempts, std::size_t limit,
                      std::int64_t now_ms) {
    if (attempts.size() < limit) return 0;
    const std::int64_t free_at = attempts[attempts.size() - limit] + SignInLimiter::kWindowMs;
    return std::max<std::int64_t>(1, (free_at - now_ms + 999) / 1000);
}

}  // namespace

void SignInLimiter::forget_before(std::int64_t cutoff_ms) {
    while (!all_.empty() && all_.front() <= cutoff_ms) all_.pop_front();
    for (auto it = clients_.begin(); it != clients_.end();) {
        auto& times = it->second;
        while (!times.empty() && times.front() <= cutoff_ms) times.pop_front();
        it = times.empty() ? clients_.erase(it) : std::next(it);
    }
}

const std::string& SignInLimiter::bucket(const std::string& client) const {
    if (clients_.count(client) || clients_.size() < kMaxClients) return client;
    return kOverflow;
}

std::int64_t SignInLimiter::wait_s(const std::string& client, std::int64_t now_ms) {
    forget_before(now_ms - kWindowMs);
    std::int64_t wait = wait_for(all_, kGlobal, now_ms);
    auto found = clients_.find(bucket(client));
    if (found != clients_.end()) wait = std::max(wait, wait_for(found->second, kPerClient, now_ms));
    return wait;
}

void SignInLimiter::record(const std::string& client, std::int64_t now_ms) {
    forget_before(now_ms - kWindowMs);
    all_.push_back(now_ms);
    clients_[bucket(client)].push_back(now_ms);
}

}  // namespace baken::web
