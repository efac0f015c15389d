// libFuzzer target: scripts of fragments heard from a lossy channel (garbled, duplicated,
// reordered, interleaved, with time passing) through fragment reassembly (see
// fragment_reassembly_harness.h for what it checks). Built by the `fuzz` preset; run it with
// tests/fuzz/run-fuzzers.sh, which starts from the seeds in tests/fuzz/corpus/fragment_reassembly/.
#include <cstddef>
#include <cstdint>

#include "fuzz/fragment_reassembly_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)baken::fuzz::fuzz_fragment_reassembly(data, size);
    return 0;
}
