// libFuzzer target: an attacker, or a broken station, on the radio channel against the
// narrow-link protocol's state machine (RadioLink): scripts of frames (raw, or built from
// fields the input chooses so that they get past the check), time, and the node's store
// (see radio_link_harness.h for what it checks: callsign and lawful mode in every frame, the
// airtime budget, pacing, bounds). Built by the `fuzz` preset; run it with
// tests/fuzz/run-fuzzers.sh, which starts from the seeds in tests/fuzz/corpus/radio_link/.
#include <cstddef>
#include <cstdint>

#include "fuzz/radio_link_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)baken::fuzz::fuzz_radio_link(data, size);
    return 0;
}
