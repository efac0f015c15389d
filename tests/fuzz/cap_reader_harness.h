// The CAP reader fuzz harness: one function shared by the libFuzzer target
// (cap_reader_fuzz.cc) and the corpus replay test (replay/cap_corpus_replay_test.cc).
//
// fuzz_cap_reader() runs untrusted bytes through read_cap() (libxml2 with our limits and the
// embedded schema), and a valid alert on through import_alert() and back out through
// export_alert() + write_cap(). Besides "never crash, never leak, never hang" it aborts with a
// message on stderr when one of these does not hold:
//   - every refusal has a reason; above kMaxCapBytes the refusal is too_large;
//   - read_cap() is deterministic: the same bytes read twice give the same alert or error;
//   - an alert Baken imports exports again as CAP that write_cap() produces and read_cap()
//     reads back (what the daemon serves is valid CAP 1.2);
//   - the exported alert keeps the identifier, sender and sent time.
#pragma once

#include <cstddef>
#include <cstdint>

#include "cap/cap_error.h"
#include "common/result.h"

namespace baken::fuzz {

// What happened to the input, for the replay test's expectations.
enum class CapOutcome { imported, unsupported, no_area, refused };

struct CapFuzzResult {
    CapOutcome outcome = CapOutcome::refused;
    cap::CapError::Kind error_kind = cap::CapError::Kind::internal;  // when refused
};

CapFuzzResult fuzz_cap_reader(const std::uint8_t* data, std::size_t size);

// The clock of the harness: when the seeds' alerts are current (2024-05-01T13:00:00Z).
inline constexpr std::int64_t kCapHarnessNowMs = 1714568400000;

}  // namespace baken::fuzz
