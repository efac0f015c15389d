// The SX1262 behind the core's Radio interface, at command level (Semtech SX1261/2 datasheet
// DS_SX1261-2 rev 1.2, chapter 13 "List of Commands"), over the SpiBus board boundary. LoRa only:
// explicit header, CRC on, standard IQ, continuous receive, CAD for listen before talk.
//
// Every command first waits for BUSY low, bounded by kBusyTimeoutMs: a chip that does not
// answer makes configure() return false, and a later operation that finds it stuck makes the
// next poll() report a fault (the modem then reconfigures, which resets the chip). No heap, no
// exceptions; all buffers are members (about 520 bytes).
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/radio.h"
#include "core/radio_settings.h"
#include "sx1262/spi_bus.h"

namespace baken::modem {

// How the SX1262 is wired on the board.
struct Sx1262Board {
    static constexpr std::uint8_t kNoTcxo = 0xFF;
    // DIO2 switches the antenna between TX and RX (most modules: E22, Core1262, Wio-SX1262).
    bool dio2_drives_rf_switch = true;
    // DC-DC regulator (the module has the inductor); false: LDO only.
    bool use_dcdc = true;
    // A TCXO powered from DIO3: the SetDIO3AsTcxoCtrl voltage code (0x00 = 1.6 V, 0x02 = 1.8 V,
    // ... 0x07 = 3.3 V), or kNoTcxo for a plain crystal.
    std::uint8_t tcxo_voltage = kNoTcxo;
};

class Sx1262Radio final : public Radio {
  public:
    // BUSY stays high at most ~3.5 ms (boot, full calibration); 20 ms means the chip is gone.
    static constexpr std::uint32_t kBusyTimeoutMs = 20;

    explicit Sx1262Radio(SpiBus& bus, const Sx1262Board& board = Sx1262Board{});
    Sx1262Radio(const Sx1262Radio&) = delete;
    Sx1262Radio& operator=(const Sx1262Radio&) = delete;

    // Resets the chip and programs it from scratch (so it also recovers a wedged chip), then
    // checks that it reports STDBY_RC and no calibration error.
    bool configure(const RadioSettings& settings) override;
    void start_receive() override;
    void start_channel_check() override;
    bool start_transmit(const std::uint8_t* data, std::size_t length) override;
    RadioEvent poll(std::uint8_t* buffer, std::size_t capacity) override;

    // The SetRfFrequency word: f_hz * 2^25 / 32 MHz, rounded to the nearest PLL step.
    static std::uint32_t frequency_word(std::uint32_t frequency_hz);

  private:
    enum class Mode : std::uint8_t { unconfigured, standby, receiving, checking, transmitting };
    // The largest transaction: ReadRegister/ReadBuffer header plus a full 255-byte payload.
    static constexpr std::size_t kFrameBytes = 4 + kMaxLoraPayload;

    bool wait_until_ready();
    // Sends opcode + params; the chip's answer bytes land in rx_. false: BUSY never fell.
    bool command(const std::uint8_t* bytes, std::size_t length);
    // Reads `count` bytes answered after opcode, `header` parameter bytes and one status byte.
    bool read(std::uint8_t opcode, const std::uint8_t* header, std::size_t header_length,
              std::uint8_t* out, std::size_t count);
    bool write_register(std::uint16_t address, const std::uint8_t* data, std::size_t length);
    bool read_register(std::uint16_t address, std::uint8_t* out);
    bool update_register(std::uint16_t address, std::uint8_t clear_bits, std::uint8_t set_bits);
    bool set_standby();
    bool set_packet_params(std::uint8_t payload_length);
    bool clear_irq(std::uint16_t mask);

    bool reset_chip();
    bool set_up_chip();
    bool apply_radio_settings();
    bool set_frequency();
    bool set_power();
    bool set_modulation();
    bool set_sync_word();
    bool set_cad_params();
    bool set_interrupts();
    bool chip_is_healthy();

    RadioEvent fault();
    RadioEvent take_received(std::uint8_t* buffer, std::size_t capacity);

    SpiBus& bus_;
    const Sx1262Board board_;
    RadioSettings settings_;
    Mode mode_ = Mode::unconfigured;
    bool fault_pending_ = false;      // an operation found the chip stuck; poll() reports it
    std::uint8_t packet_length_ = 0;  // the payload length last given to SetPacketParams
    std::uint8_t tx_[kFrameBytes] = {};
    std::uint8_t rx_[kFrameBytes] = {};
};

}  // namespace baken::modem
