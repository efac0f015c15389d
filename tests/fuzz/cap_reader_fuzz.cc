// libFuzzer target: untrusted bytes through the CAP reader (libxml2 + the embedded CAP 1.2
// schema) and, for valid alerts, import and export (see cap_reader_harness.h). Built by the
// `fuzz` preset; run it with tests/fuzz/run-fuzzers.sh, which starts from the seeds in
// tests/fuzz/corpus/cap/.
#include <cstddef>
#include <cstdint>

#include "fuzz/cap_reader_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)baken::fuzz::fuzz_cap_reader(data, size);
    return 0;
}
