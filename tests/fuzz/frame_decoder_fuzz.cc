// libFuzzer target: a peer's byte stream through the frame decoder, split three ways (see
// frame_decoder_harness.h for what it checks). Built by the `fuzz` preset; run it with
// tests/fuzz/run-fuzzers.sh, which starts from the seeds in tests/fuzz/corpus/frame_decoder/.
#include <cstddef>
#include <cstdint>

#include "fuzz/frame_decoder_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)baken::fuzz::fuzz_frame_decoder(data, size);
    return 0;
}
