// The radio link fuzz harness: one function shared by the libFuzzer target
// (radio_link_fuzz.cc), the corpus replay test (replay/radio_link_corpus_replay_test.cc) and the
// corpus generator (make_radio_link_corpus.cc, which records genuine exchanges through it).
//
// The input is a script played on the radio channel by an attacker, or a broken station,
// against one RadioLink, the VICTIM: AX.25 framing as PA3VIC-1, lawful mode with every kind and
// precedence allowed, a budget of 10 % of a 60 s window, holding messages of a small universe
// (radio_link_universe(): twelve messages, two of them sealed, whose bytes carry
// kSealedMarker). It starts with a header of 3 bytes:
//   frame_bytes = 64 + h0 % 193;  h1: bit 0 compress, bit 1 9600 bit/s (else 1200), bit 2 the
//   initial messages are fresh (flash ones are pushed at once), bits 4-7 the victim's seed;
//   h2: which of universe messages 0-7 the victim holds at 0 ms (8-11 are held elsewhere).
// Then steps, each starting with a byte `op`: op & 0x0F says which, op & 0x80 makes the
// validation path refuse every envelope the victim hands out during the step (else it holds
// them), bits 4-6 are the step's flags. Numbers are big-endian; past the input's end every
// byte reads 0. A STATION byte picks one of radio_link_station(b % 4): three neighbours and
// one that uses the victim's own link id; a TARGET byte b % 4 == 0 is the victim, else that
// station. A MASK (u16) picks universe messages.
//    0  wait: u16 v, then v ms (flag 0x10) or v * 64 ms; the victim runs at every wakeup.
//    1  raw modem frame: u16 length (& 0x7FF), the bytes, delivered as they are.
//    2  checked link frame: station, u16 length (& 0x3FF), bytes = type | sender u32 | body;
//       the harness adds the magic and the check, wraps it in an AX.25 UI frame from the
//       station's callsign to BAKEN; flag 0x10: for a symbol request or want, the epoch is
//       replaced by the one the victim last announced (so recorded frames stay valid).
//    3  summary: station, epoch u32, mask, policy byte (bit 0 lawful, bits 1-4 the
//       precedences, bit 5 every kind, else sitreps and needs); count and digest are those of
//       the masked messages the policy allows under the sender's epoch salt, or (flag 0x10)
//       a count byte and 8 digest bytes from the input.
//    4  symbol request: station, target, epoch (flag 0x10: u32; else the victim's last
//       announced), first u16, count u16.
//    5  symbols: station, epoch (flag 0x10: u32; else that of the last summary step from that
//       station), mask, first u16 (& 0xFFF), n byte (1 + n % 32): coded symbols [first,
//       first + n) of the masked messages under the epoch salt; flag 0x20: then an index byte
//       and a xor byte damage one symbol's key sum.
//    6  want: station, target, epoch (flag 0x10: u32; else the victim's last announced), mask
//       (their short keys under the target's epoch salt), r byte, r raw 5-byte keys (a key 0
//       when that makes none).
//    7  fragment of a universe message as a sender splits it: station, message byte (% 12),
//       frame size byte (64 + b % 193), u16 index (% count); flag 0x10 deflated (when that is
//       smaller), 0x20 urgent; flag 0x40: every fragment instead, but those whose bit
//       (index % 8) is set in the index's low byte, each heard at the end of its airtime.
//    8  free data frame: station, tag byte (< 12: that message's tag, else 6 tag bytes follow),
//       total u16, index u16, count u16, chunk length byte, the chunk; flag 0x10 deflated,
//       0x20 urgent.
//    9  missing: station, n byte (1 + n % 8 entries); each: tag byte (as in 8), mode byte
//       (bit 0: total and count of the victim's own split of that message; else total u16,
//       count u16 follow), k byte, start u16: indices start .. start + k - 1 (mod count),
//       at most 64 indices in the frame.
//   10  store: message byte (% 12); flag 0x10 gone(), else held() (flag 0x20: fresh).
//   11  echo: byte k, the victim's k-th last frame (of 16) heard back; flag 0x10: rewritten
//       as sent by the station in the next byte.
//   12-15 tick: byte v, then v * 4 ms.
// After every step the harness hands the victim's reassembled envelopes to its validation path
// (received_outcome; a held one is then held() by the victim, as the node's store does), calls
// next_frame() until it gives nothing and next_wakeup_ms(). At most 1024 steps and 12 hours.
//
// fuzz_radio_link() aborts with a message on stderr when an invariant does not hold:
//   - every frame the victim gives parses with ax25_parse as a UI frame from PA3VIC-1 to BAKEN
//     with PID 0xF0 and no digipeaters, and its info is a link frame from the victim's link id
//     of at most frame_bytes that decode_link_frame accepts;
//   - lawful mode: no data frame carries a fragment of a sealed message (by tag), and with
//     compression off no data chunk contains a piece of kSealedMarker (other frames carry ids
//     and epochs other stations choose, which may spell anything); every data frame is exactly
//     a fragment of a message the victim holds (bytes, deflated or not, total, count, urgent);
//   - the budget: at every hand-over, the airtime of the frames handed over within the window
//     plus the budget's margin (computed as RadioLink does) is within the budget, within 70 %
//     of it for routine and priority data, 85 % for the protocol's own frames and 95 % for an
//     urgent fragment sent again (only the first sending of one may use it all: the room of a
//     new flash message is nobody's to take, docs/radio-link.md);
//   - next_wakeup_ms(now) > now, and the victim does not ask to be woken again and again for
//     nothing (64 wakeups in a row, each under 5 ms after the last, that give no frame);
//     at most 8 frames are handed over at one instant;
//   - a summary states the interface's policy and covers no more messages than the victim ever
//     held that lawful mode allows; requests and wants never name the victim as target;
//     MISSING names only tags of data frames it heard;
//   - a reassembled envelope is at most 16 KiB; its tag is not that of a message held, nor
//     one the validation path refused; stats() name at most 64 neighbours, count every frame
//     handed over, and the airtime used in the window is within the budget.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "radio/codec/callsign.h"
#include "radio/link/link_policy.h"

namespace baken::fuzz {

inline constexpr radio::LinkId kVictimLinkId = 0xD1CEB0A1;  // no ASCII byte: see the marker
inline constexpr std::string_view kVictimCall = "PA3VIC-1";
// In every sealed universe message, often enough that any fragment holds it whole.
inline constexpr std::string_view kSealedMarker = "SEALED-MEDICAL-8";
inline constexpr std::size_t kUniverseSize = 12;
inline constexpr std::size_t kStations = 4;

struct UniverseMessage {
    radio::HeldMessage meta;
    std::string bytes;  // the envelope (any bytes: the link does not validate them)
};
const std::vector<UniverseMessage>& radio_link_universe();

struct Station {
    radio::LinkId id = 0;
    std::string call;
};
const Station& radio_link_station(std::uint8_t b);  // b % 4

struct SentFrame {
    std::int64_t at_ms = 0;
    std::string bytes;  // the modem frame (AX.25)
};

struct RadioLinkOutcome {
    std::size_t steps = 0;
    std::int64_t end_ms = 0;
    std::int64_t next_wakeup_ms = 0;
    std::vector<SentFrame> sent;        // every frame the victim handed over, in order
    std::vector<std::string> received;  // every envelope it handed out, in order
    std::size_t refused = 0;
    // Frames sent, by type.
    std::size_t summaries = 0;
    std::size_t symbol_requests = 0;
    std::size_t symbols = 0;
    std::size_t wants = 0;
    std::size_t data = 0;
    std::size_t missing = 0;
};

RadioLinkOutcome fuzz_radio_link(const std::uint8_t* data, std::size_t size);

// The same run fed in pieces (the recorder answers the victim step by step): the header, then
// steps; playing a script in pieces gives what playing it whole gives, as long as no piece
// ends inside a step.
class RadioLinkHarness {
  public:
    explicit RadioLinkHarness(std::string_view header);
    ~RadioLinkHarness();
    RadioLinkHarness(const RadioLinkHarness&) = delete;
    RadioLinkHarness& operator=(const RadioLinkHarness&) = delete;

    void play(std::string_view steps);
    const RadioLinkOutcome& outcome() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Builds inputs in the layout above (for the seed corpus and the recorder).
class RadioLinkScript {
  public:
    struct Header {
        std::size_t frame_bytes = 200;  // 64..256
        bool compress = false;
        bool fast = false;  // 9600 bit/s
        bool fresh = false;
        std::uint8_t seed = 0;  // 0..15
        std::uint8_t held = 0;  // universe messages 0-7
    };
    explicit RadioLinkScript(const Header& header);

    // Envelopes handed out during the following steps are refused (or held again).
    RadioLinkScript& refusing(bool refuse);
    RadioLinkScript& wait_ms(std::uint16_t ms);
    RadioLinkScript& wait_units(std::uint16_t units);  // 64 ms each
    RadioLinkScript& tick(std::uint8_t units);         // 4 ms each
    RadioLinkScript& raw(std::string_view frame);
    // `link` is type | sender | body (a link frame without magic and check).
    RadioLinkScript& link_frame(std::uint8_t station, std::string_view link,
                                bool victim_epoch = false);
    RadioLinkScript& summary(std::uint8_t station, std::uint32_t epoch, std::uint16_t mask,
                             std::uint8_t policy);
    RadioLinkScript& lying_summary(std::uint8_t station, std::uint32_t epoch, std::uint16_t mask,
                                   std::uint8_t policy, std::uint8_t count,
                                   std::string_view digest8);
    // target 0 is the victim. An epoch of nullopt: the victim's last announced one (for
    // symbols: the epoch of the last summary step from that station).
    using Epoch = std::optional<std::uint32_t>;
    RadioLinkScript& symbol_request(std::uint8_t station, std::uint8_t target, Epoch epoch,
                                    std::uint16_t first, std::uint16_t count);
    // damage_xor != 0: symbol damage_index % n gets its key sum xored with it.
    RadioLinkScript& symbols(std::uint8_t station, Epoch epoch, std::uint16_t mask,
                             std::uint16_t first, std::uint8_t n, std::uint8_t damage_index = 0,
                             std::uint8_t damage_xor = 0);
    RadioLinkScript& want(std::uint8_t station, std::uint8_t target, Epoch epoch,
                          std::uint16_t mask, const std::vector<std::uint64_t>& raw_keys);
    RadioLinkScript& fragment(std::uint8_t station, std::uint8_t message, std::size_t frame_bytes,
                              std::uint16_t index, bool deflated, bool urgent);
    // Every fragment but those whose bit (index % 8) is set in `lost`.
    RadioLinkScript& fragments(std::uint8_t station, std::uint8_t message, std::size_t frame_bytes,
                               std::uint8_t lost, bool deflated, bool urgent);
    struct FreeData {
        std::uint8_t tag = 0;   // < 12: a universe message's tag, else `tag_bytes`
        std::string tag_bytes;  // 6 bytes
        std::uint16_t total = 0;
        std::uint16_t index = 0;
        std::uint16_t count = 0;
        std::string chunk;  // at most 255 bytes
        bool deflated = false;
        bool urgent = false;
    };
    RadioLinkScript& free_data(std::uint8_t station, const FreeData& f);
    struct Missing {
        std::uint8_t tag = 0;  // as FreeData
        std::string tag_bytes;
        bool victims_split = true;  // else total and count
        std::uint16_t total = 0;
        std::uint16_t count = 0;
        std::uint8_t k = 1;
        std::uint16_t start = 0;
    };
    RadioLinkScript& missing(std::uint8_t station, const std::vector<Missing>& entries);
    RadioLinkScript& held(std::uint8_t message, bool fresh);
    RadioLinkScript& gone(std::uint8_t message);
    RadioLinkScript& echo(std::uint8_t k, std::optional<std::uint8_t> as_station = {});

    const std::string& bytes() const { return bytes_; }

  private:
    RadioLinkScript& op(std::uint8_t code);
    std::string bytes_;
    std::uint8_t verdict_ = 0;
};

}  // namespace baken::fuzz
