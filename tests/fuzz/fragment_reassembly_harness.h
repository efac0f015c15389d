// The fragment reassembly fuzz harness: one function shared by the libFuzzer target
// (fragment_reassembly_fuzz.cc) and the corpus replay test (replay/radio_corpus_replay_test.cc).
//
// The input is a script of operations on one FragmentReassembly with small limits (4 partials,
// 8 KiB buffered, payloads up to 4 KiB in up to 64 fragments, give up after 1 s), run until
// the input ends. Each operation starts with a byte `op`; op & 3 says which:
//   0  add a fragment heard from the channel:
//        tag (1 byte: the tag is {b & 7, 1, 2, 3, 4, 5}), total (2 bytes big-endian, & 0x1FFF),
//        index (1 byte), count (1 byte), then the chunk: when op & 4, as many bytes as the
//        split rule gives (0 if the header makes no sense), else 1 length byte; the chunk's
//        bytes follow (fewer if the input ends);
//   1  time passes: 1 byte, times 8 ms;
//   2  op & 4: expire(now); else drop(tag): 1 tag byte as above;
//   3  a whole payload split and heard: total (2 bytes, 1 + v % 4096), max_chunk (1 byte,
//      raised so that at most 64 fragments result), order (1 byte: bit 0 reversed, bit 7 the
//      first fragment twice, bits 1-6 rotate the start); tag {0xFF, ...} of its own.
//
// fuzz_fragment_reassembly() aborts with a message on stderr when an invariant does not hold.
// It keeps a model (per tag: total, count, the first chunk heard per index) and checks:
//   - add() is bad_header exactly when the header breaks the split rule (checked here with
//     the rule written another way), conflicting only when a partial with that tag has another
//     total or count; a valid 1-fragment payload without a partial completes at once;
//   - a completed payload has the size of its total and is the model's chunks put together,
//     and its partial is gone; a payload not completed has its partial;
//   - a new partial evicts only partials heard from before every partial it leaves (the
//     model's last fragment, duplicates included, is when a partial was last heard);
//   - after every operation: buffered_bytes() <= 8 KiB and is the sum of the partials' totals,
//     partials() <= 4, each with the count and exactly the missing fragments of the model,
//     oldest first; evicted() never decreases;
//   - operation 3 completes exactly once, at its last new fragment, with the payload it split
//     (a 1-fragment payload: every time it is heard, as it is never buffered).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace baken::fuzz {

struct FragmentReassemblyOutcome {
    std::size_t completed = 0;  // payloads add() returned
    std::size_t bad_header = 0;
    std::size_t conflicting = 0;
    std::uint64_t evicted = 0;
    std::size_t expired = 0;
};

FragmentReassemblyOutcome fuzz_fragment_reassembly(const std::uint8_t* data, std::size_t size);

// Builds inputs in the layout above (for the seed corpus).
class FragmentScript {
  public:
    // A fragment with a chunk of the size the split rule gives (taken from `payload`).
    FragmentScript& add(std::uint8_t tag, std::uint16_t total, std::uint8_t index,
                        std::uint8_t count, const std::string& payload);
    // A fragment whose chunk is exactly `chunk`, whatever the rule says.
    FragmentScript& add_raw(std::uint8_t tag, std::uint16_t total, std::uint8_t index,
                            std::uint8_t count, const std::string& chunk);
    FragmentScript& wait(std::uint8_t units);  // 8 ms per unit
    FragmentScript& expire();
    FragmentScript& drop(std::uint8_t tag);
    FragmentScript& split(std::uint16_t total, std::uint8_t max_chunk, std::uint8_t order);
    const std::string& bytes() const { return bytes_; }

  private:
    std::string bytes_;
};

}  // namespace baken::fuzz
