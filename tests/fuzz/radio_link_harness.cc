// See radio_link_harness.h. The run: the steps, the victim driven like RadioService drives it,
// and the invariants; fuzz_radio_link() and RadioLinkHarness. The cast (universe, stations, the
// wire rules a listener needs) is in radio_link_cast.{h,cc}, the script builder in
// radio_link_script.cc.
#include "fuzz/radio_link_harness.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <variant>

#include "common/bytes.h"
#include "crypto/keys.h"
#include "fuzz/invariant.h"
#include "fuzz/radio_link_cast.h"
#include "message/limits.h"
#include "radio/codec/ax25_frame.h"
#include "radio/link/radio_link.h"
#include "sync/reconciliation/set_summary.h"
#include "sync/reconciliation/symbol_encoder.h"

namespace baken::fuzz {
namespace {

using radio::DataFrame;
using radio::HeldMessage;
using radio::LinkFrame;
using radio::MessageTag;
using radio_link::ax25_from;
using radio_link::callsign;
using radio_link::has_marker_piece;
using radio_link::is_urgent;
using radio_link::Payload;
using radio_link::payload_of;
using radio_link::split_like_a_sender;
using radio_link::tag_of;
using radio_link::with_check;

constexpr std::size_t kMaxSteps = 1024;
constexpr std::int64_t kMaxMs = 12 * 3'600'000;
constexpr std::size_t kMaxWakeupsPerWait = 256;
constexpr std::size_t kMaxFramesAtOnce = 8;
// Wakeups in a row, each under kSpinMs after the last, that give no frame: the link spins.
constexpr std::size_t kMaxIdleWakeups = 64;
constexpr std::int64_t kSpinMs = 5;
constexpr std::size_t kMaxStoredFromRadio = 16;    // envelopes the harness's store keeps
constexpr std::size_t kRememberedRefusals = 1000;  // below RadioLink's 1024
constexpr std::int64_t kWindowMs = 60'000;
constexpr double kDutyCycle = 0.10;
constexpr std::int64_t kAccessDelayMs = 300;
constexpr double kBulkShare = 0.70;     // routine and priority data (docs/radio-link.md)
constexpr double kControlShare = 0.85;  // the protocol's own frames
constexpr double kRepairShare = 0.95;   // urgent fragments sent again

// Reads the input front to back; past the end every read gives 0. More input may be appended
// between steps (RadioLinkHarness::play).
class Reader {
  public:
    explicit Reader(std::string_view input) : input_(input) {}
    void append(std::string_view more) { input_ += more; }
    bool done() const { return at_ >= input_.size(); }
    std::uint8_t byte() { return done() ? 0 : static_cast<std::uint8_t>(input_[at_++]); }
    std::uint16_t be16() {
        const std::uint16_t hi = byte();
        return static_cast<std::uint16_t>(hi << 8 | byte());
    }
    std::uint32_t be32() {
        const std::uint32_t hi = be16();
        return hi << 16 | be16();
    }
    std::string take(std::size_t n) {
        n = std::min(n, input_.size() - std::min(at_, input_.size()));
        std::string out = input_.substr(std::min(at_, input_.size()), n);
        at_ += n;
        return out;
    }

  private:
    std::string input_;
    std::size_t at_ = 0;
};

// The node's store as the victim sees it: exact envelope bytes of what it holds.
class Store : public radio::EnvelopeSource {
  public:
    std::optional<std::string> envelope(const MessageId& id) override {
        auto it = held_.find(id);
        if (it == held_.end()) return std::nullopt;
        return it->second.bytes;
    }
    bool hold(const HeldMessage& meta, const std::string& bytes) {
        if (!held_.emplace(meta.id, UniverseMessage{meta, bytes}).second) return false;
        by_tag_[tag_of(meta.id)] = meta.id;
        return true;
    }
    bool drop(const MessageId& id) {
        if (held_.erase(id) == 0) return false;
        by_tag_.erase(tag_of(id));
        return true;
    }
    const UniverseMessage* by_tag(const MessageTag& tag) const {
        auto it = by_tag_.find(tag);
        return it == by_tag_.end() ? nullptr : &held_.at(it->second);
    }
    std::size_t lawful_count() const {
        return static_cast<std::size_t>(std::count_if(
            held_.begin(), held_.end(), [](const auto& h) { return !h.second.meta.sealed; }));
    }

  private:
    std::map<MessageId, UniverseMessage> held_;
    std::map<MessageTag, MessageId> by_tag_;  // universe and stored tags never collide
};

class Run {
  public:
    // Reads the header and sets the victim up.
    explicit Run(std::string_view input) : in_(input) { start(); }

    // Runs the steps there are (after appending `more`), within the bounds.
    void play(std::string_view more) {
        in_.append(more);
        while (!in_.done() && out_.steps < kMaxSteps && now_ < kMaxMs) {
            ++out_.steps;
            step(in_.byte());
        }
        out_.end_ms = now_;
        out_.next_wakeup_ms = wakeup_;
    }
    const RadioLinkOutcome& outcome() const { return out_; }
    RadioLinkOutcome take_outcome() { return std::move(out_); }

  private:
    // ---- setting up ----

    void start() {
        const std::uint8_t h0 = in_.byte(), h1 = in_.byte(), h2 = in_.byte();
        settings_.self = kVictimLinkId;
        settings_.policy = radio::allow_everything(true);
        settings_.frame_bytes = 64 + h0 % 193;
        settings_.airtime = {(h1 & 2) ? 9600u : 1200u, 300, true};
        settings_.window_ms = kWindowMs;
        settings_.duty_cycle = kDutyCycle;
        settings_.compress = (h1 & 1) != 0;
        settings_.access_delay_ms = kAccessDelayMs;
        budget_ms_ = static_cast<std::int64_t>(static_cast<double>(kWindowMs) * kDutyCycle);
        margin_ms_ = radio::budget_margin(settings_);
        radio::ModemFramingSettings framing;
        framing.source = callsign(kVictimCall);
        link_ = std::make_unique<radio::RadioLink>(settings_, radio::ModemFraming(framing),
                                                   1 + (h1 >> 4));
        const auto& universe = radio_link_universe();
        for (std::size_t k = 0; k < 8; ++k)
            if (h2 & (1u << k)) hold(universe[k].meta, universe[k].bytes, (h1 & 4) != 0);
        drain();
    }

    // ---- steps ----

    void step(std::uint8_t op) {
        refuse_ = (op & 0x80) != 0;
        const std::uint8_t flags = op & 0x70;
        switch (op & 0x0F) {
            case 0: {
                const std::int64_t v = in_.be16();
                advance((flags & 0x10) ? v : v * 64);
                return;
            }
            case 1:
                deliver(in_.take(in_.be16() & 0x7FF));
                return;
            case 2:
                checked_frame(flags);
                return;
            case 3:
                summary(flags);
                return;
            case 4:
                symbol_request(flags);
                return;
            case 5:
                symbols(flags);
                return;
            case 6:
                want(flags);
                return;
            case 7:
                fragments(flags);
                return;
            case 8:
                free_data(flags);
                return;
            case 9:
                missing();
                return;
            case 10:
                store_step(flags);
                return;
            case 11:
                echo(flags);
                return;
            default:
                advance(4 * std::int64_t{in_.byte()});
                return;
        }
    }

    // Time passes; the victim runs at every wakeup on the way, as RadioService runs it.
    void advance(std::int64_t ms) {
        const std::int64_t target = std::min(now_ + ms, kMaxMs);
        std::size_t idle = 0;
        for (std::size_t n = 0; n < kMaxWakeupsPerWait && wakeup_ <= target; ++n) {
            const std::int64_t gap = wakeup_ - now_;
            now_ = wakeup_;
            const std::size_t before = out_.sent.size();
            drain();
            idle = (out_.sent.size() == before && gap < kSpinMs) ? idle + 1 : 0;
            require(idle < kMaxIdleWakeups, "the link does not ask to be woken again and again",
                    "wakeups under 5 ms apart that give no frame");
        }
        if (target > now_) {
            now_ = target;
            drain();
        }
    }

    void checked_frame(std::uint8_t flags) {
        const Station& station = radio_link_station(in_.byte());
        std::string bytes = in_.take(in_.be16() & 0x3FF);
        const bool to_victim_epoch = (flags & 0x10) && bytes.size() >= 13 &&
                                     ((bytes[0] & 0x0F) == 2 || (bytes[0] & 0x0F) == 4);
        if (to_victim_epoch && victim_epoch_) {
            for (int i = 0; i < 4; ++i)
                bytes[9 + i] = static_cast<char>(*victim_epoch_ >> (24 - 8 * i));
        }
        deliver(ax25_from(station, with_check(bytes)));
    }

    void summary(std::uint8_t flags) {
        const Station& station = radio_link_station(in_.byte());
        radio::SummaryFrame f;
        f.epoch = in_.be32();
        const std::vector<MessageId> ids = masked(in_.be16());
        const std::uint8_t policy = in_.byte();
        f.policy.lawful = (policy & 1) != 0;
        f.policy.precedences = policy & 0x1E;
        f.policy.kinds = (policy & 0x20) ? radio::allow_everything(false).kinds
                                         : (1u << Kind::kSitrep) | (1u << Kind::kNeed);
        if (flags & 0x10) {
            f.count = in_.byte();
            const std::string digest = in_.take(8);
            std::copy(digest.begin(), digest.end(), f.digest.begin());
        } else {
            std::vector<MessageId> allowed;
            for (const MessageId& id : ids)
                if (const UniverseMessage* m = universe_message(id);
                    m && m->meta.expires_ms > now_ && radio::allows(f.policy, m->meta))
                    allowed.push_back(id);
            const auto s =
                sync::summarize_for_session(allowed, radio::epoch_salt(station.id, f.epoch));
            f.count = s.count;
            f.digest = s.digest;
        }
        station_epoch_[station.id] = f.epoch;
        deliver_link(station, f);
    }

    void symbol_request(std::uint8_t flags) {
        const Station& station = radio_link_station(in_.byte());
        radio::SymbolRequestFrame f;
        f.target = target_id(in_.byte());
        f.epoch = (flags & 0x10) ? in_.be32() : victim_epoch_.value_or(0);
        f.first = in_.be16();
        f.count = in_.be16();
        deliver_link(station, f);
    }

    void symbols(std::uint8_t flags) {
        const Station& station = radio_link_station(in_.byte());
        radio::SymbolsFrame f;
        f.epoch = (flags & 0x10) ? in_.be32() : station_epoch_[station.id];
        const std::vector<MessageId> ids = masked(in_.be16());
        f.first = in_.be16() & 0xFFF;
        const std::size_t n = 1 + in_.byte() % 32;
        const auto index = sync::ShortKeyIndex::build(ids, radio::epoch_salt(station.id, f.epoch));
        sync::SymbolEncoder encoder(index.keys());
        std::vector<sync::CodedSymbol> all;
        encoder.produce(f.first + n, all);
        f.symbols.assign(all.end() - static_cast<std::ptrdiff_t>(n), all.end());
        if (flags & 0x20) {
            const std::size_t k = in_.byte() % n;
            f.symbols[k].key_sum ^= in_.byte();
        }
        deliver_link(station, std::move(f));
    }

    void want(std::uint8_t flags) {
        const Station& station = radio_link_station(in_.byte());
        radio::WantFrame f;
        f.target = target_id(in_.byte());
        f.epoch = (flags & 0x10) ? in_.be32() : victim_epoch_.value_or(0);
        const sync::Salt salt = radio::epoch_salt(f.target, f.epoch);
        for (const MessageId& id : masked(in_.be16())) f.keys.push_back(sync::short_key(id, salt));
        const std::size_t raw = in_.byte();
        for (std::size_t i = 0; i < raw; ++i) {
            const std::uint64_t hi = in_.byte();
            f.keys.push_back(hi << 32 | in_.be32());
        }
        if (f.keys.empty()) f.keys.push_back(0);
        deliver_link(station, std::move(f));
    }

    // Fragments of a universe message split as a sender with `frame_bytes` splits it.
    void fragments(std::uint8_t flags) {
        const Station& station = radio_link_station(in_.byte());
        const UniverseMessage& m = radio_link_universe()[in_.byte() % kUniverseSize];
        const std::size_t frame_bytes = 64 + in_.byte() % 193;
        const std::uint16_t index = in_.be16();
        const Payload payload = payload_of(m.bytes, (flags & 0x10) != 0);
        const auto chunks = split_like_a_sender(payload.bytes, frame_bytes);
        DataFrame f;
        f.deflated = payload.deflated;
        f.urgent = (flags & 0x20) != 0;
        f.tag = tag_of(m.meta.id);
        f.total = static_cast<std::uint32_t>(payload.bytes.size());
        f.count = static_cast<std::uint16_t>(chunks.size());
        if (!(flags & 0x40)) {
            f.index = static_cast<std::uint16_t>(index % chunks.size());
            f.chunk = chunks[f.index];
            deliver_link(station, std::move(f));
            return;
        }
        for (std::size_t i = 0; i < chunks.size() && now_ < kMaxMs; ++i) {
            if (index & (1u << (i % 8))) continue;
            f.index = static_cast<std::uint16_t>(i);
            f.chunk = chunks[i];
            const std::string frame = ax25_from(station, radio::encode_link_frame({station.id, f}));
            advance(radio::airtime_ms(settings_.airtime, as_bytes(frame)));  // heard at its end
            deliver(frame);
        }
    }

    void free_data(std::uint8_t flags) {
        const Station& station = radio_link_station(in_.byte());
        DataFrame f;
        f.tag = read_tag();
        f.total = in_.be16();
        f.index = in_.be16();
        f.count = in_.be16();
        f.chunk = in_.take(in_.byte());
        f.deflated = (flags & 0x10) != 0;
        f.urgent = (flags & 0x20) != 0;
        deliver_link(station, std::move(f));
    }

    void missing() {
        const Station& station = radio_link_station(in_.byte());
        const std::size_t n = 1 + in_.byte() % radio::kMaxMissingEntries;
        radio::MissingFrame f;
        std::size_t listed = 0;
        for (std::size_t e = 0; e < n && listed < radio::kMaxMissingListed; ++e) {
            radio::MissingEntry entry;
            const std::uint8_t which = in_.byte();
            entry.tag = tag_for(which);
            if (in_.byte() & 1) {
                victims_split(which, entry);
            } else {
                entry.total = in_.be16();
                entry.count = std::max<std::uint16_t>(in_.be16(), 1);
            }
            const std::size_t k =
                std::min<std::size_t>(1 + in_.byte() % 64, radio::kMaxMissingListed - listed);
            const std::uint16_t start = in_.be16();
            for (std::size_t j = 0; j < k; ++j)
                entry.indices.push_back(static_cast<std::uint16_t>((start + j) % entry.count));
            listed += k;
            f.entries.push_back(std::move(entry));
        }
        deliver_link(station, std::move(f));
    }

    // Total and count of the victim's own split of universe message `which` (1 and 1 for a
    // tag of no message).
    void victims_split(std::uint8_t which, radio::MissingEntry& entry) {
        entry.total = 1;
        entry.count = 1;
        if (which >= kUniverseSize) return;
        const Payload payload = payload_of(radio_link_universe()[which].bytes, settings_.compress);
        entry.total = static_cast<std::uint32_t>(payload.bytes.size());
        entry.count = static_cast<std::uint16_t>(
            split_like_a_sender(payload.bytes, settings_.frame_bytes).size());
    }

    void store_step(std::uint8_t flags) {
        const UniverseMessage& m = radio_link_universe()[in_.byte() % kUniverseSize];
        if (flags & 0x10) {
            if (store_.drop(m.meta.id)) {
                link_->gone(m.meta.id);
                forget_sent(tag_of(m.meta.id));
            }
            drain();
        } else {
            hold(m.meta, m.bytes, (flags & 0x20) != 0);
        }
    }

    void echo(std::uint8_t flags) {
        const std::uint8_t k = in_.byte();
        const std::optional<std::uint8_t> as =
            (flags & 0x10) ? std::optional<std::uint8_t>(in_.byte()) : std::nullopt;
        if (out_.sent.empty()) return;
        const std::size_t back = k % std::min<std::size_t>(16, out_.sent.size());
        const std::string frame = out_.sent[out_.sent.size() - 1 - back].bytes;
        if (!as) {
            deliver(frame);
            return;
        }
        auto parsed = radio::ax25_parse(as_bytes(frame));
        auto decoded = radio::decode_link_frame(as_bytes(parsed->info));
        const Station& station = radio_link_station(*as);
        decoded->sender = station.id;
        deliver(ax25_from(station, radio::encode_link_frame(*decoded)));
    }

    // ---- the channel and the store ----

    void deliver_link(const Station& station, radio::LinkBody body) {
        deliver(ax25_from(station, radio::encode_link_frame({station.id, std::move(body)})));
    }

    void deliver(const std::string& frame) {
        note_data_tag(frame);
        link_->on_modem_frame(as_bytes(frame), now_);
        validate_received();
        drain();
    }

    // Tags of data frames the victim heard: the only partials it may ask about.
    void note_data_tag(const std::string& frame) {
        auto parsed = radio::ax25_parse(as_bytes(frame));
        if (!parsed) return;
        auto decoded = radio::decode_link_frame(as_bytes(parsed->info));
        if (!decoded) return;
        if (const auto* data = std::get_if<DataFrame>(&decoded->body))
            heard_tags_.insert(data->tag);
    }

    void hold(const HeldMessage& meta, const std::string& bytes, bool fresh) {
        if (!store_.hold(meta, bytes)) return;
        if (fresh) forget_sent(tag_of(meta.id));  // a new message: its first sending again
        link_->held(meta, fresh, now_);
        if (!meta.sealed) ever_lawful_ = std::max(ever_lawful_, store_.lawful_count());
        drain();
    }

    // The validation path: every envelope handed out is held (stored or a duplicate) or
    // refused, as the step's verdict says; a held one is then held by the victim too.
    void validate_received() {
        for (radio::ReceivedEnvelope& r : link_->take_received()) {
            require(r.bytes.size() <= limits::kMaxEnvelopeBytes,
                    "a reassembled envelope is at most 16 KiB");
            require(store_.by_tag(r.tag) == nullptr,
                    "a message held is not reassembled from the radio");
            require(refused_.size() >= kRememberedRefusals || !refused_.contains(r.tag),
                    "an envelope refused is not reassembled again");
            link_->received_outcome(r.tag, !refuse_);
            if (refuse_) {
                refused_.insert(r.tag);
                ++out_.refused;
            } else {
                store_received(r.bytes);
            }
            out_.received.push_back(std::move(r.bytes));
        }
    }

    void store_received(const std::string& bytes) {
        for (const UniverseMessage& m : radio_link_universe()) {
            if (m.bytes != bytes) continue;
            hold(m.meta, m.bytes, false);
            return;
        }
        if (stored_from_radio_ >= kMaxStoredFromRadio) return;
        HeldMessage meta;
        meta.id = message_id_of(as_bytes(bytes));
        meta.kind = Kind::kSitrep;
        meta.precedence = v1::ROUTINE;
        meta.sealed = has_marker_piece(bytes);
        meta.created_ms = now_;
        meta.expires_ms = INT64_MAX;
        meta.size = static_cast<std::uint32_t>(bytes.size());
        ++stored_from_radio_;
        hold(meta, bytes, false);
    }

    void forget_sent(const MessageTag& tag) {
        std::erase_if(sent_fragments_, [&](const auto& sent) { return sent.first == tag; });
    }

    // ---- the victim's turn, and what it says ----

    void drain() {
        for (std::size_t n = 0;; ++n) {
            auto frame = link_->next_frame(now_, store_);
            if (!frame) break;
            require(n < kMaxFramesAtOnce, "at most 8 frames are handed over at one instant");
            check_frame(*frame);
            out_.sent.push_back({now_, std::move(*frame)});
        }
        require(out_.sent.size() - first_at_now() <= kMaxFramesAtOnce,
                "at most 8 frames are handed over at one instant");
        wakeup_ = link_->next_wakeup_ms(now_);
        require(wakeup_ > now_, "next_wakeup_ms(now) is later than now");
        check_stats();
    }

    std::size_t first_at_now() const {
        std::size_t i = out_.sent.size();
        while (i > 0 && out_.sent[i - 1].at_ms == now_) --i;
        return i;
    }

    void check_frame(const std::string& frame) {
        auto parsed = radio::ax25_parse(as_bytes(frame));
        require(parsed.ok(), "every frame is an AX.25 frame ax25_parse accepts");
        require(parsed->source == callsign(kVictimCall), "every frame carries the callsign");
        require(parsed->destination == callsign("BAKEN") && parsed->via.empty(),
                "every frame goes to BAKEN without digipeaters");
        require(parsed->pid == 0xF0, "every frame has PID 0xF0");
        require(parsed->info.size() <= settings_.frame_bytes,
                "a link frame is at most frame_bytes");
        auto decoded = radio::decode_link_frame(as_bytes(parsed->info));
        require(decoded.ok(), "every link frame decodes",
                decoded ? "" : radio::link_frame_error_name(decoded.error()));
        require(decoded->sender == kVictimLinkId, "every link frame names the victim as sender");
        const double share =
            std::visit([&](const auto& body) { return check_body(body); }, decoded->body);
        check_budget(radio::airtime_ms(settings_.airtime, as_bytes(frame)), share);
    }

    // Each returns the share of the budget frames of its kind may use.
    double check_body(const radio::SummaryFrame& f) {
        ++out_.summaries;
        require(f.policy == settings_.policy, "a summary states the interface's policy");
        require(f.count <= ever_lawful_, "a summary covers only messages lawful mode allows");
        victim_epoch_ = f.epoch;
        return kControlShare;
    }
    double check_body(const radio::SymbolRequestFrame& f) {
        ++out_.symbol_requests;
        require(f.target != kVictimLinkId, "the victim asks others for symbols, not itself");
        return kControlShare;
    }
    double check_body(const radio::SymbolsFrame&) {
        ++out_.symbols;
        return kControlShare;
    }
    double check_body(const radio::WantFrame& f) {
        ++out_.wants;
        require(f.target != kVictimLinkId, "the victim wants from others, not from itself");
        return kControlShare;
    }
    double check_body(const radio::MissingFrame& f) {
        ++out_.missing;
        for (const radio::MissingEntry& e : f.entries)
            require(heard_tags_.contains(e.tag), "missing names only data heard in part");
        return kControlShare;
    }
    double check_body(const DataFrame& f) {
        ++out_.data;
        const UniverseMessage* m = store_.by_tag(f.tag);
        require(m != nullptr, "a data frame is a fragment of a message the victim holds");
        require(!m->meta.sealed, "nothing sealed goes on air (a sealed message's fragment)");
        require(radio::allows(settings_.policy, m->meta), "data only of what the policy allows");
        require(f.urgent == is_urgent(m->meta), "urgent exactly for flash, immediate, revocation");
        const Payload payload = payload_of(m->bytes, settings_.compress);
        require(f.deflated == payload.deflated,
                "deflated exactly when compression makes it smaller");
        require(f.total == payload.bytes.size(), "a data frame's total is its payload's size");
        const auto chunks = split_like_a_sender(payload.bytes, settings_.frame_bytes);
        require(f.count == chunks.size(), "a data frame's count is the victim's split");
        require(f.chunk == chunks[f.index], "a data frame carries exactly its fragment's bytes");
        // Message content travels only in data chunks; the other frames carry ids, epochs and
        // symbols, some of them chosen by other stations (which may well spell "ALED").
        if (!settings_.compress)
            require(!has_marker_piece(f.chunk), "nothing sealed goes on air (the marker)");
        // Only the first sending of an urgent fragment may take the last of the budget (the
        // room of a new flash message); whatever makes us send it again may not.
        const bool again = !sent_fragments_.emplace(f.tag, f.index).second;
        return !f.urgent ? kBulkShare : again ? kRepairShare : 1.0;
    }

    // The budget: the frames handed over within (now - window - margin, now], this one
    // included, use at most `share` of it.
    void check_budget(std::int64_t airtime, double share) {
        std::int64_t used = std::max<std::int64_t>(airtime, 1);
        for (auto it = out_.sent.rbegin(); it != out_.sent.rend(); ++it) {
            if (it->at_ms <= now_ - kWindowMs - margin_ms_) break;
            used += std::max<std::int64_t>(
                radio::airtime_ms(settings_.airtime, as_bytes(it->bytes)), 1);
        }
        require(used <= budget_ms_, "the airtime in any window (and margin) is within the budget");
        const auto limit = static_cast<std::int64_t>(static_cast<double>(budget_ms_) * share);
        require(used <= limit, share == kBulkShare ? "routine and priority data: 70 % at most"
                               : share == kControlShare
                                   ? "the protocol's own frames: 85 % at most"
                                   : "urgent fragments sent again: 95 % at most");
    }

    void check_stats() {
        const radio::LinkStats stats = link_->stats(now_);
        require(stats.neighbours.size() <= 64, "at most 64 neighbours");
        require(stats.airtime_used_ms <= stats.airtime_budget_ms,
                "airtime used in the window is within the budget");
        require(stats.frames_sent == out_.sent.size(),
                "frames_sent counts every frame handed over");
    }

    // ---- reading fields ----

    std::vector<MessageId> masked(std::uint16_t mask) const {
        std::vector<MessageId> ids;
        for (std::size_t k = 0; k < kUniverseSize; ++k)
            if (mask & (1u << k)) ids.push_back(radio_link_universe()[k].meta.id);
        return ids;
    }

    static const UniverseMessage* universe_message(const MessageId& id) {
        for (const UniverseMessage& m : radio_link_universe())
            if (m.meta.id == id) return &m;
        return nullptr;
    }

    radio::LinkId target_id(std::uint8_t b) const {
        return b % kStations == 0 ? kVictimLinkId : radio_link_station(b).id;
    }

    MessageTag tag_for(std::uint8_t which) {
        if (which < kUniverseSize) return tag_of(radio_link_universe()[which].meta.id);
        MessageTag tag{};
        const std::string bytes = in_.take(tag.size());
        // memcpy with an explicit bound: g++ 12 -O3 sees std::copy into the array as a
        // possible overflow (a false -Wstringop-overflow that breaks the Release build).
        std::memcpy(tag.data(), bytes.data(), std::min(bytes.size(), tag.size()));
        return tag;
    }
    MessageTag read_tag() { return tag_for(in_.byte()); }

    Reader in_;
    radio::RadioLinkSettings settings_;
    std::unique_ptr<radio::RadioLink> link_;
    Store store_;
    std::int64_t budget_ms_ = 0;
    std::int64_t margin_ms_ = 0;
    std::int64_t now_ = 0;
    std::int64_t wakeup_ = 0;
    bool refuse_ = false;
    std::optional<std::uint32_t> victim_epoch_;  // of the last summary the victim sent
    std::map<radio::LinkId, std::uint32_t> station_epoch_;
    std::set<MessageTag> heard_tags_;
    std::set<std::pair<MessageTag, std::uint16_t>> sent_fragments_;  // data sent, by tag and index
    std::set<MessageTag> refused_;
    std::size_t stored_from_radio_ = 0;
    std::size_t ever_lawful_ = 0;  // most messages lawful mode allowed the victim at once
    RadioLinkOutcome out_;
};

}  // namespace

RadioLinkOutcome fuzz_radio_link(const std::uint8_t* data, std::size_t size) {
    Run run(size == 0 ? std::string_view() : as_chars(ByteView(data, size)));
    run.play({});
    return run.take_outcome();
}

struct RadioLinkHarness::Impl {
    explicit Impl(std::string_view header) : run(header) {}
    Run run;
};

RadioLinkHarness::RadioLinkHarness(std::string_view header)
    : impl_(std::make_unique<Impl>(header)) {}
RadioLinkHarness::~RadioLinkHarness() = default;
void RadioLinkHarness::play(std::string_view steps) {
    impl_->run.play(steps);
}
const RadioLinkOutcome& RadioLinkHarness::outcome() const {
    return impl_->run.outcome();
}

}  // namespace baken::fuzz
