// Writes the radio link fuzz seed corpus (tests/fuzz/corpus/radio_link/), or checks that the
// checked-in one is what this program writes:
//
//   ninja -C build/debug make_radio_link_corpus
//   build/debug/tests/fuzz/replay/make_radio_link_corpus tests/fuzz/corpus/radio_link
//   build/debug/tests/fuzz/replay/make_radio_link_corpus --check tests/fuzz/corpus/radio_link
//
// Two sorts of seeds, each an input in the layout of radio_link_harness.h:
//   exchange_*  RECORDED: a second, genuine RadioLink (the peer, station 0) talks with the
//               victim through the harness itself: whatever the victim hands over goes to the
//               peer (some frames lost, as the exchange says), whatever the peer says becomes a
//               step of the script, and time moves to whichever of the two wakes first. The
//               recording must converge (each ends holding what the other had, as lawful mode
//               allows), or this program fails: the seeds are real conversations.
//   the rest    hand-made hostile scripts: floods of symbol requests, MISSING for every
//               fragment, WANT with many keys, conflicting data headers, echoes, garbage.
// A seed's name ends in _<N>_received: the envelopes the victim hands out
// (replay/radio_link_corpus_replay_test.cc holds every seed to it). --check compares the
// hand-made seeds byte for byte; of the recorded ones it asks only that each is there and that
// recording it afresh still converges (a recording changes with any change to the protocol, and
// the checked-in one stays a good seed).
#include <algorithm>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fuzz/corpus_writer.h"
#include "fuzz/radio_link_harness.h"
#include "radio/codec/ax25_frame.h"
#include "radio/link/payload_compression.h"
#include "radio/link/radio_link.h"

namespace baken::fuzz {
namespace {

using Header = RadioLinkScript::Header;

std::optional<std::size_t> universe_index(const std::string& bytes) {
    const auto& u = radio_link_universe();
    for (std::size_t k = 0; k < u.size(); ++k)
        if (u[k].bytes == bytes) return k;
    return std::nullopt;
}

// ---- recorded exchanges -------------------------------------------------------------------

struct Exchange {
    Header victim;
    std::uint16_t peer_held = 0;   // universe messages the peer holds at 0 ms
    std::uint16_t peer_fresh = 0;  // of those, stored just now (flash ones are pushed)
    std::size_t peer_frame_bytes = 200;
    bool peer_compress = false;
    std::size_t lose_to_victim = 0;          // every n-th frame of the peer's is lost (0: none)
    std::size_t lose_to_peer = 0;            // every n-th frame of the victim's is lost
    std::int64_t duration_ms = 60 * 60'000;  // at most
    bool stop_when_converged = true;         // a minute after
};

// The peer: a genuine RadioLink with the same lawful policy and budget as the victim.
class Peer : public radio::EnvelopeSource {
  public:
    explicit Peer(const Exchange& x) : link_(settings(x), framing(), 77) {}

    std::optional<std::string> envelope(const MessageId& id) override {
        auto it = held_.find(id);
        if (it == held_.end()) return std::nullopt;
        return radio_link_universe()[it->second].bytes;
    }
    void hold(std::size_t k, bool fresh, std::int64_t now) {
        const auto& m = radio_link_universe()[k];
        if (held_.emplace(m.meta.id, k).second) link_.held(m.meta, fresh, now);
    }
    bool holds(std::size_t k) const { return held_.contains(radio_link_universe()[k].meta.id); }

    void hear(const std::string& frame, std::int64_t now) {
        link_.on_modem_frame(as_bytes(frame), now);
        for (radio::ReceivedEnvelope& r : link_.take_received()) {
            const auto k = universe_index(r.bytes);
            link_.received_outcome(r.tag, k.has_value());
            if (k) hold(*k, false, now);
        }
    }
    std::optional<std::string> next_frame(std::int64_t now) { return link_.next_frame(now, *this); }
    std::int64_t next_wakeup_ms(std::int64_t now) { return link_.next_wakeup_ms(now); }

  private:
    static radio::RadioLinkSettings settings(const Exchange& x) {
        radio::RadioLinkSettings s;
        s.self = radio_link_station(0).id;
        s.policy = radio::allow_everything(true);
        s.frame_bytes = x.peer_frame_bytes;
        s.airtime = {x.victim.fast ? 9600u : 1200u, 300, true};
        s.window_ms = 60'000;
        s.duty_cycle = 0.10;
        s.compress = x.peer_compress;
        return s;
    }
    static radio::ModemFraming framing() {
        radio::ModemFramingSettings f;
        f.source = *radio::parse_callsign(radio_link_station(0).call);
        return radio::ModemFraming(f);
    }

    radio::RadioLink link_;
    std::map<MessageId, std::size_t> held_;
};

// The peer's frame as a checked-frame step: type | sender | body (the harness adds magic and
// check back); requests and wants aimed at the victim follow its epoch when replayed.
void append_peer_frame(RadioLinkScript& script, const std::string& frame) {
    auto parsed = radio::ax25_parse(as_bytes(frame));
    const std::string& info = parsed->info;
    const std::string link = info.substr(1, info.size() - 1 - radio::kLinkCheckSize);
    const int type = link[0] & 0x0F;
    bool to_victim = false;
    if (type == 2 || type == 4) {
        auto decoded = radio::decode_link_frame(as_bytes(info));
        to_victim = std::visit(
            [](const auto& body) {
                if constexpr (requires { body.target; }) return body.target == kVictimLinkId;
                return false;
            },
            decoded->body);
    }
    script.link_frame(0, link, to_victim);
}

struct Recording {
    std::string script;
    std::vector<std::string> problems;
};

// Exchange x's problems after the run: what either side still lacks, or sealed on air.
std::vector<std::string> unconverged(const Exchange& x, const RadioLinkOutcome& outcome,
                                     const Peer& peer) {
    std::vector<std::string> problems;
    std::set<std::size_t> victim_got;
    for (const std::string& e : outcome.received)
        if (auto k = universe_index(e)) victim_got.insert(*k);
    for (std::size_t k = 0; k < kUniverseSize; ++k) {
        const bool sealed = radio_link_universe()[k].meta.sealed;
        const bool victim_had = k < 8 && (x.victim.held & (1u << k));
        const bool peer_had = (x.peer_held & (1u << k)) != 0;
        if (peer_had && !victim_had && !sealed && !victim_got.contains(k))
            problems.push_back("the victim never got message " + std::to_string(k));
        if (victim_had && !sealed && !peer.holds(k))
            problems.push_back("the peer never got message " + std::to_string(k));
        if (sealed && ((victim_had && !peer_had && peer.holds(k)) ||
                       (peer_had && !victim_had && victim_got.contains(k))))
            problems.push_back("sealed message " + std::to_string(k) + " went on air");
    }
    return problems;
}

// Plays the exchange through the harness step by step; stops a minute after both sides hold
// what they should (or at the exchange's duration).
Recording record(const Exchange& x) {
    RadioLinkScript script(x.victim);
    RadioLinkHarness harness(script.bytes());
    std::size_t played = script.bytes().size();
    auto play = [&] {
        harness.play(std::string_view(script.bytes()).substr(played));
        played = script.bytes().size();
        return harness.outcome();
    };
    Peer peer(x);
    for (std::size_t k = 0; k < kUniverseSize; ++k)
        if (x.peer_held & (1u << k)) peer.hold(k, (x.peer_fresh & (1u << k)) != 0, 0);
    std::int64_t t = 0, end = x.duration_ms;
    std::size_t heard = 0, victim_frames = 0, peer_frames = 0;
    auto lost = [](std::size_t n, std::size_t every) {
        return every != 0 && n % every == every - 1;
    };
    for (int rounds = 0; rounds < 20'000 && t < end; ++rounds) {
        const RadioLinkOutcome& outcome = play();
        bool progress = false;
        for (; heard < outcome.sent.size(); ++heard, progress = true)
            if (!lost(victim_frames++, x.lose_to_peer)) peer.hear(outcome.sent[heard].bytes, t);
        for (int n = 0; n < 16; ++n) {
            auto frame = peer.next_frame(t);
            if (!frame) break;
            progress = true;
            if (!lost(peer_frames++, x.lose_to_victim)) append_peer_frame(script, *frame);
        }
        if (progress) continue;
        if (x.stop_when_converged && end == x.duration_ms && unconverged(x, outcome, peer).empty())
            end = std::min(end, t + 60'000);
        const std::int64_t next = std::min({peer.next_wakeup_ms(t), outcome.next_wakeup_ms, end});
        script.wait_ms(static_cast<std::uint16_t>(std::min<std::int64_t>(next - t, 0xFFFF)));
        t += std::min<std::int64_t>(next - t, 0xFFFF);
    }
    const RadioLinkOutcome& outcome = play();
    Recording r{script.bytes(), unconverged(x, outcome, peer)};
    if (outcome.steps >= 1024) r.problems.push_back("longer than the harness plays");
    return r;
}

// ---- hand-made scripts ----------------------------------------------------------------------

std::vector<std::uint64_t> pseudo_keys(std::size_t n) {
    std::vector<std::uint64_t> keys;
    std::uint64_t x = 0x9E3779B97F4A7C15;
    for (std::size_t i = 0; i < n; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        keys.push_back(x & 0xFFFFFFFFFF);
    }
    return keys;
}

std::string link_without_check(radio::LinkId sender, const radio::LinkBody& body) {
    const std::string frame = radio::encode_link_frame({sender, body});
    return frame.substr(1, frame.size() - 1 - radio::kLinkCheckSize);
}

std::string ax25(std::string_view dest, std::uint8_t pid, std::string info) {
    return radio::ax25_encode_ui(radio::Ax25UiFrame{*radio::parse_callsign(dest),
                                                    *radio::parse_callsign("PD0ALT-5"),
                                                    {},
                                                    pid,
                                                    std::move(info)});
}

constexpr std::uint8_t kLawfulEverything = 0x3F;  // summary policy byte: lawful, all allowed

RadioLinkScript symbol_request_flood() {
    RadioLinkScript s(Header{200, false, false, false, 0, 0xBF});
    s.wait_units(1000);  // 64 s: the victim has announced its epoch
    for (std::uint16_t i = 0; i < 40; ++i) {
        s.symbol_request(static_cast<std::uint8_t>(i % 3), 0, std::nullopt,
                         static_cast<std::uint16_t>(i * 100), 0xFFFF);
        if (i % 8 == 7) s.tick(250);
    }
    s.symbol_request(1, 0, 0x12345678u, 0, 100);  // an epoch it never announced
    s.wait_units(4000);
    return s;
}

RadioLinkScript missing_every_fragment() {
    RadioLinkScript s(Header{64, false, false, false, 0, 0x50});  // 4 (2800 bytes) and sealed 6
    s.wait_ms(1000);
    for (std::uint16_t start = 0; start < 128; start += 64) {
        RadioLinkScript::Missing all_of_4;
        all_of_4.tag = 4;
        all_of_4.k = 64;
        all_of_4.start = start;
        s.missing(1, {all_of_4});
    }
    RadioLinkScript::Missing sealed;
    sealed.tag = 6;
    sealed.k = 20;
    RadioLinkScript::Missing other_split = sealed;
    other_split.tag = 4;
    other_split.victims_split = false;
    other_split.total = 2800;
    other_split.count = 14;
    other_split.k = 14;
    RadioLinkScript::Missing unknown;
    unknown.tag = 0xFF;
    unknown.tag_bytes = "nobody";
    unknown.victims_split = false;
    unknown.total = 500;
    unknown.count = 5;
    unknown.k = 5;
    s.missing(2, {sealed, other_split, unknown});
    s.wait_units(3000);
    return s;
}

RadioLinkScript want_many_keys() {
    RadioLinkScript s(Header{256, true, false, false, 2, 0xFF});
    s.wait_units(1000);
    s.want(1, 0, std::nullopt, 0x0FFF, pseudo_keys(200));  // every message, the sealed too
    s.want(2, 0, 0xDEADBEEFu, 0x0FFF, pseudo_keys(10));
    s.want(0, 1, std::nullopt, 0x0001, {});  // meant for another station
    s.wait_units(3000);
    return s;
}

RadioLinkScript conflicting_data_headers() {
    RadioLinkScript s(Header{128, false, true, false, 0, 0x0F});
    RadioLinkScript::FreeData f;
    f.tag = 9;
    f.total = 1200;
    f.count = 10;
    f.chunk = std::string(120, 'x');
    s.free_data(1, f);  // a partial for message 9 that no sender makes
    f.total = 1199;
    f.index = 1;
    s.free_data(2, f);                        // conflicts with it
    s.fragments(0, 9, 128, 0, false, false);  // the real one conflicts too
    f.index = 10;
    s.free_data(1, f);  // index beyond count
    f.count = 0;
    f.index = 0;
    s.free_data(1, f);
    RadioLinkScript::FreeData garbage_deflated;
    garbage_deflated.tag = 0xFF;
    garbage_deflated.tag_bytes = "zzzzzz";
    garbage_deflated.total = 40;
    garbage_deflated.count = 1;
    garbage_deflated.chunk = std::string(40, '\x07');
    garbage_deflated.deflated = true;
    s.free_data(2, garbage_deflated);
    s.fragments(1, 10, 90, 0, true, false);   // whole, deflated: received
    s.wait_units(11 * 938);                   // the false partial gives up
    s.fragments(0, 9, 128, 0, false, false);  // received
    s.wait_units(1000);
    return s;
}

RadioLinkScript own_frames_echoed() {
    RadioLinkScript s(Header{200, false, false, true, 0, 0x81});  // flash 0, revocation 7, fresh
    for (std::uint8_t k = 0; k < 6; ++k) {
        s.echo(0);                                    // its own id: ignored
        s.echo(k, static_cast<std::uint8_t>(k % 3));  // someone else sent it: not again
        s.tick(200);
    }
    s.wait_units(2000);
    for (std::uint8_t k = 0; k < 4; ++k) s.echo(k, 1);
    s.wait_units(2000);
    return s;
}

RadioLinkScript raw_garbage() {
    RadioLinkScript s(Header{100, false, false, false, 0, 0x03});
    s.raw("");
    s.raw("\xC0\x00 not ax.25 at all");
    s.raw(ax25("APRS", 0xF0, "!5210.00N/00507.00E-"));
    s.raw(ax25("BAKEN", 0xCC, link_without_check(1, radio::SummaryFrame{})));
    std::string bad_check = radio::encode_link_frame({1, radio::SummaryFrame{}});
    bad_check.back() = static_cast<char>(bad_check.back() ^ 1);
    s.raw(ax25("BAKEN", 0xF0, bad_check));
    s.raw(ax25("BAKEN", 0xF0, "\xBA"));
    s.link_frame(1, std::string("\x06") + "\x01\x02\x03\x04" + "body");   // type 6: none
    s.link_frame(1, std::string("\x41") + "\x01\x02\x03\x04" + "flags");  // flags on a summary
    s.link_frame(2, std::string("\x05") + "\x01\x02\x03\x04");            // data, no body
    s.link_frame(2, "");
    s.wait_units(2000);
    return s;
}

RadioLinkScript sealed_received_stays_home() {
    RadioLinkScript s(Header{200, false, false, false, 0, 0x01});
    s.fragments(0, 11, 200, 0, false, false);  // sealed message 11: received and stored
    s.wait_units(1000);
    RadioLinkScript::Missing m;
    m.tag = 11;
    m.k = 3;
    s.missing(1, {m});
    s.want(2, 0, std::nullopt, 1u << 11, {});
    s.fragments(1, 11, 120, 0, false, true);  // heard again: held, not reassembled
    s.wait_units(2000);
    return s;
}

RadioLinkScript refused_not_reassembled_again() {
    RadioLinkScript s(Header{160, false, false, false, 0, 0x01});
    s.refusing(true).fragments(0, 9, 160, 0, false, false);
    s.refusing(false).fragments(1, 9, 160, 0, false, false);  // refused before: not again
    s.fragments(1, 10, 160, 0, false, false);
    s.wait_units(1000);
    return s;
}

RadioLinkScript spoofed_own_id() {
    RadioLinkScript s(Header{200, false, false, false, 0, 0x07});
    s.summary(3, 42, 0x0007, kLawfulEverything);
    s.symbol_request(3, 0, std::nullopt, 0, 8);
    RadioLinkScript::Missing m;
    m.tag = 0;
    m.k = 1;
    s.missing(3, {m});
    s.fragment(3, 8, 200, 0, false, true);
    s.wait_units(2000);
    return s;
}

RadioLinkScript many_neighbours() {
    RadioLinkScript s(Header{200, false, false, false, 0, 0x01});
    for (radio::LinkId id = 1; id <= 70; ++id) {
        radio::SummaryFrame f;
        f.count = id;
        f.epoch = id * 7;
        f.policy = radio::allow_everything(true);
        s.link_frame(static_cast<std::uint8_t>(id % 3), link_without_check(0x10000 + id, f));
        if (id % 10 == 0) s.tick(250);
    }
    s.wait_units(2000);
    return s;
}

RadioLinkScript long_idle() {
    RadioLinkScript s(Header{200, false, false, false, 0, 0xFF});
    for (int i = 0; i < 12; ++i) s.wait_units(0xFFFF);
    return s;
}

RadioLinkScript inflation_bounds() {
    RadioLinkScript s(Header{256, true, false, false, 0, 0x01});
    auto one_fragment = [&](const std::string& envelope, const char* tag) {
        RadioLinkScript::FreeData f;
        f.tag = 0xFF;
        f.tag_bytes = tag;
        f.chunk = *radio::deflate_if_smaller(as_bytes(envelope));
        f.total = static_cast<std::uint16_t>(f.chunk.size());
        f.count = 1;
        f.deflated = true;
        s.free_data(1, f);
    };
    one_fragment(std::string(64 * 1024, 'a'), "bomb!!");      // beyond 16 KiB: dropped
    one_fragment(std::string(16 * 1024, 'b'), "exact!");      // exactly 16 KiB: received
    one_fragment(std::string(16 * 1024 + 1, 'c'), "toobig");  // one byte more: dropped
    s.wait_units(500);
    return s;
}

RadioLinkScript reconciliation_by_hand() {
    RadioLinkScript s(Header{200, false, false, false, 0, 0x3F});  // 0-5
    const std::uint16_t theirs = 0x033F;                           // 0-5 and 8, 9
    s.summary(1, 0xCAFE, theirs, kLawfulEverything);
    s.wait_ms(3000);
    s.symbols(1, std::nullopt, theirs, 0, 4, 2, 0x55);  // damaged: the decoder gives up
    s.summary(1, 0xCAFF, theirs, kLawfulEverything);    // a new epoch starts afresh
    s.wait_ms(3000);
    s.symbols(1, std::nullopt, theirs, 0, 23);
    s.wait_ms(5000);
    s.fragments(1, 8, 200, 0, false, true);
    s.fragments(1, 9, 200, 0, false, false);
    s.wait_units(1000);
    return s;
}

// ---- the corpus ------------------------------------------------------------------------------

std::size_t received_by(const std::string& input) {
    return fuzz_radio_link(reinterpret_cast<const std::uint8_t*>(input.data()), input.size())
        .received.size();
}

void add(Corpus& corpus, const std::string& what, const std::string& input) {
    corpus[what + "_" + std::to_string(received_by(input)) + "_received.bin"] = input;
}

struct Named {
    const char* name;
    Exchange exchange;
};

std::vector<Named> exchanges() {
    // At 1200 bit/s the budget (6 s a minute) carries about three frames a minute: small
    // messages only (a listener gives up on a partial after five MISSING requests, sooner than
    // a sender this slow sends a larger one).
    Exchange slow;
    slow.victim = Header{200, false, false, false, 0, 0x28};  // 3, 5
    slow.peer_held = 0x0108;                                  // 3, 8

    Exchange plain;
    plain.victim = Header{200, false, true, false, 0, 0xEF};  // 0-3, 5-7, sealed 6 among them
    plain.peer_held = 0x0D0C;                                 // 2, 3, 8, 10, 11 (11 sealed)

    Exchange lossy = plain;
    lossy.victim = Header{256, true, true, false, 3, 0xA7};
    lossy.peer_frame_bytes = 256;
    lossy.peer_compress = true;
    lossy.lose_to_victim = 7;
    lossy.lose_to_peer = 5;

    Exchange pushes;
    pushes.victim = Header{64, false, true, true, 5, 0x41};  // flash 0 and sealed flash 6, fresh
    pushes.peer_held = 0x0100;                               // flash 8
    pushes.peer_fresh = 0x0100;
    pushes.peer_frame_bytes = 64;

    Exchange in_sync;
    in_sync.victim = Header{200, false, false, false, 0, 0x3C};
    in_sync.peer_held = 0x003C;
    in_sync.duration_ms = 40 * 60'000;
    in_sync.stop_when_converged = false;

    Exchange other_split;
    other_split.victim = Header{120, true, true, false, 9, 0x0B};  // 0, 1, 3
    other_split.peer_held = 0x0408;                                // 3, 10
    other_split.peer_frame_bytes = 230;
    other_split.lose_to_victim = 4;

    return {{"exchange_slow_small", slow},
            {"exchange_plain_200_fast", plain},
            {"exchange_lossy_deflated_256_fast", lossy},
            {"exchange_flash_pushes_64_fast", pushes},
            {"exchange_in_sync_idle", in_sync},
            {"exchange_lossy_other_split_fast", other_split}};
}

// The recorded seeds (with the problems of recordings that did not converge) and the
// hand-made ones.
struct Seeds {
    Corpus recorded;
    Corpus hand_made;
    std::vector<std::string> problems;
};

Seeds make() {
    Seeds seeds;
    for (const Named& n : exchanges()) {
        Recording r = record(n.exchange);
        for (const std::string& p : r.problems)
            seeds.problems.push_back(std::string(n.name) + ": " + p);
        add(seeds.recorded, n.name, r.script);
    }
    Corpus& c = seeds.hand_made;
    add(c, "symbol_request_flood", symbol_request_flood().bytes());
    add(c, "missing_every_fragment", missing_every_fragment().bytes());
    add(c, "want_many_keys", want_many_keys().bytes());
    add(c, "conflicting_data_headers", conflicting_data_headers().bytes());
    add(c, "own_frames_echoed", own_frames_echoed().bytes());
    add(c, "raw_garbage", raw_garbage().bytes());
    add(c, "sealed_received_stays_home", sealed_received_stays_home().bytes());
    add(c, "refused_not_reassembled_again", refused_not_reassembled_again().bytes());
    add(c, "spoofed_own_id", spoofed_own_id().bytes());
    add(c, "many_neighbours", many_neighbours().bytes());
    add(c, "long_idle", long_idle().bytes());
    add(c, "inflation_bounds", inflation_bounds().bytes());
    add(c, "reconciliation_by_hand", reconciliation_by_hand().bytes());
    return seeds;
}

// A recording depends on how RadioLink answers, so any change to the protocol changes its bytes;
// the checked-in one stays a good seed (the replay test holds it to its name). --check asks
// only that a recording of each exchange is there and that recording afresh still converges.
int check_recorded(std::string_view program, const std::filesystem::path& dir) {
    int missing = 0;
    for (const Named& n : exchanges()) {
        const std::string prefix = std::string(n.name) + "_";
        bool found = false;
        std::error_code ec;
        for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end;
             it.increment(ec)) {
            const std::string file = it->path().filename().string();
            found = found || (file.starts_with(prefix) && file.ends_with("_received.bin"));
        }
        if (!found) {
            std::cerr << "missing: " << (dir / (prefix + "<N>_received.bin")).string() << "\n";
            ++missing;
        }
    }
    if (missing > 0)
        std::cerr << missing << " recording(s) missing; record with: " << program << " "
                  << dir.string() << "\n";
    return missing == 0 ? 0 : 1;
}

}  // namespace
}  // namespace baken::fuzz

// make_radio_link_corpus [--check] DIR
int main(int argc, char** argv) {
    using namespace baken::fuzz;
    constexpr std::string_view program = "make_radio_link_corpus";
    std::vector<std::string_view> args(argv + 1, argv + argc);
    const bool check = !args.empty() && args[0] == "--check";
    if (check) args.erase(args.begin());
    if (args.size() != 1) {
        std::cerr << "usage: " << program << " [--check] DIR\n";
        return 2;
    }
    const Seeds seeds = make();
    for (const std::string& p : seeds.problems) std::cerr << program << ": " << p << "\n";
    if (!seeds.problems.empty()) return 1;
    const std::filesystem::path dir(args[0]);
    if (!check) {
        Corpus all = seeds.recorded;
        all.insert(seeds.hand_made.begin(), seeds.hand_made.end());
        return write_corpus(program, dir, all);
    }
    return std::max(check_recorded(program, dir), check_corpus(program, dir, seeds.hand_made));
}
