// libFuzzer target: untrusted bytes on the LoRa modem's serial side, through the whole Modem
// with a fake UART, radio and clock (see modem_serial_harness.h for what it checks). Built by
// the `fuzz` preset; run it with tests/fuzz/run-fuzzers.sh, which starts from the seeds in
// tests/fuzz/corpus/modem_serial/.
#include <cstddef>
#include <cstdint>

#include "fuzz/modem_serial_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)baken::fuzz::fuzz_modem_serial(data, size);
    return 0;
}
