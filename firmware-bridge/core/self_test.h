// The core's self-test: known answers for the parts that must be right on any CPU the modem
// runs on (KISS round trips, Semtech airtime values, the duty-cycle limit over an hour, the
// queue's order). Runs on the host in the unit tests, on demand through the KISS self_test
// command, and at boot of the QEMU image, which prints each line on its UART.
#pragma once

#include <cstdint>

namespace baken::modem {

struct SelfTestResult {
    std::uint8_t passed = 0;
    std::uint8_t total = 0;
    bool ok() const { return passed == total; }
};

// Runs every check; `report`, when given, receives one line per check ("PASS airtime SF7
// 125 kHz 10 B" / "FAIL ...") without a newline.
using SelfTestReport = void (*)(const char* line, void* context);
SelfTestResult run_self_test(SelfTestReport report = nullptr, void* context = nullptr);

}  // namespace baken::modem
