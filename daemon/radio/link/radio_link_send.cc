// RadioLink, the schedule and sending: Trickle summaries, retries, missing requests, and
// next_frame() within the budget and its shares (radio_link.h, radio_link_state.h).
#include "radio/link/radio_link_state.h"

namespace baken::radio {

// ---- the schedule ------------------------------------------------------------------------

void RadioLink::State::queue_control(LinkBody body, std::int64_t at_ms, std::string key,
                                     bool answer) {
    State& s = *this;
    if (!key.empty())
        for (const Control& c : s.control)
            if (c.key == key) return;
    if (s.control.size() >= kMaxControl) {
        // Full: answers to others go first, so our own summary, wants and requests survive.
        auto victim = std::find_if(s.control.begin(), s.control.end(),
                                   [](const Control& c) { return c.answer; });
        if (victim == s.control.end()) {
            if (answer) return;
            victim = s.control.begin();
        }
        s.control.erase(victim);
    }
    s.control.push_back({std::move(body), at_ms, std::move(key), answer});
}

void RadioLink::State::trickle(std::int64_t now_ms) {
    State& s = *this;
    if (!s.trickle_started) {
        s.trickle_started = true;
        s.trickle_interval = kTrickleMinMs;
        s.trickle_start = now_ms;
        s.trickle_fire = now_ms + s.random_between(kTrickleMinMs / 2, kTrickleMinMs);
    }
    if (!s.trickle_fired && now_ms >= s.trickle_fire) {
        s.trickle_fired = true;
        if (s.trickle_consistent < kTrickleRedundancy) queue_summary(now_ms);
    }
    if (now_ms >= s.trickle_start + s.trickle_interval) {
        s.trickle_interval = std::min(2 * s.trickle_interval, kTrickleMaxMs);
        s.trickle_start = now_ms;
        s.trickle_fire = now_ms + s.random_between(s.trickle_interval / 2, s.trickle_interval);
        s.trickle_consistent = 0;
        s.trickle_fired = false;
    }
}

void RadioLink::State::queue_summary(std::int64_t now_ms) {
    State& s = *this;
    if (!s.own || s.own->version != s.version) {
        OwnEpoch own;
        own.epoch = static_cast<std::uint32_t>(s.rng());
        own.version = s.version;
        sync::Salt salt = epoch_salt(settings.self, own.epoch);
        std::vector<MessageId> ids = eligible_ids(s.held, settings.policy, now_ms);
        own.index = sync::ShortKeyIndex::build(ids, salt);
        own.summary = sync::summarize_for_session(ids, salt);
        s.own = std::move(own);
        s.symbols_sent_at.clear();
    }
    SummaryFrame f;
    f.count = s.own->summary.count;
    f.epoch = s.own->epoch;
    f.digest = s.own->summary.digest;
    f.policy = settings.policy;
    queue_control(f, now_ms, "summary");
    ++s.stats.summaries_sent;
}

void RadioLink::State::housekeeping(std::int64_t now_ms) {
    State& s = *this;
    trickle(now_ms);
    for (auto it = s.reconciliations.begin(); it != s.reconciliations.end();) {
        if (now_ms < it->answer_due) {
            ++it;
        } else if (++it->attempts > kMaxRequestAttempts) {
            it = s.reconciliations.erase(it);
        } else {
            ++s.stats.retries;
            std::uint32_t received = static_cast<std::uint32_t>(it->decoder->received());
            ask_symbols(*it, received,
                        static_cast<std::uint32_t>(symbols_per_frame(settings.frame_bytes)),
                        now_ms);
            ++it;
        }
    }
    s.reassembly.expire(now_ms);
    ask_for_missing(now_ms);
}

// A partial that has been quiet for a while lost fragments: say which, for several partials
// in one frame. An urgent one is asked for as soon as its sender has had time to finish; the
// others only once the channel itself has been quiet, so that requests do not collide with a
// sender still busy with a backlog. Backoff doubles from there (capped at a minute) and is
// jittered: two stations asking at once must not keep colliding, and a sender waiting for its
// budget must not be asked over and over.
void RadioLink::State::ask_for_missing(std::int64_t now_ms) {
    State& s = *this;
    const std::int64_t quiet = 2 * s.full_frame_ms + 2'000;
    const std::int64_t urgent_quiet = s.full_frame_ms + 1'000;
    std::erase_if(s.partial_info,
                  [&](const auto& p) { return !s.reassembly.has_partial(p.first); });
    std::erase_if(s.missing, [&](const auto& p) { return !s.reassembly.has_partial(p.first); });
    const bool channel_quiet = now_ms - s.last_heard_ms >= quiet;
    MissingFrame f;
    std::size_t listed = 0;
    std::size_t room = settings.frame_bytes - kLinkHeaderSize - kLinkCheckSize;
    for (const PartialState& p : s.reassembly.partials()) {
        const bool urgent = s.partial_info[p.tag].urgent;
        if (p.missing.empty() || now_ms - p.last_heard_ms < (urgent ? urgent_quiet : quiet))
            continue;
        if (!urgent && !channel_quiet) continue;
        MissingState& m = s.missing[p.tag];
        if (now_ms < m.next_ms) continue;
        // Enough asking: the fragments held stay (until reassembly gives up on them) so that
        // whatever brings the rest later — a resend after a want, another station — completes it.
        if (m.attempts >= kMaxMissingAttempts) continue;
        // An entry costs at most 6 + 5 + 3 + 3 bytes and 3 per index.
        std::size_t n = std::min({p.missing.size(), kMaxIndicesPerEntry, kMaxMissingListed - listed,
                                  room > 17 ? (room - 17) / 3 : std::size_t{0}});
        if (n == 0 || f.entries.size() >= kMaxMissingEntries) break;
        ++m.attempts;
        // The sender may be waiting for its airtime budget rather than have lost our request:
        // ask again soon once, then less and less often (capped at a minute).
        std::int64_t base = urgent ? urgent_quiet : quiet;
        std::int64_t wait = std::min<std::int64_t>(base << (m.attempts - 1), 60'000);
        m.next_ms = now_ms + wait + s.random_between(0, base);
        MissingEntry e;
        e.tag = p.tag;
        e.total = s.partial_info[p.tag].total;
        e.count = p.count;
        e.indices.assign(p.missing.begin(), p.missing.begin() + static_cast<std::ptrdiff_t>(n));
        f.entries.push_back(std::move(e));
        listed += n;
        room -= std::min(room, 17 + 3 * n);
    }
    if (f.entries.empty()) return;
    ++s.stats.retries;
    queue_control(std::move(f), now_ms, {});
}

// ---- sending -------------------------------------------------------------------------------

std::optional<std::string> RadioLink::State::next_frame(std::int64_t now_ms,
                                                        EnvelopeSource& source) {
    State& s = *this;
    housekeeping(now_ms);
    if (s.busy_until - now_ms > s.queue_allowance_ms) return std::nullopt;  // two frames wait
    // Flash data first, then the protocol's own frames, then the rest by precedence.
    if (auto frame = next_data(now_ms, source, true)) return frame;
    if (auto frame = next_control(now_ms)) return frame;
    return next_data(now_ms, source, false);
}

std::optional<std::string> RadioLink::State::transmit(const LinkBody& body, std::int64_t now_ms,
                                                      double share) {
    State& s = *this;
    std::string frame = framing.wrap(encode_link_frame({settings.self, body}));
    std::int64_t airtime = airtime_ms(settings.airtime, as_bytes(frame));
    auto limit = static_cast<std::int64_t>(static_cast<double>(s.budget.budget_ms()) * share);
    if (s.budget.used(now_ms) + airtime > limit) {
        ++s.stats.budget_waits;
        std::int64_t at = s.budget.fits_at(now_ms, airtime + (s.budget.budget_ms() - limit));
        at = std::max(now_ms + 1, at);
        // The earliest time anything waiting may fit (urgent frames fit sooner than bulk).
        s.budget_wait_until = s.budget_wait_until > now_ms ? std::min(s.budget_wait_until, at) : at;
        return std::nullopt;
    }
    // On the air once the TNC has sent what it already holds.
    std::int64_t on_air_at = std::max(s.busy_until, now_ms);
    s.budget.spend(now_ms, airtime, on_air_at,
                   on_air_at > now_ms ? s.slack_queued_ms : s.slack_idle_ms);
    s.busy_until = on_air_at + airtime + settings.access_delay_ms;
    s.budget_wait_until = 0;
    ++s.stats.frames_sent;
    s.stats.bytes_sent += frame.size();
    s.stats.airtime_total_ms += airtime;
    return frame;
}

std::optional<std::string> RadioLink::State::next_control(std::int64_t now_ms) {
    State& s = *this;
    for (auto it = s.control.begin(); it != s.control.end();) {
        if (it->not_before > now_ms) {
            ++it;
            continue;
        }
        // A request for fragments that has waited (for the budget) may have been answered
        // meanwhile: ask only for what is still missing, or not at all.
        if (auto* missing = std::get_if<MissingFrame>(&it->body)) {
            std::erase_if(missing->entries,
                          [&](const MissingEntry& e) { return !s.reassembly.has_partial(e.tag); });
            if (missing->entries.empty()) {
                it = s.control.erase(it);
                continue;
            }
        }
        auto frame = transmit(it->body, now_ms, kControlShare);
        if (!frame) return std::nullopt;
        s.control.erase(it);
        return frame;
    }
    return std::nullopt;
}

// The first send of an urgent message may use the whole budget; an urgent fragment sent again
// (whoever asked) the repair share, above the protocol's own frames but below a new flash
// message; routine and priority data the bulk share. So requests for old fragments can never
// take the last of the budget from a new flash message, and neither a backlog nor a busy
// reconciliation can hold up the repair of an urgent one.
std::optional<std::string> RadioLink::State::send_fragment(Outgoing& out, std::int64_t now_ms) {
    auto next = std::find(out.pending.begin(), out.pending.end(), true);
    auto index = static_cast<std::uint16_t>(next - out.pending.begin());
    DataFrame f;
    f.deflated = out.deflated;
    f.urgent = out.urgent;
    f.tag = tag_of(out.id);
    f.total = out.total;
    f.index = index;
    f.count = static_cast<std::uint16_t>(out.fragments.size());
    f.chunk = out.fragments[index];
    const bool first_send = out.first_push && !out.sent_once[index];
    auto frame = transmit(f, now_ms, first_send ? 1.0 : out.urgent ? kRepairShare : kBulkShare);
    if (!frame) return std::nullopt;
    *next = false;
    out.sent_once[index] = true;
    return frame;
}

std::optional<std::string> RadioLink::State::next_data(std::int64_t now_ms, EnvelopeSource& source,
                                                       bool urgent) {
    State& s = *this;
    if (!urgent && now_ms < s.bulk_not_before) return std::nullopt;
    std::vector<Outgoing*> waiting;
    for (auto& [id, out] : s.outgoing)
        if (out.urgent == urgent &&
            (!out.prepared ||
             std::find(out.pending.begin(), out.pending.end(), true) != out.pending.end()))
            waiting.push_back(&out);
    std::sort(waiting.begin(), waiting.end(),
              [](const Outgoing* a, const Outgoing* b) { return a->order < b->order; });
    std::vector<MessageId> done;
    std::optional<std::string> frame;
    // In order; one that does not fit the budget (a repeat at the bulk share) lets the next try.
    for (std::size_t i = 0; i < waiting.size() && i < 8 && !frame; ++i) {
        Outgoing& out = *waiting[i];
        if (!out.prepared && !prepare(out, source)) {
            done.push_back(out.id);  // gone from the store meanwhile
            continue;
        }
        if (std::find(out.pending.begin(), out.pending.end(), true) == out.pending.end()) {
            done.push_back(out.id);  // asked for fragments of a split that is not ours
            continue;
        }
        frame = send_fragment(out, now_ms);
        if (frame && std::find(out.pending.begin(), out.pending.end(), true) == out.pending.end()) {
            if (out.whole) ++s.stats.messages_sent;
            done.push_back(out.id);
            if (!urgent)
                s.bulk_not_before =
                    s.busy_until + settings.access_delay_ms + settings.airtime.tx_delay_ms + 500;
        }
    }
    for (const MessageId& id : done) s.outgoing.erase(id);
    return frame;
}

std::int64_t RadioLink::State::next_wakeup_ms(std::int64_t now_ms) {
    State& s = *this;
    std::int64_t at = now_ms + kHousekeepingMs;
    auto consider = [&](std::int64_t t) { at = std::min(at, std::max(t, now_ms + 1)); };
    if (s.trickle_started)
        consider(s.trickle_fired ? s.trickle_start + s.trickle_interval : s.trickle_fire);
    bool urgent_work = false;  // urgent data or a protocol frame that is due
    bool bulk_work = false;
    for (const auto& [id, out] : s.outgoing) {
        bool waiting = !out.prepared ||
                       std::find(out.pending.begin(), out.pending.end(), true) != out.pending.end();
        (out.urgent ? urgent_work : bulk_work) |= waiting;
    }
    for (const Control& c : s.control) {
        if (c.not_before <= now_ms)
            urgent_work = true;
        else
            consider(std::max(c.not_before, s.busy_until - s.queue_allowance_ms));
    }
    const std::int64_t free_at =
        std::max({s.busy_until - s.queue_allowance_ms, s.budget_wait_until, now_ms + 1});
    if (urgent_work) consider(free_at);
    if (bulk_work) consider(std::max(free_at, s.bulk_not_before));
    for (const auto& r : s.reconciliations) consider(r.answer_due);
    if (!s.reassembly.partials().empty()) consider(now_ms + 1'000);
    return at;
}

LinkStats RadioLink::State::snapshot(std::int64_t now_ms) {
    State& s = *this;
    LinkStats out = s.stats;
    out.airtime_used_ms = s.budget.used_in_window(now_ms);
    out.airtime_budget_ms = s.budget.budget_ms();
    out.window_ms = s.budget.window_ms();
    return out;
}

}  // namespace baken::radio
