// The envelope fuzz harness: one function shared by the libFuzzer target (envelope_fuzz.cc)
// and the corpus replay test (replay/fuzz_corpus_replay_test.cc), so the replay exercises
// exactly the code the fuzzer does.
//
// fuzz_envelope() runs untrusted bytes through decode_envelope() and the full validation path
// (ValidationPath::check() and submit() over a real LMDB Store in a temp directory, with the
// clock fixed at testing::kSampleNowMs so the valid seeds are accepted and stored). Besides
// "never crash, never leak" it checks invariants of the path and aborts with a message on
// stderr when one does not hold:
//   - decode and validation agree: a decode error is the validation verdict; check() and
//     submit() give the same verdict (unless the store refuses: storage_full/storage_error);
//   - every refusal carries a detail a person can act on;
//   - a decoded envelope keeps its exact bytes, and re-decodes to the same id;
//   - an accepted message is in the store, and what the store holds under its id validates
//     to the same id; a new message grows the store, a duplicate leaves it unchanged;
//   - a refused message leaves the store unchanged, and its exact bytes are not stored.
//
// The store lives for the whole process and is bounded by a small quota: eviction keeps it
// in bounds (and only exact copies of validly signed seeds can be accepted anyway).
#pragma once

#include <cstddef>
#include <cstdint>

#include "validation/validation_path.h"

namespace baken::fuzz {

// Store quota of the harness; small so that eviction is reachable and the temp dir stays small.
inline constexpr std::uint64_t kHarnessQuotaBytes = 8ull << 20;

// The verdict of ValidationPath::submit() for these bytes.
Verdict fuzz_envelope(const std::uint8_t* data, std::size_t size);

}  // namespace baken::fuzz
