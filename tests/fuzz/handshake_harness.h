// The handshake fuzz harness: one function shared by the libFuzzer target (handshake_fuzz.cc)
// and the corpus replay test (replay/channel_corpus_replay_test.cc).
//
// The honest exchange: alice (initiator, ephemeral seed kHonestInitiatorSeed) and bob
// (responder, kHonestResponderSeed), fixed identities. Everything is deterministic, so its
// msg1, msg2, msg3 and the data frames bob sends afterwards are fixed bytes: the seed corpus
// holds them, and the fuzzer mutates them (valid prefixes, then changed bytes).
//
// Input layout:
//   byte 0   end under test: even = bob's responder, odd = alice's initiator
//   byte 1   time step: each message arrives byte1 * 100 ms after the one before (the
//            handshake times out after kDefaultHandshakeTimeoutMs = 10 s)
//   byte 2   pinning, mod 3: 0 none, 1 the honest peer's key, 2 carol's key (a stranger)
//   rest     messages from the peer, each a 2-byte big-endian length and that many bytes (a
//            last message shorter than its length is taken as it is)
//
// The messages go to the handshake until it completes or fails; once complete, the rest go
// to a SecureChannel built from its keys (data frames). fuzz_handshake() aborts with a
// message on stderr when an invariant does not hold:
//   - authentication: the handshake completes only when fed exactly the honest peer's
//     messages, in time, with a pin that allows the honest peer; then the peer key, the keys
//     and the session id are the honest exchange's;
//   - liveness: the honest next message, in time, is accepted with the exact honest reply;
//   - a failure is final, with a non-empty detail: every later message gets
//     unexpected_message and failure() keeps the first error; a message after completion gets
//     unexpected_message and changes nothing;
//   - deadline_ms() is the creation time + timeout while in progress, nullopt after;
//     on_timeout() fires exactly at the deadline;
//   - the channel opens only the honest peer's data frames, in order; after one failure,
//     nothing more.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "sync/channel/handshake.h"

namespace baken::fuzz {

struct HandshakeOutcome {
    bool complete = false;
    std::optional<channel::HandshakeErrorCode> error;  // the handshake's first error
    std::size_t frames_opened = 0;                     // data frames opened after completion
    bool channel_failed = false;                       // a data frame did not open
};

HandshakeOutcome fuzz_handshake(const std::uint8_t* data, std::size_t size);

enum class FuzzedEnd : std::uint8_t { responder = 0, initiator = 1 };
enum class FuzzedPin : std::uint8_t { none = 0, honest_peer = 1, stranger = 2 };

// Builds an input in the layout above.
std::string handshake_input(FuzzedEnd end, std::uint8_t time_step, FuzzedPin pin,
                            const std::vector<Bytes>& messages);

// The honest exchange the harness checks against (also used by the corpus generator).
struct HonestExchange {
    Bytes msg1, msg2, msg3;
    std::vector<Bytes> data_to_initiator;  // bob's first data frames, sealed for alice
    std::vector<Bytes> data_to_responder;  // alice's first data frames, sealed for bob
    std::vector<std::string> data_plaintexts;
    channel::ChannelKeys initiator_keys, responder_keys;
    channel::wire::Digest session_id{};
};
const HonestExchange& honest_exchange();

// The identities and seeds of the honest exchange, and a stranger.
const Identity& fuzz_alice();
const Identity& fuzz_bob();
const Identity& fuzz_carol();
inline constexpr std::uint8_t kHonestInitiatorSeed = 0x11;
inline constexpr std::uint8_t kHonestResponderSeed = 0x22;
channel::EphemeralSeed fuzz_seed(std::uint8_t byte);
inline constexpr std::int64_t kFuzzStartMs = 1'750'000'000'000;

}  // namespace baken::fuzz
