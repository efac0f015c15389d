// The product image: a LoRa modem on an RP2040 with an SX1262 (a Raspberry Pi Pico with the
// Waveshare Pico-LoRa-SX1262 HAT; pins in rp2040_board.h). Sets up the chip, then runs the
// modem core forever: KISS on UART0, LoRa through the SX1262 on SPI1.
//
// The watchdog (rp2040_watchdog.h) is on from before the modem starts, with a 2 s timeout,
// fed on every pass of the main loop: a hang, or a fault handler's endless loop
// (unhandled_exception in startup.cc, __cxa_pure_virtual), resets the board.
//
// Not reported to the host: bytes the UART lost on the way in (receive_losses(): its ring
// full, or a hardware overrun or framing error). The host reads counters only through the
// modem core's get_stats (ModemStats), which has no field a board can add to, so the count is
// only visible to a debugger (`host_uart.receive_losses_`). The damage itself is caught
// further on: a frame that lost a byte is either dropped here as a broken escape
// (serial_bad_escape) or sent damaged and dropped by the receivers' link check
// (docs/radio-link.md), so the host sees frames go missing, not why.
#include "core/modem.h"
#include "core/radio_settings.h"
#include "mcu/rp2040_board.h"
#include "mcu/rp2040_registers.h"
#include "mcu/rp2040_spi_bus.h"
#include "mcu/rp2040_timer.h"
#include "mcu/rp2040_uart.h"
#include "mcu/rp2040_watchdog.h"
#include "sx1262/sx1262_radio.h"

extern "C" void unhandled_exception();  // startup.cc

namespace {

using namespace baken::mcu::rp2040;

Pl011Uart host_uart;

// The Waveshare HAT's Core1262-HF module: antenna switch on DIO2, DC-DC regulator, and a TCXO
// powered from DIO3 at 1.8 V (as other firmware configures this HAT; not checked on a board).
constexpr baken::modem::Sx1262Board kRadioBoard{/*dio2_drives_rf_switch=*/true, /*use_dcdc=*/true,
                                                /*tcxo_voltage=*/0x02};

}  // namespace

extern "C" void isr_uart0() {
    host_uart.on_interrupt();
}

namespace {

// The RP2040's 26 peripheral interrupts follow the core's 16 vectors (sections.ld); only
// UART0 is used.
using Handler = void (*)();
constexpr unsigned kIrqCount = 26;

struct IrqVectors {
    Handler handlers[kIrqCount];
};

constexpr IrqVectors make_irq_vectors() {
    IrqVectors vectors{};
    for (Handler& handler : vectors.handlers) handler = unhandled_exception;
    vectors.handlers[nvic::kUart0Irq] = isr_uart0;
    return vectors;
}

__attribute__((section(".vectors.irq"), used)) const IrqVectors irq_vectors = make_irq_vectors();

}  // namespace

int main() {
    start_chip();
    start_watchdog();
    host_uart.start(kBoardPins.uart_tx, kBoardPins.uart_rx, kClockHz, kHostBaud);

    static Pl022SpiBus radio_bus(kBoardPins);
    radio_bus.start();
    static baken::modem::Sx1262Radio radio(radio_bus, kRadioBoard);
    static baken::modem::Modem modem(radio, host_uart, baken::modem::RadioSettings{},
                                     random_seed());
    for (;;) {
        feed_watchdog();
        host_uart.pump();
        modem.step(now_ms());
    }
}
