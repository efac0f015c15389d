// CMSDK APB UART driver (cmsdk_uart.h); registers per the ARM Cortex-M System Design Kit TRM
// (DDI 0479), as QEMU 7.2 implements them in hw/char/cmsdk-apb-uart.c.
#include "mcu/cmsdk_uart.h"

#include "mcu/mmio.h"

namespace baken::mcu::qemu {
namespace {

constexpr std::uintptr_t kBase = 0x40004000;
constexpr std::uintptr_t kData = kBase + 0x0;
constexpr std::uintptr_t kState = kBase + 0x4;
constexpr std::uintptr_t kControl = kBase + 0x8;
constexpr std::uintptr_t kBaudDivisor = kBase + 0x10;
constexpr std::uint32_t kStateTxFull = 1u << 0;
constexpr std::uint32_t kStateRxFull = 1u << 1;
constexpr std::uint32_t kControlTxEnable = 1u << 0;
constexpr std::uint32_t kControlRxEnable = 1u << 1;
// 25 MHz / 217 = 115200 baud on the real MPS2; QEMU only checks that it is at least 16.
constexpr std::uint32_t kDivisor = 217;

}  // namespace

void CmsdkUart::start() {
    mmio(kBaudDivisor) = kDivisor;
    mmio(kControl) = kControlTxEnable | kControlRxEnable;
}

std::size_t CmsdkUart::read(std::uint8_t* buffer, std::size_t capacity) {
    std::size_t count = 0;
    while (count < capacity && (mmio(kState) & kStateRxFull) != 0) {
        buffer[count++] = static_cast<std::uint8_t>(mmio(kData));
    }
    return count;
}

std::size_t CmsdkUart::write(const std::uint8_t* data, std::size_t length) {
    std::size_t count = 0;
    while (count < length && (mmio(kState) & kStateTxFull) == 0) mmio(kData) = data[count++];
    return count;
}

void CmsdkUart::write_all(const char* text) {
    for (; *text != '\0'; ++text) {
        while ((mmio(kState) & kStateTxFull) != 0) {
        }
        mmio(kData) = static_cast<std::uint8_t>(*text);
    }
}

}  // namespace baken::mcu::qemu
