// libFuzzer target: a peer's handshake messages (then data frames) through the responder's or
// the initiator's state machine (see handshake_harness.h for the input layout and what it
// checks). Built by the `fuzz` preset; run it with tests/fuzz/run-fuzzers.sh, which starts
// from the seeds in tests/fuzz/corpus/handshake/.
#include <cstddef>
#include <cstdint>

#include "fuzz/handshake_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)baken::fuzz::fuzz_handshake(data, size);
    return 0;
}
