// See network.h.
#include "simulation/network.h"

#include <algorithm>

namespace baken::sim {

namespace {
// When SYN attempt k (0 = the first) is sent, relative to the start of connect().
constexpr SimTime kSynAt[] = {
    0, 1 * kSecond, 3 * kSecond, 7 * kSecond, 15 * kSecond, 31 * kSecond, 63 * kSecond};
constexpr int kSynAttempts = sizeof(kSynAt) / sizeof(kSynAt[0]);
}  // namespace

Network::Network(EventLoop& loop, SimRandom random)
    : loop_(loop), context_{loop, random, [this](int node) {
                                return hosts_.at(node)->running();
                            }} {}

Link& Network::add_link(int a, int b, const LinkParams& params) {
    links_.push_back(std::make_unique<Link>(a, b, params));
    Link* link = links_.back().get();
    by_ends_[{std::min(a, b), std::max(a, b)}] = link;
    neighbours_[a].push_back(b);
    neighbours_[b].push_back(a);
    return *link;
}

Link* Network::link(int a, int b) const {
    auto it = by_ends_.find({std::min(a, b), std::max(a, b)});
    return it == by_ends_.end() ? nullptr : it->second;
}

const std::vector<int>& Network::neighbours(int node) const {
    static const std::vector<int> none;
    auto it = neighbours_.find(node);
    return it == neighbours_.end() ? none : it->second;
}

void Network::connect(int from, int to, ConnectDone done) {
    send_syn(from, to, 0, loop_.now(), std::move(done));
}

void Network::send_syn(int from, int to, int attempt, SimTime started, ConnectDone done) {
    Link* link = this->link(from, to);
    if (!link->up() || context_.random.chance(link->params().loss)) {
        if (attempt + 1 == kSynAttempts) {
            loop_.at(started + kConnectTimeout,
                     [done = std::move(done)] { done(nullptr, "connection timed out"); });
            return;
        }
        loop_.at(started + kSynAt[attempt + 1], [this, from, to, attempt, started, done] {
            send_syn(from, to, attempt + 1, started, done);
        });
        return;
    }
    SimTime there = link->control_delay(context_.random);
    SimTime back = link->control_delay(context_.random);
    loop_.after(there, [this, from, to, link, back, done = std::move(done)] {
        if (!hosts_.at(to)->running()) {
            loop_.after(back, [done] { done(nullptr, "connection refused"); });
            return;
        }
        auto connection =
            std::make_shared<TcpConnection>(context_, *link, from, to, next_connection_id_++);
        hosts_.at(to)->accept(connection);
        loop_.after(back, [done, connection] { done(connection, ""); });
    });
}

std::uint64_t Network::wire_bytes_sent(int node) const {
    std::uint64_t total = 0;
    for (const auto& link : links_) {
        if (link->a() == node || link->b() == node) total += link->bytes_sent(node);
    }
    return total;
}

}  // namespace baken::sim
