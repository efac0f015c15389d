// See radio_link.h: the public side, and the node's store (what is held, what goes out).
// Receiving is in radio_link_receive.cc, the schedule and sending in radio_link_send.cc; the
// state they share in radio_link_state.h.
#include "radio/link/radio_link.h"

#include <sodium.h>

#include "radio/link/payload_compression.h"
#include "radio/link/radio_link_state.h"

namespace baken::radio {

sync::Salt epoch_salt(LinkId sender, std::uint32_t epoch) {
    std::uint8_t input[28] = "baken radio epoch v1";
    for (int i = 0; i < 4; ++i) {
        input[20 + i] = static_cast<std::uint8_t>(sender >> (24 - 8 * i));
        input[24 + i] = static_cast<std::uint8_t>(epoch >> (24 - 8 * i));
    }
    sync::SessionId id{};
    crypto_generichash(id.data(), id.size(), input, sizeof input, nullptr, 0);
    return sync::salt_for_session(id);
}

std::int64_t budget_margin(const RadioLinkSettings& s) {
    std::int64_t frame = airtime_ms(s.airtime, s.frame_bytes + 16);
    return std::min(s.window_ms / 10,
                    std::max<std::int64_t>(10'000, 4 * (frame + s.access_delay_ms)));
}

LinkId link_id_of(const PublicKey& key) {
    return (LinkId{key[0]} << 24) | (LinkId{key[1]} << 16) | (LinkId{key[2]} << 8) | key[3];
}

RadioLink::RadioLink(RadioLinkSettings settings, ModemFraming framing, std::uint64_t seed)
    : settings_(std::move(settings)),
      framing_(std::move(framing)),
      state_(std::make_unique<State>(settings_, framing_, seed)) {}

RadioLink::~RadioLink() = default;

void RadioLink::held(const HeldMessage& message, bool fresh, std::int64_t now_ms) {
    state_->on_held(message, fresh, now_ms);
}
void RadioLink::gone(const MessageId& id) {
    state_->on_gone(id);
}
void RadioLink::on_modem_frame(ByteView frame, std::int64_t now_ms) {
    state_->on_modem_frame(frame, now_ms);
}
std::optional<std::string> RadioLink::next_frame(std::int64_t now_ms, EnvelopeSource& source) {
    return state_->next_frame(now_ms, source);
}
std::int64_t RadioLink::next_wakeup_ms(std::int64_t now_ms) {
    return state_->next_wakeup_ms(now_ms);
}
std::vector<ReceivedEnvelope> RadioLink::take_received() {
    return state_->take_received();
}
void RadioLink::received_outcome(const MessageTag& tag, bool held, bool remember) {
    state_->on_outcome(tag, held, remember);
}
LinkStats RadioLink::stats(std::int64_t now_ms) {
    return state_->snapshot(now_ms);
}

// ---- the node's store ----------------------------------------------------------------

void RadioLink::State::on_held(const HeldMessage& message, bool fresh, std::int64_t now_ms) {
    State& s = *this;
    if (!s.held.emplace(message.id, message).second) return;
    s.held_by_tag[tag_of(message.id)] = message.id;
    ++s.version;
    // Trickle: a change starts the fast rhythm again (unless already fast).
    if (s.trickle_started && s.trickle_interval > kTrickleMinMs) {
        s.trickle_interval = kTrickleMinMs;
        s.trickle_start = now_ms;
        s.trickle_fire = now_ms + s.random_between(kTrickleMinMs / 2, kTrickleMinMs);
        s.trickle_consistent = 0;
        s.trickle_fired = false;
    }
    if (fresh && is_urgent(message) && message.expires_ms > now_ms &&
        allows(settings.policy, message)) {
        queue_message(message.id, {}, now_ms);
        // A listener that lost every fragment does not know what it missed: a summary soon
        // tells it (listeners that got it stay in step and count it as consistent).
        trickle(now_ms);
        if (trickle_fired || trickle_fire > now_ms + kSummaryAfterPushMs) {
            trickle_fire = now_ms + kSummaryAfterPushMs;
            trickle_fired = false;
            trickle_consistent = 0;
        }
    }
}

void RadioLink::State::on_gone(const MessageId& id) {
    State& s = *this;
    if (s.held.erase(id) == 0) return;
    s.held_by_tag.erase(tag_of(id));
    s.outgoing.erase(id);
    ++s.version;
}

// Queues a held message: every fragment (`only` empty) or only those listed.
void RadioLink::State::queue_message(const MessageId& id, const std::vector<std::uint16_t>& only,
                                     std::int64_t now_ms, std::uint32_t total,
                                     std::uint16_t count) {
    State& s = *this;
    auto held_it = s.held.find(id);
    if (held_it == s.held.end()) return;
    if (!only.empty()) {
        // Answering a listener: at most once per message per kRepeatGuardMs, whoever asks.
        if (s.repeat_after.size() > kMaxOutgoing)
            std::erase_if(s.repeat_after, [&](const auto& r) { return r.second <= now_ms; });
        auto [guard, fresh] = s.repeat_after.try_emplace(id, 0);
        if (!fresh && now_ms < guard->second) return;
        guard->second = now_ms + s.full_frame_ms + 1'000;
    }
    auto it = s.outgoing.find(id);
    if (it == s.outgoing.end()) {
        if (s.outgoing.size() >= kMaxOutgoing) {
            auto worst = std::max_element(
                s.outgoing.begin(), s.outgoing.end(),
                [](const auto& a, const auto& b) { return a.second.order < b.second.order; });
            if (worst->second.order < send_order(held_it->second)) return;
            s.outgoing.erase(worst);
        }
        Outgoing out;
        out.id = id;
        out.order = send_order(held_it->second);
        out.urgent = is_urgent(held_it->second);
        out.whole = only.empty();
        it = s.outgoing.emplace(id, std::move(out)).first;
    }
    Outgoing& out = it->second;
    if (only.empty()) {
        out.whole = true;
        if (out.prepared) std::fill(out.pending.begin(), out.pending.end(), true);
        return;
    }
    if (out.prepared) {
        if (out.total != total || out.fragments.size() != count) return;  // split differently
        for (std::uint16_t index : only)
            if (index < out.pending.size() && !out.pending[index]) {
                out.pending[index] = true;
                ++s.stats.retries;
            }
        return;
    }
    // Not read yet: whether our split is theirs is known once it is (prepare()).
    out.requested_total = total;
    out.requested_count = count;
    for (std::uint16_t index : only)
        if (out.requested.size() < count &&
            std::find(out.requested.begin(), out.requested.end(), index) == out.requested.end())
            out.requested.push_back(index);
}

// Reads the envelope, deflates it when that helps, and splits it into frames of our size.
bool RadioLink::State::prepare(Outgoing& out, EnvelopeSource& source) {
    auto envelope = source.envelope(out.id);
    if (!envelope || envelope->empty()) return false;
    std::string payload = std::move(*envelope);
    if (settings.compress) {
        if (auto deflated = deflate_if_smaller(as_bytes(payload))) {
            payload = std::move(*deflated);
            out.deflated = true;
        }
    }
    out.total = static_cast<std::uint32_t>(payload.size());
    out.fragments = split_for_frames(as_bytes(payload), settings.frame_bytes);
    out.pending.assign(out.fragments.size(), out.whole);
    out.sent_once.assign(out.fragments.size(), false);
    // Whatever happens to this entry (evicted, the message gone and back), a later sending of
    // the same message is a repeat.
    out.first_push = out.urgent && out.whole && !pushed.contains(tag_of(out.id));
    if (out.urgent) pushed.add(tag_of(out.id));
    if (out.requested_total == out.total && out.requested_count == out.fragments.size())
        for (std::uint16_t index : out.requested)
            if (index < out.pending.size()) out.pending[index] = true;
    out.requested.clear();
    out.prepared = true;
    return true;
}

}  // namespace baken::radio
