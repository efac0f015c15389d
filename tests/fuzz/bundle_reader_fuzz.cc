// libFuzzer target: a bundle file from a USB stick through the bundle reader, in one piece and
// in chunks the input chooses (see bundle_reader_harness.h for what it checks). Built by the
// `fuzz` preset; run it with tests/fuzz/run-fuzzers.sh, which starts from the seeds in
// tests/fuzz/corpus/bundle_reader/.
#include <google/protobuf/stubs/logging.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "fuzz/bundle_reader_harness.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    // protobuf logs an ERROR line for every header whose exporter name is not UTF-8, which the
    // fuzzer produces thousands of times a second; keep the output readable unless asked for.
    if (std::getenv("BAKEN_FUZZ_PROTOBUF_LOGS") == nullptr)
        google::protobuf::SetLogHandler(nullptr);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)baken::fuzz::fuzz_bundle_reader(data, size);
    return 0;
}
