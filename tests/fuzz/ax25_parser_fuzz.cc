// libFuzzer target: a frame another station sent through the AX.25 parser, and a parsed UI
// frame back through the encoder (see ax25_parser_harness.h for what it checks). Built by the
// `fuzz` preset; run it with tests/fuzz/run-fuzzers.sh, which starts from the seeds in
// tests/fuzz/corpus/ax25_parser/.
#include <cstddef>
#include <cstdint>

#include "fuzz/ax25_parser_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)baken::fuzz::fuzz_ax25_parser(data, size);
    return 0;
}
