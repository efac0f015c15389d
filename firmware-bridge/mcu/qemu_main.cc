// The QEMU image (mps2-an385): the modem core on an emulated Cortex-M, its UART on whatever
// QEMU connects to UART0 (a pseudo-terminal in the tests). At boot it runs the core's
// self-test and prints one line per check, then "SELFTEST PASS n/n" or "SELFTEST FAIL n/n"
// and the stack it used. Then:
//   - the self-test image (BAKEN_QEMU_EXIT_AFTER_SELF_TEST=1) ends QEMU through semihosting,
//     with exit status 0 only if every check passed: the CI's plain pass/fail;
//   - the interactive image runs the modem with a radio on an empty channel, so KISS frames
//     on the UART are answered (get_version, get_stats, self_test, data frames "sent").
#include <cstddef>
#include <cstdint>

#include "core/modem.h"
#include "core/radio_settings.h"
#include "core/self_test.h"
#include "mcu/cmsdk_uart.h"
#include "mcu/quiet_channel_radio.h"
#include "mcu/semihosting.h"
#include "mcu/stack_watermark.h"
#include "mcu/systick_clock.h"

#ifndef BAKEN_QEMU_EXIT_AFTER_SELF_TEST
#define BAKEN_QEMU_EXIT_AFTER_SELF_TEST 0
#endif

namespace {

using namespace baken::mcu::qemu;

// QEMU's MPS2 clocks the Cortex-M3 (and SysTick's processor clock) at 25 MHz.
constexpr std::uint32_t kCoreClockHz = 25'000'000;
// A fixed seed: QEMU runs are meant to repeat exactly.
constexpr std::uint32_t kBackoffSeed = 0x5EED;

CmsdkUart uart;

void write_number(std::size_t value) {
    char digits[12];
    char* end = digits + sizeof digits;
    char* start = end;
    *--start = '\0';
    do {
        *--start = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value != 0 && start > digits);
    uart.write_all(start);
}

void print_check(const char* line, void* /*context*/) {
    uart.write_all(line);
    uart.write_all("\r\n");
}

bool run_and_print_self_test() {
    baken::modem::SelfTestResult result = baken::modem::run_self_test(print_check, nullptr);
    uart.write_all(result.ok() ? "SELFTEST PASS " : "SELFTEST FAIL ");
    write_number(result.passed);
    uart.write_all("/");
    write_number(result.total);
    uart.write_all("\r\n");
    uart.write_all("STACK used ");
    write_number(baken::mcu::stack_bytes_used());
    uart.write_all(" of ");
    write_number(baken::mcu::stack_reserve_bytes());
    uart.write_all(" bytes reserved\r\n");
    return result.ok();
}

[[noreturn]] void run_modem() {
    static QuietChannelRadio radio(now_ms);
    static baken::modem::Modem modem(radio, uart, baken::modem::RadioSettings{}, kBackoffSeed);
    for (;;) modem.step(now_ms());
}

}  // namespace

// A fault in QEMU is a bug worth seeing on the UART, and must not leave the CI waiting for
// its timeout.
extern "C" void isr_hardfault() {
    uart.write_all("HARDFAULT\r\n");
    if (BAKEN_QEMU_EXIT_AFTER_SELF_TEST) semihosting_exit(false);
    for (;;) {
    }
}

int main() {
    baken::mcu::paint_stack();
    uart.start();
    start_millisecond_clock(kCoreClockHz);
    uart.write_all("baken-modem qemu mps2-an385\r\n");
    const bool passed = run_and_print_self_test();
    if (BAKEN_QEMU_EXIT_AFTER_SELF_TEST) semihosting_exit(passed);
    run_modem();
}
