// RadioLink, receiving: the frames heard (radio_link.h, radio_link_state.h).
#include "radio/link/payload_compression.h"
#include "radio/link/radio_link_state.h"

namespace baken::radio {

// ---- receiving ---------------------------------------------------------------------------

void RadioLink::State::on_modem_frame(ByteView frame, std::int64_t now_ms) {
    State& s = *this;
    ++s.stats.frames_received;
    s.stats.bytes_received += frame.size();
    // The channel was busy with this frame; what we handed the TNC waited meanwhile, and goes
    // on the air (and counts against the budget) that much later (even a frame the estimate
    // had started: the other station may have keyed up while our TNC waited for its turn).
    std::int64_t heard = airtime_ms(settings.airtime, frame);
    if (s.busy_until > now_ms - heard) s.busy_until += heard;
    s.budget.postpone(now_ms - heard, heard);
    s.last_heard_ms = now_ms;
    auto unwrapped = framing.unwrap(frame);
    if (!unwrapped) {
        ++s.stats.frames_ignored;
        return;
    }
    auto decoded = decode_link_frame(as_bytes(unwrapped->payload));
    if (!decoded || decoded->sender == settings.self) {
        ++s.stats.frames_ignored;
        return;
    }
    hear(decoded->sender, unwrapped->station, now_ms);
    LinkId sender = decoded->sender;
    std::visit(
        [&](auto& body) {
            using T = std::decay_t<decltype(body)>;
            if constexpr (std::is_same_v<T, SummaryFrame>) on_summary(sender, body, now_ms);
            if constexpr (std::is_same_v<T, SymbolRequestFrame>)
                on_symbol_request(sender, body, now_ms);
            if constexpr (std::is_same_v<T, SymbolsFrame>) on_symbols(sender, body, now_ms);
            if constexpr (std::is_same_v<T, WantFrame>) on_want(body, now_ms);
            if constexpr (std::is_same_v<T, DataFrame>) on_data(body, now_ms);
            if constexpr (std::is_same_v<T, MissingFrame>) on_missing(body, now_ms);
        },
        decoded->body);
}

void RadioLink::State::hear(LinkId sender, const std::string& station, std::int64_t now_ms) {
    auto& neighbours = stats.neighbours;
    if (!neighbours.contains(sender) && neighbours.size() >= kMaxNeighbours) {
        auto oldest = std::min_element(neighbours.begin(), neighbours.end(),
                                       [](const auto& a, const auto& b) {
                                           return a.second.last_heard_ms < b.second.last_heard_ms;
                                       });
        neighbours.erase(oldest);
    }
    NeighbourState& n = neighbours[sender];
    if (!station.empty()) n.station = station;
    n.last_heard_ms = now_ms;
    ++n.frames;
}

void RadioLink::State::on_summary(LinkId sender, const SummaryFrame& f, std::int64_t now_ms) {
    State& s = *this;
    // Comparing costs a pass over the held set: a flood of summaries must not cost more.
    while (!s.summaries_compared.empty() && s.summaries_compared.front() <= now_ms - 60'000)
        s.summaries_compared.pop_front();
    if (s.summaries_compared.size() >= kSummariesPerMinute) return;
    s.summaries_compared.push_back(now_ms);
    sync::Salt salt = epoch_salt(sender, f.epoch);
    std::vector<MessageId> ids = eligible_ids(s.held, f.policy, now_ms);
    sync::SessionSummary mine = sync::summarize_for_session(ids, salt);
    NeighbourState& n = s.stats.neighbours[sender];
    n.summary_count = f.count;
    n.last_summary_ms = now_ms;
    n.in_sync = mine.count == f.count && mine.digest == f.digest;
    auto& recs = s.reconciliations;
    auto existing =
        std::find_if(recs.begin(), recs.end(), [&](const auto& r) { return r.peer == sender; });
    if (n.in_sync) {
        if (f.policy == settings.policy) ++s.trickle_consistent;
        if (existing != recs.end()) recs.erase(existing);
        return;
    }
    if (existing != recs.end()) {
        if (existing->epoch == f.epoch) return;  // already finding out
        recs.erase(existing);
    }
    if (recs.size() >= kMaxReconciliations) {
        // Make room only by giving up one that has not started: one under way is worth more
        // than a newcomer (who may not even exist).
        auto idle = std::find_if(recs.begin(), recs.end(),
                                 [](const auto& r) { return r.decoder->received() == 0; });
        if (idle == recs.end()) return;
        std::string prefix = "r" + std::to_string(idle->peer) + ":";
        std::erase_if(s.control, [&](const Control& c) { return c.key.starts_with(prefix); });
        recs.erase(idle);
    }
    Reconciliation r;
    r.peer = sender;
    r.epoch = f.epoch;
    r.local = sync::ShortKeyIndex::build(ids, salt);
    // No key-list fallback on a radio: symbols (8 bytes for ~0.7 of a message id) stay the
    // cheapest way to learn any difference, so the decoder may use all an epoch offers.
    r.decoder = std::make_unique<sync::SymbolDecoder>(r.local.keys(), kMaxEpochSymbols);
    // A difference of d needs about 1.35-2 d symbols; |count difference| is a lower bound on d.
    std::uint64_t d = f.count > ids.size() ? f.count - ids.size() : ids.size() - f.count;
    auto first_ask = static_cast<std::uint32_t>(
        std::clamp<std::uint64_t>(2 * d + 4, 4, symbols_per_frame(settings.frame_bytes)));
    // Wait a moment: another listener may ask the same, and one answer serves both.
    std::int64_t at = now_ms + s.random_between(300, 2500);
    ask_symbols(r, 0, first_ask, at);
    recs.push_back(std::move(r));
}

void RadioLink::State::ask_symbols(Reconciliation& r, std::uint32_t first, std::uint32_t count,
                                   std::int64_t at_ms) {
    r.asked_first = first;
    r.asked_end = first + count;
    std::int64_t frame_ms = airtime_ms(settings.airtime, settings.frame_bytes);
    std::size_t frames = (count + symbols_per_frame(settings.frame_bytes) - 1) /
                         symbols_per_frame(settings.frame_bytes);
    r.answer_due = at_ms + frame_ms * static_cast<std::int64_t>(frames + 2) + 5'000;
    queue_control(SymbolRequestFrame{r.peer, r.epoch, first, count}, at_ms,
                  "r" + std::to_string(r.peer) + ":" + std::to_string(first));
}

void RadioLink::State::on_symbol_request(LinkId sender, const SymbolRequestFrame& f,
                                         std::int64_t now_ms) {
    State& s = *this;
    if (f.target != settings.self) {
        // Someone asked the same peer for the same symbols: their answer will do for us.
        for (auto& r : s.reconciliations)
            if (r.peer == f.target && r.epoch == f.epoch && r.asked_first == f.first)
                std::erase_if(s.control, [&](const Control& c) {
                    return c.key == "r" + std::to_string(r.peer) + ":" + std::to_string(f.first);
                });
        return;
    }
    (void)sender;
    if (!s.own || s.own->epoch != f.epoch) return;  // an old summary: they will hear the next
    std::size_t per_frame = symbols_per_frame(settings.frame_bytes);
    std::size_t end = std::min<std::size_t>({std::size_t{f.first} + f.count,
                                             std::size_t{f.first} + per_frame * kMaxAnswerFrames,
                                             kMaxEpochSymbols});
    OwnEpoch& own = *s.own;
    if (!own.encoder) own.encoder = std::make_unique<sync::SymbolEncoder>(own.index.keys());
    if (end > own.symbols.size()) own.encoder->produce(end - own.symbols.size(), own.symbols);
    for (std::size_t first = f.first; first < end; first += per_frame) {
        std::size_t last = std::min(end, first + per_frame);
        // The same range again within seconds helps no one (every listener heard it): asking
        // over and over must not make us repeat it.
        auto [sent, fresh] = s.symbols_sent_at.try_emplace(static_cast<std::uint32_t>(first), 0);
        if (!fresh && sent->second > now_ms - kSymbolRepeatGuardMs) continue;
        sent->second = now_ms;
        SymbolsFrame answer;
        answer.epoch = own.epoch;
        answer.first = static_cast<std::uint32_t>(first);
        answer.symbols.assign(own.symbols.begin() + static_cast<std::ptrdiff_t>(first),
                              own.symbols.begin() + static_cast<std::ptrdiff_t>(last));
        queue_control(std::move(answer), now_ms,
                      "s" + std::to_string(own.epoch) + ":" + std::to_string(first), true);
    }
}

void RadioLink::State::on_symbols(LinkId sender, const SymbolsFrame& f, std::int64_t now_ms) {
    State& s = *this;
    auto it = std::find_if(s.reconciliations.begin(), s.reconciliations.end(),
                           [&](const auto& r) { return r.peer == sender && r.epoch == f.epoch; });
    if (it == s.reconciliations.end()) return;
    Reconciliation& r = *it;
    std::size_t have = r.decoder->received();
    if (f.first > have || f.first + f.symbols.size() <= have) return;  // a gap, or old news
    std::span<const sync::CodedSymbol> fresh(f.symbols);
    auto result = r.decoder->add_remote(fresh.subspan(have - f.first));
    if (!result) {
        s.reconciliations.erase(it);  // the next summary starts afresh
        return;
    }
    if (*result == sync::DecodeStatus::need_more) {
        std::size_t received = r.decoder->received();
        // Still short of where the outstanding request ends: more of its answer is on its way.
        if (received < r.asked_end) return;
        auto more = static_cast<std::uint32_t>(
            std::clamp<std::size_t>(received, 4, 2 * symbols_per_frame(settings.frame_bytes)));
        ask_symbols(r, static_cast<std::uint32_t>(received), more, now_ms);
        return;
    }
    settle_difference(r, now_ms);
    s.reconciliations.erase(it);
}

// The difference is known: ask for what we lack, send what the peer lacks.
void RadioLink::State::settle_difference(Reconciliation& r, std::int64_t now_ms) {
    const std::vector<sync::ShortKey>& lack = r.decoder->remote_only();
    std::size_t per_frame = keys_per_frame(settings.frame_bytes);
    for (std::size_t i = 0; i < lack.size(); i += per_frame) {
        WantFrame want;
        want.target = r.peer;
        want.epoch = r.epoch;
        want.keys.assign(
            lack.begin() + static_cast<std::ptrdiff_t>(i),
            lack.begin() + static_cast<std::ptrdiff_t>(std::min(lack.size(), i + per_frame)));
        queue_control(std::move(want), now_ms, {});
    }
    for (sync::ShortKey key : r.decoder->local_only())
        for (const sync::ShortKeyEntry& entry : r.local.find(key)) {
            auto held_it = held.find(entry.id);
            if (held_it != held.end() && allows(settings.policy, held_it->second))
                queue_message(entry.id, {}, now_ms);
        }
}

void RadioLink::State::on_want(const WantFrame& f, std::int64_t now_ms) {
    State& s = *this;
    if (f.target != settings.self || !s.own || s.own->epoch != f.epoch) return;
    for (sync::ShortKey key : f.keys)
        for (const sync::ShortKeyEntry& entry : s.own->index.find(key))
            queue_message(entry.id, {}, now_ms);
}

void RadioLink::State::on_data(const DataFrame& f, std::int64_t now_ms) {
    State& s = *this;
    // Someone else sent this fragment: every listener that could hear us heard it too (mostly).
    auto held_it = s.held_by_tag.find(f.tag);
    if (held_it != s.held_by_tag.end()) {
        auto out_it = s.outgoing.find(held_it->second);
        if (out_it != s.outgoing.end()) {
            Outgoing& out = out_it->second;
            // Only the very same bytes: a forged fragment must not silence ours.
            if (out.prepared && out.fragments.size() == f.count && out.total == f.total &&
                out.deflated == f.deflated && out.fragments[f.index] == f.chunk) {
                out.pending[f.index] = false;
                if (std::find(out.pending.begin(), out.pending.end(), true) == out.pending.end())
                    s.outgoing.erase(out_it);
            }
        }
    }
    if (s.held_by_tag.contains(f.tag) || s.awaiting_outcome.contains(f.tag) ||
        s.refused.contains(f.tag))
        return;
    Fragment fragment{f.tag, f.total, f.index, f.count, as_bytes(f.chunk)};
    auto added = s.reassembly.add(fragment, now_ms);
    if (!added) {
        ++s.stats.frames_ignored;
        return;
    }
    if (!*added) {
        s.partial_info[f.tag] = {f.total, f.urgent};
        s.missing.erase(f.tag);  // it is coming: start asking afresh if it stalls again
        return;
    }
    s.partial_info.erase(f.tag);
    s.missing.erase(f.tag);
    std::optional<std::string> envelope;
    if (f.deflated)
        envelope = inflate_bounded(as_bytes(**added), limits::kMaxEnvelopeBytes);
    else if ((*added)->size() <= limits::kMaxEnvelopeBytes)
        envelope = std::move(**added);
    if (!envelope) {
        ++s.stats.frames_ignored;
        return;
    }
    ++s.stats.messages_received;
    s.stats.message_bytes_received += envelope->size();
    s.awaiting_outcome.add(f.tag);
    received.push_back({f.tag, std::move(*envelope)});
}

void RadioLink::State::on_missing(const MissingFrame& f, std::int64_t now_ms) {
    State& s = *this;
    for (const MissingEntry& e : f.entries) {
        auto held_it = s.held_by_tag.find(e.tag);
        if (held_it == s.held_by_tag.end()) continue;
        if (!allows(settings.policy, s.held.at(held_it->second))) continue;
        queue_message(held_it->second, e.indices, now_ms, e.total, e.count);
    }
}

std::vector<ReceivedEnvelope> RadioLink::State::take_received() {
    return std::exchange(received, {});
}

void RadioLink::State::on_outcome(const MessageTag& tag, bool held, bool remember) {
    awaiting_outcome.erase(tag);
    if (!held && remember) refused.add(tag);
}

}  // namespace baken::radio
