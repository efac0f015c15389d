// PL022 SPI1 + SIO GPIO for the SX1262 (rp2040_spi_bus.h); registers per the ARM PrimeCell SSP
// (PL022) TRM and RP2040 datasheet 4.4 and 2.3.1.
#include "mcu/rp2040_spi_bus.h"

#include "mcu/mmio.h"
#include "mcu/rp2040_registers.h"
#include "mcu/rp2040_timer.h"

namespace baken::mcu::rp2040 {
namespace {

std::uintptr_t reg(std::uintptr_t offset) {
    return spi::kSpi1Base + offset;
}

// clk_peri / (CPSDVSR * (1 + SCR)) = 12 MHz / (2 * 3) = 2 MHz; the SX1262 allows 16 MHz, a
// slow clock forgives long wires on a HAT.
constexpr std::uint32_t kPrescale = 2;
constexpr std::uint32_t kSerialClockRate = 2;

void drive_output(unsigned pin, bool high) {
    mmio(high ? sio::kGpioOutSet : sio::kGpioOutClear) = 1u << pin;
    mmio(sio::kGpioOeSet) = 1u << pin;
}

bool read_input(unsigned pin) {
    return (mmio(sio::kGpioIn) & (1u << pin)) != 0;
}

}  // namespace

void Pl022SpiBus::start() {
    mmio(reg(spi::kControl1)) = 0;  // disabled while configuring
    mmio(reg(spi::kPrescale)) = kPrescale;
    // Motorola frame format, SPO = 0, SPH = 0: mode 0 as the SX1262 requires.
    mmio(reg(spi::kControl0)) = spi::kControl0Data8Bits | (kSerialClockRate << 8);
    mmio(reg(spi::kControl1)) = spi::kControl1Enable;  // master

    select_function(pins_.spi_sck, io_bank0::kFuncSpi);
    select_function(pins_.spi_mosi, io_bank0::kFuncSpi);
    select_function(pins_.spi_miso, io_bank0::kFuncSpi);
    // Outputs first set high (NSS idle, NRESET released), then handed to SIO.
    drive_output(pins_.radio_nss, true);
    drive_output(pins_.radio_nreset, true);
    select_function(pins_.radio_nss, io_bank0::kFuncSio);
    select_function(pins_.radio_nreset, io_bank0::kFuncSio);
    mmio(sio::kGpioOeClear) = (1u << pins_.radio_busy) | (1u << pins_.radio_dio1);
    select_function(pins_.radio_busy, io_bank0::kFuncSio);
    select_function(pins_.radio_dio1, io_bank0::kFuncSio);
}

void Pl022SpiBus::transfer(const std::uint8_t* tx, std::uint8_t* rx, std::size_t len) {
    mmio(sio::kGpioOutClear) = 1u << pins_.radio_nss;
    // One byte out, one byte in, in lockstep: the receive FIFO (8 deep) can never overflow.
    for (std::size_t i = 0; i < len; ++i) {
        while ((mmio(reg(spi::kStatus)) & spi::kStatusTxNotFull) == 0) {
        }
        mmio(reg(spi::kData)) = tx != nullptr ? tx[i] : 0;
        while ((mmio(reg(spi::kStatus)) & spi::kStatusRxNotEmpty) == 0) {
        }
        std::uint8_t in = static_cast<std::uint8_t>(mmio(reg(spi::kData)));
        if (rx != nullptr) rx[i] = in;
    }
    while ((mmio(reg(spi::kStatus)) & spi::kStatusBusy) != 0) {
    }
    mmio(sio::kGpioOutSet) = 1u << pins_.radio_nss;
}

bool Pl022SpiBus::busy() {
    return read_input(pins_.radio_busy);
}

bool Pl022SpiBus::dio1() {
    return read_input(pins_.radio_dio1);
}

void Pl022SpiBus::set_nreset(bool released) {
    mmio(released ? sio::kGpioOutSet : sio::kGpioOutClear) = 1u << pins_.radio_nreset;
}

void Pl022SpiBus::delay_ms(std::uint32_t ms) {
    rp2040::delay_ms(ms);
}

std::uint32_t Pl022SpiBus::now_ms() {
    return static_cast<std::uint32_t>(rp2040::now_ms());
}

}  // namespace baken::mcu::rp2040
