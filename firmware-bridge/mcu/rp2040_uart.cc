// PL011 UART0 driver for the RP2040 (rp2040_uart.h); registers per the ARM PrimeCell UART
// (PL011) TRM and RP2040 datasheet 4.2.
#include "mcu/rp2040_uart.h"

#include "mcu/byte_ring.h"
#include "mcu/mmio.h"
#include "mcu/rp2040_board.h"
#include "mcu/rp2040_registers.h"

namespace baken::mcu::rp2040 {
namespace {

std::uintptr_t reg(std::uintptr_t offset) {
    return uart::kUart0Base + offset;
}

ByteRing<512> received;  // two full KISS frames of slack at 9600 baud
ByteRing<256> to_send;

}  // namespace

void Pl011Uart::start(unsigned tx_pin, unsigned rx_pin, std::uint32_t clock_hz,
                      std::uint32_t baud) {
    // Divisor clock / (16 * baud) as 16.6 fixed point, rounded: pico-sdk's uart_set_baudrate().
    const std::uint32_t divisor = (8 * clock_hz / baud) + 1;
    mmio(reg(uart::kIntegerBaud)) = divisor >> 7;
    mmio(reg(uart::kFractionalBaud)) = (divisor & 0x7F) >> 1;
    // Writing the line control register latches the divisors.
    mmio(reg(uart::kLineControl)) = uart::kLine8Bits | uart::kLineFifoEnable;
    mmio(reg(uart::kControl)) =
        uart::kControlEnable | uart::kControlTxEnable | uart::kControlRxEnable;
    select_function(tx_pin, io_bank0::kFuncUart);
    select_function(rx_pin, io_bank0::kFuncUart, /*pull_up=*/true);  // idle line is high
    // Interrupt when the FIFO is half full or a byte has waited 32 bit times.
    mmio(reg(uart::kInterruptMask)) = uart::kInterruptRx | uart::kInterruptRxTimeout;
    mmio(nvic::kSetEnable) = 1u << nvic::kUart0Irq;
}

void Pl011Uart::on_interrupt() {
    while ((mmio(reg(uart::kFlags)) & uart::kFlagRxEmpty) == 0) {
        std::uint32_t data = mmio(reg(uart::kData));
        if ((data & uart::kDataErrors) != 0 || !received.push(static_cast<std::uint8_t>(data))) {
            receive_losses_ = receive_losses_ + 1;
        }
    }
}

std::size_t Pl011Uart::read(std::uint8_t* buffer, std::size_t capacity) {
    std::size_t count = 0;
    while (count < capacity && received.pop(buffer[count])) ++count;
    return count;
}

std::size_t Pl011Uart::write(const std::uint8_t* data, std::size_t length) {
    std::size_t count = 0;
    while (count < length && to_send.push(data[count])) ++count;
    pump();
    return count;
}

void Pl011Uart::pump() {
    std::uint8_t byte = 0;
    while ((mmio(reg(uart::kFlags)) & uart::kFlagTxFull) == 0 && to_send.pop(byte)) {
        mmio(reg(uart::kData)) = byte;
    }
}

}  // namespace baken::mcu::rp2040
