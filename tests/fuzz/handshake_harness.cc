// See handshake_harness.h.
#include "fuzz/handshake_harness.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "fuzz/invariant.h"
#include "sync/channel/secure_channel.h"
#include "sync/channel/test_identity.h"

namespace baken::fuzz {
namespace {

using channel::Handshake;
using channel::HandshakeErrorCode;
using channel::SecureChannel;

bool same(ByteView a, ByteView b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

constexpr std::int64_t kDeadlineMs = kFuzzStartMs + channel::kDefaultHandshakeTimeoutMs;
constexpr std::int64_t kTimeUnitMs = 100;

HonestExchange make_honest_exchange() {
    auto initiator =
        Handshake::initiator(fuzz_alice(), fuzz_seed(kHonestInitiatorSeed), kFuzzStartMs);
    auto responder =
        Handshake::responder(fuzz_bob(), fuzz_seed(kHonestResponderSeed), kFuzzStartMs);
    HonestExchange h;
    h.msg1 = initiator.initial_message();
    auto msg2 = responder.on_message(kFuzzStartMs, h.msg1);
    require(msg2.ok(), "the honest responder accepts msg1");
    h.msg2 = *msg2;
    auto msg3 = initiator.on_message(kFuzzStartMs, h.msg2);
    require(msg3.ok(), "the honest initiator accepts msg2");
    h.msg3 = *msg3;
    require(responder.on_message(kFuzzStartMs, h.msg3).ok(), "the honest responder accepts msg3");
    require(initiator.complete() && responder.complete(), "the honest exchange completes");
    h.initiator_keys = initiator.keys();
    h.responder_keys = responder.keys();
    h.session_id = initiator.session_id();

    SecureChannel at_alice(initiator.keys());
    SecureChannel at_bob(responder.keys());
    for (int i = 0; i < 3; ++i) {
        h.data_plaintexts.push_back("baken fuzz data " + std::to_string(i));
        h.data_to_initiator.push_back(*at_bob.seal(as_bytes(h.data_plaintexts.back())));
        h.data_to_responder.push_back(*at_alice.seal(as_bytes(h.data_plaintexts.back())));
    }
    return h;
}

std::vector<ByteView> split_messages(ByteView rest) {
    std::vector<ByteView> messages;
    while (rest.size() >= 2) {
        const std::size_t declared = (std::size_t{rest[0]} << 8) | rest[1];
        rest = rest.subspan(2);
        const std::size_t n = std::min(declared, rest.size());
        messages.push_back(rest.first(n));
        rest = rest.subspan(n);
    }
    return messages;
}

// What the end under test should see from an honest peer, and answer.
struct Script {
    std::vector<const Bytes*> expected;
    std::vector<Bytes> replies;
    const std::vector<Bytes>* data;  // the honest peer's data frames
    const channel::ChannelKeys* keys;
    const PublicKey* peer;
};

Script script_for(FuzzedEnd end) {
    const HonestExchange& h = honest_exchange();
    if (end == FuzzedEnd::responder) {
        return {{&h.msg1, &h.msg3},
                {h.msg2, Bytes{}},
                &h.data_to_responder,
                &h.responder_keys,
                &fuzz_alice().public_key()};
    }
    return {{&h.msg2}, {h.msg3}, &h.data_to_initiator, &h.initiator_keys, &fuzz_bob().public_key()};
}

struct Run {
    FuzzedEnd end;
    FuzzedPin pin;
    Script script;
    Handshake handshake;
    std::optional<SecureChannel> channel;
    std::size_t fed = 0;        // messages given to the handshake while in progress
    bool honest_so_far = true;  // ... and all of them were the honest ones
    HandshakeOutcome outcome;
};

Handshake make_handshake(FuzzedEnd end, FuzzedPin pin) {
    channel::HandshakeOptions options;
    const PublicKey& honest_peer =
        end == FuzzedEnd::responder ? fuzz_alice().public_key() : fuzz_bob().public_key();
    if (pin == FuzzedPin::honest_peer) options.expected_peer = honest_peer;
    if (pin == FuzzedPin::stranger) options.expected_peer = fuzz_carol().public_key();
    return end == FuzzedEnd::responder
               ? Handshake::responder(fuzz_bob(), fuzz_seed(kHonestResponderSeed), kFuzzStartMs,
                                      options)
               : Handshake::initiator(fuzz_alice(), fuzz_seed(kHonestInitiatorSeed), kFuzzStartMs,
                                      options);
}

void to_handshake(Run& run, ByteView message, std::int64_t now) {
    Handshake& hs = run.handshake;
    const std::size_t index = run.fed++;
    const bool honest_next = run.honest_so_far && index < run.script.expected.size() &&
                             same(message, *run.script.expected[index]);
    run.honest_so_far = honest_next;
    const bool in_time = now < kDeadlineMs;

    auto reply = hs.on_message(now, message);
    if (!reply) {
        const auto code = reply.error().code;
        require(hs.failed() && hs.failure() && hs.failure()->code == code,
                "an error fails the handshake with that error");
        require(!reply.error().detail.empty(), "every handshake error has a detail");
        require(!hs.deadline_ms(), "a failed handshake has no deadline");
        require(in_time == (code != HandshakeErrorCode::timeout),
                "a message fails with timeout exactly when it comes at or after the deadline",
                channel::describe(reply.error()));
        if (honest_next && in_time) {
            require(run.pin == FuzzedPin::stranger && code == HandshakeErrorCode::wrong_peer_key,
                    "the honest peer is refused only for a pin to someone else",
                    channel::describe(reply.error()));
        }
        run.outcome.error = code;
        return;
    }
    require(in_time, "nothing is accepted at or after the deadline");
    require(!hs.failed(), "an accepted message does not fail the handshake");
    if (honest_next) {
        require(same(*reply, run.script.replies[index]),
                "the honest message gets the honest reply");
    }
    if (hs.complete()) {
        require(run.honest_so_far && run.fed == run.script.expected.size(),
                "the handshake completes only with the honest peer's messages");
        require(run.pin != FuzzedPin::stranger, "a pin to someone else never completes");
        require(hs.peer_key() == *run.script.peer, "the peer is the honest peer");
        require(hs.keys().send == run.script.keys->send &&
                    hs.keys().receive == run.script.keys->receive,
                "the keys are the honest exchange's");
        require(hs.session_id() == honest_exchange().session_id,
                "the session id is the honest one");
        require(!hs.deadline_ms(), "a complete handshake has no deadline");
        run.outcome.complete = true;
        run.channel.emplace(hs.keys());
        return;
    }
    // Not complete: only the responder, on msg1 of any ephemeral key, answers and goes on.
    require(run.end == FuzzedEnd::responder && index == 0 &&
                reply->size() == channel::wire::kResponseBytes &&
                (*reply)[0] == channel::wire::kResponseType,
            "only msg1 is answered without completing");
    require(hs.deadline_ms() == kDeadlineMs, "the deadline does not move");
}

void after_failure(Run& run, ByteView message, std::int64_t now) {
    const auto first = run.handshake.failure()->code;
    auto reply = run.handshake.on_message(now, message);
    require(!reply.ok() && reply.error().code == HandshakeErrorCode::unexpected_message,
            "after a failure every message is unexpected");
    require(run.handshake.failure()->code == first, "failure() keeps the first error");
}

void after_completion(Run& run, ByteView message, std::int64_t now) {
    auto reply = run.handshake.on_message(now, message);
    require(!reply.ok() && reply.error().code == HandshakeErrorCode::unexpected_message &&
                run.handshake.complete(),
            "a message after completion is unexpected and changes nothing");

    const std::size_t k = run.outcome.frames_opened;
    const bool honest_next = !run.outcome.channel_failed && k < run.script.data->size() &&
                             same(message, (*run.script.data)[k]);
    const bool was_broken = run.channel->broken();
    auto opened = run.channel->open(message);
    if (opened) {
        require(honest_next, "the channel opens only the honest peer's frames, in order");
        require(as_chars(*opened) == honest_exchange().data_plaintexts[k],
                "an opened frame is what the honest peer sealed");
        ++run.outcome.frames_opened;
    } else {
        require(!honest_next, "the honest peer's next frame opens");
        require(!was_broken || opened.error().code == channel::ChannelErrorCode::broken,
                "a broken channel stays broken");
        run.outcome.channel_failed = true;
    }
}

}  // namespace

const Identity& fuzz_alice() {
    static const Identity id = channel::testing::fixed_identity(0x10);
    return id;
}
const Identity& fuzz_bob() {
    static const Identity id = channel::testing::fixed_identity(0x20);
    return id;
}
const Identity& fuzz_carol() {
    static const Identity id = channel::testing::fixed_identity(0x30);
    return id;
}

channel::EphemeralSeed fuzz_seed(std::uint8_t byte) {
    channel::EphemeralSeed seed;
    for (std::size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<std::uint8_t>(byte ^ i);
    return seed;
}

const HonestExchange& honest_exchange() {
    static const HonestExchange h = make_honest_exchange();
    return h;
}

std::string handshake_input(FuzzedEnd end, std::uint8_t time_step, FuzzedPin pin,
                            const std::vector<Bytes>& messages) {
    std::string input;
    input.push_back(static_cast<char>(end));
    input.push_back(static_cast<char>(time_step));
    input.push_back(static_cast<char>(pin));
    for (const Bytes& m : messages) {
        input.push_back(static_cast<char>((m.size() >> 8) & 0xff));
        input.push_back(static_cast<char>(m.size() & 0xff));
        input.append(as_chars(m));
    }
    return input;
}

HandshakeOutcome fuzz_handshake(const std::uint8_t* data, std::size_t size) {
    const ByteView input(data, size);
    const auto end = (size > 0 && (input[0] & 1)) ? FuzzedEnd::initiator : FuzzedEnd::responder;
    const std::int64_t step = size > 1 ? input[1] : 0;
    const auto pin = static_cast<FuzzedPin>(size > 2 ? input[2] % 3 : 0);

    Run run{end, pin, script_for(end), make_handshake(end, pin), std::nullopt, 0, true, {}};
    require(run.handshake.deadline_ms() == kDeadlineMs, "the deadline is creation + timeout");

    std::int64_t now = kFuzzStartMs;
    for (ByteView message : split_messages(size > 3 ? input.subspan(3) : ByteView())) {
        now += step * kTimeUnitMs;
        if (run.handshake.in_progress()) {
            to_handshake(run, message, now);
        } else if (run.handshake.failed()) {
            after_failure(run, message, now);
        } else {
            after_completion(run, message, now);
        }
    }

    Handshake& hs = run.handshake;
    if (hs.in_progress()) {
        require(hs.deadline_ms() == kDeadlineMs, "the deadline does not move");
        require(!hs.on_timeout(kDeadlineMs - 1), "no timeout before the deadline");
        require(hs.on_timeout(kDeadlineMs) && hs.failed() &&
                    hs.failure()->code == HandshakeErrorCode::timeout,
                "the timeout fires at the deadline");
    } else {
        require(!hs.on_timeout(kDeadlineMs + 1'000'000), "a finished handshake does not time out");
    }
    return run.outcome;
}

}  // namespace baken::fuzz
