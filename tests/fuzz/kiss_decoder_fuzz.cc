// libFuzzer target: a TNC's byte stream through the KISS decoder, in one piece and in chunks
// the input chooses (see kiss_decoder_harness.h for what it checks). Built by the `fuzz`
// preset; run it with tests/fuzz/run-fuzzers.sh, which starts from the seeds in
// tests/fuzz/corpus/kiss_decoder/.
#include <cstddef>
#include <cstdint>

#include "fuzz/kiss_decoder_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)baken::fuzz::fuzz_kiss_decoder(data, size);
    return 0;
}
