// See shared_channel.h.
#include "simulation/radio/shared_channel.h"

#include <algorithm>
#include <cstdint>
#include <limits>

namespace baken::sim {

SharedChannel::SharedChannel(EventLoop& loop, int nodes, ChannelSettings settings, SimRandom random)
    : loop_(loop),
      settings_(std::move(settings)),
      csma_random_(random.stream("csma")),
      loss_random_(random.stream("loss")),
      tncs_(static_cast<std::size_t>(nodes)),
      hears_(static_cast<std::size_t>(nodes),
             std::vector<bool>(static_cast<std::size_t>(nodes), true)) {}

void SharedChannel::set_hears(int receiver, int sender, bool hears) {
    hears_[receiver][sender] = hears;
}

void SharedChannel::set_hears_each_other(int a, int b, bool hear) {
    set_hears(a, b, hear);
    set_hears(b, a, hear);
}

bool SharedChannel::hears(int receiver, int sender) const {
    return receiver != sender && hears_[receiver][sender];
}

bool SharedChannel::send(int node, std::string frame) {
    Tnc& tnc = tncs_[node];
    if (tnc.queue.size() >= settings_.queue_limit) {
        ++tnc.stats.dropped;
        return false;
    }
    tnc.queue.push_back({std::move(frame), now_ms()});
    ++tnc.stats.queued;
    tnc.stats.deepest = std::max(tnc.stats.deepest, tnc.queue.size());
    if (!tnc.transmitting) schedule_attempt(node, now_ms());
    return true;
}

bool SharedChannel::idle(int node) const {
    return tncs_[node].queue.empty() && !tncs_[node].transmitting;
}

void SharedChannel::schedule_attempt(int node, std::int64_t at_ms) {
    Tnc& tnc = tncs_[node];
    if (tnc.attempt_scheduled) return;  // the pending attempt serves every queued frame
    tnc.attempt_scheduled = true;
    loop_.at(at_ms * kMs, [this, node] { attempt(node); });
}

std::int64_t SharedChannel::sense_delay() const {
    if (settings_.carrier_sense_delay_ms >= 0) return settings_.carrier_sense_delay_ms;
    return settings_.airtime.tx_delay_ms;
}

std::int64_t SharedChannel::carrier_until(int node) const {
    const std::int64_t now = now_ms();
    std::int64_t until = 0;
    for (const OnAir& t : on_air_) {
        if (t.finished || !hears(node, t.node)) continue;
        const std::int64_t sensed_from = t.continued ? t.start_ms : t.start_ms + sense_delay();
        if (sensed_from > now) continue;
        if (now < t.end_ms) until = std::max(until, t.end_ms);
        // The carrier does not drop between frames of one key-up.
        const Tnc& sender = tncs_[t.node];
        if (now == t.end_ms && !sender.queue.empty() &&
            sender.frames_this_key_up < settings_.frames_per_key_up)
            until = std::max(until, t.end_ms + 1);
    }
    return until;
}

// KISS p-persistence: wait for a clear channel, then transmit with probability (P+1)/256 per
// slot.
void SharedChannel::attempt(int node) {
    Tnc& tnc = tncs_[node];
    tnc.attempt_scheduled = false;
    if (tnc.transmitting || tnc.queue.empty()) return;
    if (std::int64_t busy_until = carrier_until(node); busy_until > now_ms()) {
        schedule_attempt(node, busy_until);
        return;
    }
    if (static_cast<int>(csma_random_.below(256)) <= settings_.persistence) {
        transmit(node);
        return;
    }
    ++tnc.stats.deferrals;
    schedule_attempt(node, now_ms() + settings_.slot_ms);
}

void SharedChannel::transmit(int node, bool continued) {
    Tnc& tnc = tncs_[node];
    Queued queued = std::move(tnc.queue.front());
    tnc.queue.pop_front();
    tnc.frames_this_key_up = continued ? tnc.frames_this_key_up + 1 : 1;
    OnAir t;
    t.node = node;
    t.start_ms = now_ms();
    t.continued = continued;
    std::int64_t airtime = radio::airtime_ms(settings_.airtime, as_bytes(queued.frame));
    if (continued) airtime -= settings_.airtime.tx_delay_ms;  // the transmitter is keyed already
    t.end_ms = t.start_ms + airtime;
    t.serial = next_serial_++;
    t.record = std::numeric_limits<std::size_t>::max();
    if (records_.size() < settings_.max_records) {
        t.record = records_.size();
        records_.push_back({node, queued.queued_ms, t.start_ms, airtime, queued.frame, false, 0});
    } else {
        ++records_dropped_;
    }
    t.bytes = std::move(queued.frame);
    tnc.transmitting = true;
    ++tnc.stats.sent;
    tnc.stats.airtime_ms += airtime;
    const std::uint64_t serial = t.serial;
    loop_.at(t.end_ms * kMs, [this, serial] { finish(serial); });
    on_air_.push_back(std::move(t));
}

bool SharedChannel::lost_by_overlap(int receiver, const OnAir& frame) const {
    for (const OnAir& t : on_air_) {
        if (t.serial == frame.serial) continue;
        if (t.start_ms >= frame.end_ms || t.end_ms <= frame.start_ms) continue;
        if (t.node == receiver) return true;  // half duplex: it was transmitting itself
        if (hears(receiver, t.node)) return true;
    }
    return false;
}

void SharedChannel::finish(std::uint64_t serial) {
    auto it = std::find_if(on_air_.begin(), on_air_.end(),
                           [&](const OnAir& t) { return t.serial == serial; });
    if (it == on_air_.end()) return;  // cannot happen: entries live until they finish
    it->finished = true;
    const OnAir& frame = *it;
    const int sender = frame.node;
    Tnc& tnc = tncs_[sender];
    tnc.transmitting = false;

    std::vector<int> receivers;
    bool collided = false;
    for (int r = 0; r < nodes(); ++r) {
        if (!hears(r, sender)) continue;
        if (lost_by_overlap(r, frame)) {
            collided = true;
            ++tncs_[r].stats.lost_to_collision;
        } else if (settings_.loss > 0 && loss_random_.chance(settings_.loss)) {
            ++tncs_[r].stats.lost_to_noise;
        } else {
            receivers.push_back(r);
        }
    }
    if (frame.record < records_.size()) {
        records_[frame.record].collided = collided;
        records_[frame.record].delivered = static_cast<int>(receivers.size());
    }
    const std::string bytes = frame.bytes;
    forget_finished();

    for (int r : receivers) {
        ++tncs_[r].stats.received;
        if (on_frame_) on_frame_(r, bytes);
    }
    if (!tnc.queue.empty() && tnc.frames_this_key_up < settings_.frames_per_key_up) {
        transmit(sender, true);
    } else if (!tnc.queue.empty()) {
        schedule_attempt(sender, now_ms());
    } else if (on_idle_) {
        on_idle_(sender);
    }
}

// A finished transmission matters only while one that overlaps it is still on the air (its
// reception is decided when it ends); anything that starts later cannot overlap it.
void SharedChannel::forget_finished() {
    std::int64_t earliest_live_start = std::numeric_limits<std::int64_t>::max();
    for (const OnAir& t : on_air_)
        if (!t.finished) earliest_live_start = std::min(earliest_live_start, t.start_ms);
    std::erase_if(on_air_,
                  [&](const OnAir& t) { return t.finished && t.end_ms <= earliest_live_start; });
}

}  // namespace baken::sim
