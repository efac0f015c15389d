// See shared_channel.h.
#include "host/shared_channel.h"

#include <algorithm>

namespace baken::modem::host {
namespace {

constexpr std::int16_t kDeliveredRssiDbm = -80;
constexpr std::int8_t kDeliveredSnrDb = 7;

Datagram answer(DatagramType type) {
    Datagram d;
    d.type = type;
    return d;
}

}  // namespace

const char* outcome_name(Outcome outcome) {
    switch (outcome) {
        case Outcome::delivered:
            return "delivered";
        case Outcome::lost:
            return "lost";
        case Outcome::collided:
            return "collided";
        case Outcome::unheard:
            return "unheard";
        case Outcome::cut:
            return "cut";
    }
    return "unknown";
}

void SharedChannel::receive(const Endpoint& from, const Datagram& datagram, std::uint64_t now_us,
                            std::vector<Outgoing>& out) {
    switch (datagram.type) {
        case DatagramType::attach:
            listeners_[from] = Listener{datagram.name, datagram.settings};
            out.push_back({from, answer(DatagramType::attached)});
            return;
        case DatagramType::transmit:
            if (!listeners_.contains(from)) break;
            start_transmission(from, datagram, now_us);
            return;
        case DatagramType::check: {
            Datagram state = answer(DatagramType::channel_state);
            state.busy = busy(datagram.settings.frequency_hz);
            out.push_back({from, state});
            return;
        }
        default:
            break;
    }
    ++ignored_;
}

void SharedChannel::start_transmission(const Endpoint& from, const Datagram& datagram,
                                       std::uint64_t now_us) {
    OnAir t{from, datagram.settings, now_us, now_us + datagram.airtime_us, datagram.payload};
    // Everything still on the air overlaps a transmission that starts now.
    for (OnAir& other : on_air_) {
        if (other.settings.frequency_hz != t.settings.frequency_hz) continue;
        other.collided = true;
        t.collided = true;
    }
    on_air_.push_back(std::move(t));
}

bool SharedChannel::busy(std::uint32_t frequency_hz) const {
    return std::any_of(on_air_.begin(), on_air_.end(),
                       [&](const OnAir& t) { return t.settings.frequency_hz == frequency_hz; });
}

std::uint64_t SharedChannel::next_end_us() const {
    std::uint64_t next = UINT64_MAX;
    for (const OnAir& t : on_air_) next = std::min(next, t.end_us);
    return next;
}

void SharedChannel::advance(std::uint64_t now_us, std::vector<Outgoing>& out,
                            std::vector<TransmissionRecord>& ended) {
    // In order of ending, so receivers get frames in the order they left the air.
    std::sort(on_air_.begin(), on_air_.end(),
              [](const OnAir& a, const OnAir& b) { return a.end_us < b.end_us; });
    auto done = std::find_if(on_air_.begin(), on_air_.end(),
                             [&](const OnAir& t) { return t.end_us > now_us; });
    for (auto t = on_air_.begin(); t != done; ++t) ended.push_back(finish(*t, out));
    on_air_.erase(on_air_.begin(), done);
}

void SharedChannel::cut_off(std::vector<TransmissionRecord>& ended) {
    for (const OnAir& t : on_air_) {
        TransmissionRecord record = record_of(t);
        record.outcome = Outcome::cut;
        count(record);
        ended.push_back(record);
    }
    on_air_.clear();
}

TransmissionRecord SharedChannel::record_of(const OnAir& t) const {
    TransmissionRecord record;
    auto sender = listeners_.find(t.sender);
    record.sender = sender == listeners_.end() ? to_string(t.sender) : sender->second.name;
    record.start_us = t.start_us;
    record.bytes = t.payload.size();
    record.airtime_us = static_cast<std::uint32_t>(t.end_us - t.start_us);
    return record;
}

TransmissionRecord SharedChannel::finish(const OnAir& t, std::vector<Outgoing>& out) {
    TransmissionRecord record = record_of(t);
    out.push_back({t.sender, answer(DatagramType::transmit_done)});

    std::bernoulli_distribution missed(loss_);
    for (const auto& [endpoint, listener] : listeners_) {
        if (endpoint == t.sender || !(listener.settings == t.settings)) continue;
        if (t.collided) continue;
        if (missed(random_)) {
            ++record.lost_at;
            continue;
        }
        Datagram frame = answer(DatagramType::frame);
        frame.rssi_dbm = kDeliveredRssiDbm;
        frame.snr_db = kDeliveredSnrDb;
        frame.payload = t.payload;
        out.push_back({endpoint, std::move(frame)});
        ++record.delivered_to;
    }
    record.outcome = t.collided                ? Outcome::collided
                     : record.delivered_to > 0 ? Outcome::delivered
                     : record.lost_at > 0      ? Outcome::lost
                                               : Outcome::unheard;
    count(record);
    return record;
}

void SharedChannel::count(const TransmissionRecord& record) {
    SenderTotals& totals = totals_[record.sender];
    ++totals.frames;
    totals.bytes += record.bytes;
    totals.airtime_us += record.airtime_us;
    switch (record.outcome) {
        case Outcome::delivered:
            ++totals.delivered;
            break;
        case Outcome::lost:
            ++totals.lost;
            break;
        case Outcome::collided:
            ++totals.collided;
            break;
        case Outcome::unheard:
            ++totals.unheard;
            break;
        case Outcome::cut:
            ++totals.cut;
            break;
    }
}

}  // namespace baken::modem::host
