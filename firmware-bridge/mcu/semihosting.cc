// Semihosting SYS_EXIT (semihosting.h). On 32-bit Arm the operation takes its reason code
// directly in r1: ADP_Stopped_ApplicationExit means success, and QEMU maps any other reason
// to exit status 1 (Arm "Semihosting for AArch32 and AArch64", SYS_EXIT 0x18). Thumb code
// traps with BKPT 0xAB.
#include "mcu/semihosting.h"

#include <cstdint>

namespace baken::mcu::qemu {
namespace {

constexpr std::uint32_t kSysExit = 0x18;
constexpr std::uint32_t kApplicationExit = 0x20026;      // ADP_Stopped_ApplicationExit
constexpr std::uint32_t kRunTimeErrorUnknown = 0x20023;  // ADP_Stopped_RunTimeErrorUnknown

}  // namespace

void semihosting_exit(bool success) {
    const std::uint32_t reason = success ? kApplicationExit : kRunTimeErrorUnknown;
    asm volatile(
        "mov r0, %0\n"
        "mov r1, %1\n"
        "bkpt 0xAB"
        :
        : "r"(kSysExit), "r"(reason)
        : "r0", "r1", "memory");
    for (;;) {
    }
}

}  // namespace baken::mcu::qemu
