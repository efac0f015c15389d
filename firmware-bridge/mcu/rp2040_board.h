// The RP2040 board the product image is for: which pins go where, and the chip setup that
// must happen before the UART, SPI and timer work (crystal oscillator, clocks, resets, pin
// functions). Pins are those of a Raspberry Pi Pico with the Waveshare Pico-LoRa-SX1262 HAT.
#pragma once

#include <cstdint>

namespace baken::mcu::rp2040 {

// GPIO numbers (GPn, not header pin numbers).
struct BoardPins {
    // UART0 to the host (bakend on the Raspberry Pi, through a 3.3 V USB-serial adapter or the
    // Pi's own UART on its header pins 8/10).
    unsigned uart_tx = 0;
    unsigned uart_rx = 1;
    // SPI1 to the SX1262, as the Waveshare HAT wires it.
    unsigned spi_sck = 10;
    unsigned spi_mosi = 11;
    unsigned spi_miso = 12;
    unsigned radio_nss = 3;  // chip select, driven by software (one command per NSS frame)
    unsigned radio_nreset = 15;
    unsigned radio_busy = 2;
    unsigned radio_dio1 = 20;
};
inline constexpr BoardPins kBoardPins{};

// clk_sys and clk_peri both run from the 12 MHz crystal: ample for a KISS modem at 9600 baud
// and an SX1262 at 2 MHz SPI, and no PLL to configure.
inline constexpr std::uint32_t kClockHz = 12'000'000;
inline constexpr std::uint32_t kHostBaud = 9600;  // bakend's [[radio]] default

// Starts the crystal, moves clk_ref and clk_sys onto it, enables clk_peri, starts the
// watchdog's 1 µs tick for the TIMER and takes the blocks this firmware uses out of reset.
void start_chip();
// Routes a pin to a peripheral function (io_bank0 FUNCSEL) with input enabled on its pad.
void select_function(unsigned pin, std::uint32_t function, bool pull_up = false);
// 32 bits from the ring oscillator's jitter (ROSC RANDOMBIT): a seed for the backoff, different
// per boot. Not cryptographic.
std::uint32_t random_seed();

}  // namespace baken::mcu::rp2040
