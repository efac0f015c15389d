// libFuzzer target: untrusted bytes through envelope decoding and the whole validation path
// (see envelope_harness.h for what it checks). Built by the `fuzz` preset; run it with
// tests/fuzz/run-fuzzers.sh, which starts from the seeds in tests/fuzz/corpus/envelope/.
#include <google/protobuf/stubs/logging.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "fuzz/envelope_harness.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    // protobuf logs an ERROR line for every string field that is not UTF-8, which the fuzzer
    // produces thousands of times a second; keep the output readable unless asked for.
    if (std::getenv("BAKEN_FUZZ_PROTOBUF_LOGS") == nullptr)
        google::protobuf::SetLogHandler(nullptr);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)baken::fuzz::fuzz_envelope(data, size);
    return 0;
}
