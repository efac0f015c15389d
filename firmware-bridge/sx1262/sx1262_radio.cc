// The SX1262 driver: the command sequences of the SX1261/2 datasheet (DS_SX1261-2 rev 1.2,
// chapters 13 and 14; errata in chapter 15). Opcodes and encodings were checked against
// Semtech's own drivers: Lora-net/sx126x_driver src/sx126x.c and src/sx126x_regs.h, and
// Lora-net/LoRaMac-node src/radio/sx126x/sx126x.c; CAD thresholds against RadioLib
// (jgromes/RadioLib src/modules/SX126x/SX126x.cpp, after Semtech AN1200.48).
#include "sx1262/sx1262_radio.h"

#include <cstring>

#include "core/lora_airtime.h"

namespace baken::modem {
namespace {

// Opcodes (datasheet chapter 13, "List of Commands"; sx126x.c enum sx126x_commands_e).
constexpr std::uint8_t kClearIrqStatus = 0x02;
constexpr std::uint8_t kClearDeviceErrors = 0x07;
constexpr std::uint8_t kSetDioIrqParams = 0x08;
constexpr std::uint8_t kWriteRegister = 0x0D;
constexpr std::uint8_t kWriteBuffer = 0x0E;
constexpr std::uint8_t kGetIrqStatus = 0x12;
constexpr std::uint8_t kGetRxBufferStatus = 0x13;
constexpr std::uint8_t kGetPacketStatus = 0x14;
constexpr std::uint8_t kGetDeviceErrors = 0x17;
constexpr std::uint8_t kReadRegister = 0x1D;
constexpr std::uint8_t kReadBuffer = 0x1E;
constexpr std::uint8_t kSetStandby = 0x80;
constexpr std::uint8_t kSetRx = 0x82;
constexpr std::uint8_t kSetTx = 0x83;
constexpr std::uint8_t kSetRfFrequency = 0x86;
constexpr std::uint8_t kSetCadParams = 0x88;
constexpr std::uint8_t kCalibrate = 0x89;
constexpr std::uint8_t kSetPacketType = 0x8A;
constexpr std::uint8_t kSetModulationParams = 0x8B;
constexpr std::uint8_t kSetPacketParams = 0x8C;
constexpr std::uint8_t kSetTxParams = 0x8E;
constexpr std::uint8_t kSetBufferBaseAddress = 0x8F;
constexpr std::uint8_t kSetPaConfig = 0x95;
constexpr std::uint8_t kSetRegulatorMode = 0x96;
constexpr std::uint8_t kSetDio3AsTcxoCtrl = 0x97;
constexpr std::uint8_t kCalibrateImage = 0x98;
constexpr std::uint8_t kSetDio2AsRfSwitchCtrl = 0x9D;
constexpr std::uint8_t kGetStatus = 0xC0;
constexpr std::uint8_t kSetCad = 0xC5;
constexpr std::uint8_t kNop = 0x00;

// Registers (sx126x_regs.h).
constexpr std::uint16_t kRegLoraSyncWord = 0x0740;   // two bytes: 0x1424 private, 0x3444 public
constexpr std::uint16_t kRegTxModulation = 0x0889;   // errata 15.1: bit 2 per bandwidth
constexpr std::uint16_t kRegTxClampConfig = 0x08D8;  // errata 15.2: bits 4:1 set
constexpr std::uint16_t kRegOcp = 0x08E7;            // over-current limit, 2.5 mA steps

// IRQ bits (datasheet, "DIO and IRQ Control Functions"; RadioLib SX126x.h agrees).
constexpr std::uint16_t kIrqTxDone = 1u << 0;
constexpr std::uint16_t kIrqRxDone = 1u << 1;
constexpr std::uint16_t kIrqHeaderErr = 1u << 5;
constexpr std::uint16_t kIrqCrcErr = 1u << 6;
constexpr std::uint16_t kIrqCadDone = 1u << 7;
constexpr std::uint16_t kIrqCadDetected = 1u << 8;
constexpr std::uint16_t kIrqTimeout = 1u << 9;
constexpr std::uint16_t kIrqUsed = kIrqTxDone | kIrqRxDone | kIrqHeaderErr | kIrqCrcErr |
                                   kIrqCadDone | kIrqCadDetected | kIrqTimeout;
constexpr std::uint16_t kIrqAll = 0xFFFF;

constexpr std::uint8_t kStandbyRc = 0x00;
constexpr std::uint8_t kPacketTypeLora = 0x01;
constexpr std::uint8_t kRegulatorDcdc = 0x01;
constexpr std::uint8_t kCalibrateAll = 0x7F;  // RC64k, RC13M, PLL, ADC pulse/bulk N/P, image
constexpr std::uint8_t kRamp200us = 0x04;     // RadioLib's default PA ramp for LoRa
constexpr std::uint8_t kHeaderExplicit = 0x00;
constexpr std::uint8_t kCrcOn = 0x01;
constexpr std::uint8_t kIqStandard = 0x00;
constexpr std::uint8_t kCadOn2Symbols = 0x01;
constexpr std::uint8_t kCadDetectMin = 10;
constexpr std::uint8_t kCadExitToStandby = 0x00;  // CAD_ONLY: back to STDBY_RC when done
constexpr std::uint32_t kRxContinuous = 0xFFFFFF;
constexpr std::uint32_t kTxNoTimeout = 0;  // the modem watches for a missing TxDone itself
// The TCXO gets 5 ms to settle: 320 steps of 15.625 µs.
constexpr std::uint32_t kTcxoStartupSteps = 320;

// GetStatus chip mode, bits 6:4 (datasheet, GetStatus; RadioLib STATUS_MODE_STDBY_RC 0x20).
constexpr std::uint8_t kChipModeStandbyRc = 0x2;
// GetDeviceErrors: the calibration errors (bits 0-4: RC64k, RC13M, PLL, ADC, image) and
// PLL_LOCK (bit 6). XOSC_START (bit 5) is left out: a TCXO board reports it from before DIO3
// powered the TCXO, and the calibration that follows would fail without a clock anyway.
constexpr std::uint16_t kFatalDeviceErrors = 0x005F;

void put_u24(std::uint8_t* out, std::uint32_t value) {
    out[0] = static_cast<std::uint8_t>(value >> 16);
    out[1] = static_cast<std::uint8_t>(value >> 8);
    out[2] = static_cast<std::uint8_t>(value);
}

// LoRa bandwidth codes (datasheet, SetModulationParams):
// 125 kHz 0x04, 250 kHz 0x05, 500 kHz 0x06.
bool bandwidth_code(std::uint32_t bandwidth_hz, std::uint8_t* code) {
    switch (bandwidth_hz) {
        case 125'000:
            *code = 0x04;
            return true;
        case 250'000:
            *code = 0x05;
            return true;
        case 500'000:
            *code = 0x06;
            return true;
        default:
            return false;
    }
}

// CalibrateImage band edges in 4 MHz steps (datasheet, "Image Calibration"; LoRaMac-node
// SX126xCalibrateImage): 863-870 MHz is 0xD7 0xDB.
struct ImageBand {
    std::uint32_t above_hz;
    std::uint8_t low;
    std::uint8_t high;
};
constexpr ImageBand kImageBands[] = {
    {900'000'000, 0xE1, 0xE9},  // 902-928 MHz
    {850'000'000, 0xD7, 0xDB},  // 863-870 MHz
    {770'000'000, 0xC1, 0xC5},  // 779-787 MHz
    {460'000'000, 0x75, 0x81},  // 470-510 MHz
    {0, 0x6B, 0x6F},            // 430-440 MHz
};

const ImageBand& image_band(std::uint32_t frequency_hz) {
    for (const ImageBand& band : kImageBands) {
        if (frequency_hz > band.above_hz) return band;
    }
    return kImageBands[sizeof kImageBands / sizeof kImageBands[0] - 1];
}

// CAD detPeak per spreading factor 7..12 (AN1200.48 table, as RadioLib uses it), detMin 10.
std::uint8_t cad_detect_peak(std::uint8_t spreading_factor) {
    static constexpr std::uint8_t kPeak[6] = {22, 22, 24, 25, 26, 30};
    if (spreading_factor < 7) return kPeak[0];
    if (spreading_factor > 12) return kPeak[5];
    return kPeak[spreading_factor - 7];
}

// What the chip can be programmed with; the lawfulness (sub-band, power limit) is
// check_settings()'s job in the core.
bool chip_accepts(const RadioSettings& settings) {
    std::uint8_t code = 0;
    return settings.spreading_factor >= 5 && settings.spreading_factor <= 12 &&
           bandwidth_code(settings.bandwidth_hz, &code) && settings.coding_rate >= 5 &&
           settings.coding_rate <= 8 && settings.preamble_symbols >= 1 &&
           settings.tx_power_dbm >= -9 && settings.tx_power_dbm <= 22 &&
           settings.frequency_hz >= 150'000'000 && settings.frequency_hz <= 960'000'000;
}

}  // namespace

Sx1262Radio::Sx1262Radio(SpiBus& bus, const Sx1262Board& board) : bus_(bus), board_(board) {}

std::uint32_t Sx1262Radio::frequency_word(std::uint32_t frequency_hz) {
    // Datasheet, SetRfFrequency: RFfreq = f * 2^25 / F_xtal with a 32 MHz crystal.
    // In 64 bits: f * 2^25 needs 55.
    constexpr std::uint64_t kXtalHz = 32'000'000;
    return static_cast<std::uint32_t>(((std::uint64_t{frequency_hz} << 25) + kXtalHz / 2) /
                                      kXtalHz);
}

// --- the SPI protocol ----------------------------------------------------------------------

bool Sx1262Radio::wait_until_ready() {
    std::uint32_t start = bus_.now_ms();
    while (bus_.busy()) {
        if (bus_.now_ms() - start > kBusyTimeoutMs) return false;
    }
    return true;
}

bool Sx1262Radio::command(const std::uint8_t* bytes, std::size_t length) {
    if (length > kFrameBytes || !wait_until_ready()) return false;
    bus_.transfer(bytes, rx_, length);
    return true;
}

// Datasheet chapter 8 (SPI interface): after the opcode (and any address/offset) the chip sends one
// status byte, then the data; the host clocks NOPs meanwhile.
bool Sx1262Radio::read(std::uint8_t opcode, const std::uint8_t* header, std::size_t header_length,
                       std::uint8_t* out, std::size_t count) {
    std::size_t prefix = 1 + header_length + 1;
    if (prefix + count > kFrameBytes) return false;
    std::memset(tx_, kNop, prefix + count);
    tx_[0] = opcode;
    if (header_length > 0) std::memcpy(tx_ + 1, header, header_length);
    if (!command(tx_, prefix + count)) return false;
    std::memcpy(out, rx_ + prefix, count);
    return true;
}

bool Sx1262Radio::write_register(std::uint16_t address, const std::uint8_t* data,
                                 std::size_t length) {
    if (3 + length > kFrameBytes) return false;
    tx_[0] = kWriteRegister;
    tx_[1] = static_cast<std::uint8_t>(address >> 8);
    tx_[2] = static_cast<std::uint8_t>(address);
    std::memcpy(tx_ + 3, data, length);
    return command(tx_, 3 + length);
}

bool Sx1262Radio::read_register(std::uint16_t address, std::uint8_t* out) {
    const std::uint8_t header[2] = {static_cast<std::uint8_t>(address >> 8),
                                    static_cast<std::uint8_t>(address)};
    return read(kReadRegister, header, sizeof header, out, 1);
}

bool Sx1262Radio::update_register(std::uint16_t address, std::uint8_t clear_bits,
                                  std::uint8_t set_bits) {
    std::uint8_t value = 0;
    if (!read_register(address, &value)) return false;
    value = static_cast<std::uint8_t>((value & ~clear_bits) | set_bits);
    return write_register(address, &value, 1);
}

bool Sx1262Radio::set_standby() {
    const std::uint8_t bytes[] = {kSetStandby, kStandbyRc};
    return command(bytes, sizeof bytes);
}

bool Sx1262Radio::set_packet_params(std::uint8_t payload_length) {
    // SetPacketParams for LoRa: preamble (2 bytes), header type, payload length, CRC, IQ.
    const std::uint8_t bytes[] = {kSetPacketParams,
                                  static_cast<std::uint8_t>(settings_.preamble_symbols >> 8),
                                  static_cast<std::uint8_t>(settings_.preamble_symbols),
                                  kHeaderExplicit,
                                  payload_length,
                                  kCrcOn,
                                  kIqStandard};
    if (!command(bytes, sizeof bytes)) return false;
    packet_length_ = payload_length;
    return true;
}

bool Sx1262Radio::clear_irq(std::uint16_t mask) {
    const std::uint8_t bytes[] = {kClearIrqStatus, static_cast<std::uint8_t>(mask >> 8),
                                  static_cast<std::uint8_t>(mask)};
    return command(bytes, sizeof bytes);
}

// --- configure -----------------------------------------------------------------------------

bool Sx1262Radio::configure(const RadioSettings& settings) {
    mode_ = Mode::unconfigured;
    fault_pending_ = false;
    if (!chip_accepts(settings)) return false;
    settings_ = settings;
    if (!reset_chip() || !set_up_chip() || !apply_radio_settings() || !chip_is_healthy())
        return false;
    mode_ = Mode::standby;
    return true;
}

bool Sx1262Radio::reset_chip() {
    // NRESET low for at least 100 µs (datasheet, "Reset"); the chip then boots with BUSY high.
    bus_.set_nreset(false);
    bus_.delay_ms(1);
    bus_.set_nreset(true);
    bus_.delay_ms(2);
    return wait_until_ready();
}

// The board-dependent part, in the order of the datasheet's "Circuit Configuration for Basic Rx/Tx"
// and LoRaMac-node SX126xInit.
bool Sx1262Radio::set_up_chip() {
    if (!set_standby()) return false;
    if (board_.tcxo_voltage != Sx1262Board::kNoTcxo) {
        std::uint8_t tcxo[5] = {kSetDio3AsTcxoCtrl, board_.tcxo_voltage};
        put_u24(tcxo + 2, kTcxoStartupSteps);
        const std::uint8_t clear_errors[] = {kClearDeviceErrors, kNop, kNop};
        if (!command(tcxo, sizeof tcxo) || !command(clear_errors, sizeof clear_errors))
            return false;
    }
    if (board_.use_dcdc) {
        const std::uint8_t regulator[] = {kSetRegulatorMode, kRegulatorDcdc};
        if (!command(regulator, sizeof regulator)) return false;
    }
    const std::uint8_t calibrate[] = {kCalibrate, kCalibrateAll};
    if (!command(calibrate, sizeof calibrate)) return false;
    if (board_.dio2_drives_rf_switch) {
        const std::uint8_t rf_switch[] = {kSetDio2AsRfSwitchCtrl, 0x01};
        if (!command(rf_switch, sizeof rf_switch)) return false;
    }
    const std::uint8_t packet_type[] = {kSetPacketType, kPacketTypeLora};
    return command(packet_type, sizeof packet_type);
}

bool Sx1262Radio::apply_radio_settings() {
    return set_frequency() && set_power() && set_modulation() &&
           set_packet_params(static_cast<std::uint8_t>(kMaxLoraPayload)) && set_sync_word() &&
           set_cad_params() && set_interrupts();
}

bool Sx1262Radio::set_frequency() {
    std::uint8_t frequency[5] = {kSetRfFrequency};
    std::uint32_t word = frequency_word(settings_.frequency_hz);
    frequency[1] = static_cast<std::uint8_t>(word >> 24);
    put_u24(frequency + 2, word);
    const ImageBand& band = image_band(settings_.frequency_hz);
    const std::uint8_t image[] = {kCalibrateImage, band.low, band.high};
    return command(frequency, sizeof frequency) && command(image, sizeof image);
}

// SX1262 high-power PA: paDutyCycle 0x04, hpMax 0x07, deviceSel 0 (SX1262), paLut 1, with the
// power itself (-9..+22 dBm) in SetTxParams, as LoRaMac-node SX126xSetTxParams does; with it
// errata 15.2 (TX clamp against antenna mismatch) and the 140 mA current limit.
bool Sx1262Radio::set_power() {
    const std::uint8_t pa_config[] = {kSetPaConfig, 0x04, 0x07, 0x00, 0x01};
    const std::uint8_t ocp = 0x38;
    const std::uint8_t tx_params[] = {
        kSetTxParams, static_cast<std::uint8_t>(settings_.tx_power_dbm), kRamp200us};
    return command(pa_config, sizeof pa_config) && update_register(kRegTxClampConfig, 0, 0x1E) &&
           write_register(kRegOcp, &ocp, 1) && command(tx_params, sizeof tx_params);
}

bool Sx1262Radio::set_modulation() {
    const std::uint8_t base[] = {kSetBufferBaseAddress, 0x00, 0x00};  // TX and RX both at 0
    std::uint8_t bandwidth = 0;
    bandwidth_code(settings_.bandwidth_hz, &bandwidth);
    // Low data rate optimisation with symbols of 16 ms or more (datasheet, "Low Data Rate
    // Optimization"): the same rule the airtime the duty cycle is charged with uses.
    bool ldro = lora_low_data_rate_optimize(settings_);
    // SetModulationParams for LoRa: SF, BW, CR (1..4 = 4/5..4/8), LDRO.
    const std::uint8_t modulation[] = {kSetModulationParams, settings_.spreading_factor, bandwidth,
                                       static_cast<std::uint8_t>(settings_.coding_rate - 4),
                                       static_cast<std::uint8_t>(ldro ? 0x01 : 0x00)};
    // Errata 15.1: bit 2 of TxModulation cleared at 500 kHz, set otherwise.
    bool wide = settings_.bandwidth_hz == 500'000;
    return command(base, sizeof base) && command(modulation, sizeof modulation) &&
           update_register(kRegTxModulation, wide ? 0x04 : 0x00, wide ? 0x00 : 0x04);
}

// The one-byte LoRa sync word spread over two registers, its nibbles in the high nibbles and
// the control bits 0x4 in the low ones: 0x12 -> 0x14 0x24, 0x34 -> 0x34 0x44 (RadioLib
// SX126x::setSyncWord; sx126x_regs.h names both pairs).
bool Sx1262Radio::set_sync_word() {
    const std::uint8_t sync[2] = {
        static_cast<std::uint8_t>((settings_.sync_word & 0xF0) | 0x04),
        static_cast<std::uint8_t>(((settings_.sync_word & 0x0F) << 4) | 0x04)};
    return write_register(kRegLoraSyncWord, sync, sizeof sync);
}

bool Sx1262Radio::set_cad_params() {
    std::uint8_t cad[8] = {kSetCadParams, kCadOn2Symbols,
                           cad_detect_peak(settings_.spreading_factor), kCadDetectMin,
                           kCadExitToStandby};
    put_u24(cad + 5, 0);  // the timeout only serves the CAD_RX exit mode
    return command(cad, sizeof cad);
}

// Every event this driver reports raises DIO1; DIO2 and DIO3 carry none.
bool Sx1262Radio::set_interrupts() {
    const std::uint8_t irq[] = {kSetDioIrqParams,
                                static_cast<std::uint8_t>(kIrqUsed >> 8),
                                static_cast<std::uint8_t>(kIrqUsed),
                                static_cast<std::uint8_t>(kIrqUsed >> 8),
                                static_cast<std::uint8_t>(kIrqUsed),
                                0x00,
                                0x00,
                                0x00,
                                0x00};
    return command(irq, sizeof irq) && clear_irq(kIrqAll);
}

bool Sx1262Radio::chip_is_healthy() {
    std::uint8_t errors[2] = {};
    if (!read(kGetDeviceErrors, nullptr, 0, errors, sizeof errors)) return false;
    std::uint16_t error_bits = static_cast<std::uint16_t>((errors[0] << 8) | errors[1]);
    if ((error_bits & kFatalDeviceErrors) != 0) return false;
    // GetStatus answers in the byte after the opcode. A missing chip reads 0x00 or 0xFF:
    // neither has STDBY_RC in bits 6:4.
    const std::uint8_t get_status[] = {kGetStatus, kNop};
    if (!command(get_status, sizeof get_status)) return false;
    return ((rx_[1] >> 4) & 0x07) == kChipModeStandbyRc;
}

// --- operations ----------------------------------------------------------------------------

void Sx1262Radio::start_receive() {
    if (mode_ == Mode::unconfigured) return;
    std::uint8_t rx[4] = {kSetRx};
    put_u24(rx + 1, kRxContinuous);
    // A transmission left the packet length at its frame's size; receive takes any length.
    bool ok = set_standby() &&
              (packet_length_ == kMaxLoraPayload ||
               set_packet_params(static_cast<std::uint8_t>(kMaxLoraPayload))) &&
              command(rx, sizeof rx);
    if (!ok) {
        fault_pending_ = true;
        return;
    }
    mode_ = Mode::receiving;
}

void Sx1262Radio::start_channel_check() {
    if (mode_ == Mode::unconfigured) return;
    const std::uint8_t cad[] = {kSetCad};
    if (!set_standby() || !command(cad, sizeof cad)) {
        fault_pending_ = true;
        return;
    }
    mode_ = Mode::checking;
}

bool Sx1262Radio::start_transmit(const std::uint8_t* data, std::size_t length) {
    if (mode_ == Mode::unconfigured || mode_ == Mode::transmitting) return false;
    if (length == 0 || length > kMaxLoraPayload) return false;
    std::uint8_t tx[4] = {kSetTx};
    put_u24(tx + 1, kTxNoTimeout);
    if (!set_standby() || !set_packet_params(static_cast<std::uint8_t>(length))) {
        fault_pending_ = true;
        return false;
    }
    tx_[0] = kWriteBuffer;
    tx_[1] = 0x00;  // the TX base address
    std::memcpy(tx_ + 2, data, length);
    if (!command(tx_, 2 + length) || !command(tx, sizeof tx)) {
        fault_pending_ = true;
        return false;
    }
    mode_ = Mode::transmitting;
    return true;
}

RadioEvent Sx1262Radio::fault() {
    mode_ = Mode::unconfigured;
    fault_pending_ = false;
    RadioEvent event;
    event.kind = RadioEvent::Kind::fault;
    return event;
}

RadioEvent Sx1262Radio::poll(std::uint8_t* buffer, std::size_t capacity) {
    if (fault_pending_) return fault();
    RadioEvent event;
    // DIO1 carries every IRQ this driver enabled: no SPI traffic while nothing happened.
    if (mode_ == Mode::unconfigured || !bus_.dio1()) return event;

    std::uint8_t raw[2] = {};
    if (!read(kGetIrqStatus, nullptr, 0, raw, sizeof raw)) return fault();
    std::uint16_t irq = static_cast<std::uint16_t>((raw[0] << 8) | raw[1]);
    // DIO1 high with no flag set: a glitch on the line, or a level read just as a flag was
    // cleared. Nothing happened, so no event; resetting the chip for it would drop a frame
    // being received.
    if (irq == 0) return event;

    // One event per call; the flags of the others stay set (DIO1 stays high) for the next.
    if ((irq & (kIrqHeaderErr | kIrqCrcErr)) != 0) {
        // Continuous receive stays in RX after a bad frame.
        if (!clear_irq(kIrqHeaderErr | kIrqCrcErr | kIrqRxDone)) return fault();
        event.kind = RadioEvent::Kind::receive_error;
        return event;
    }
    if ((irq & kIrqRxDone) != 0) return take_received(buffer, capacity);
    if ((irq & kIrqTxDone) != 0) {
        if (!clear_irq(kIrqTxDone)) return fault();
        mode_ = Mode::standby;  // the chip falls back to STDBY_RC after TX
        event.kind = RadioEvent::Kind::transmit_done;
        return event;
    }
    if ((irq & kIrqCadDone) != 0) {
        if (!clear_irq(kIrqCadDone | kIrqCadDetected)) return fault();
        mode_ = Mode::standby;  // CAD_ONLY exit mode
        event.kind = (irq & kIrqCadDetected) != 0 ? RadioEvent::Kind::channel_busy
                                                  : RadioEvent::Kind::channel_free;
        return event;
    }
    // Timeout (neither RX nor TX is given one) or a flag this driver never enabled: the chip
    // is not doing what it was told.
    clear_irq(irq);
    return fault();
}

RadioEvent Sx1262Radio::take_received(std::uint8_t* buffer, std::size_t capacity) {
    RadioEvent event;
    std::uint8_t buffer_status[2] = {};  // payload length, start offset
    std::uint8_t packet_status[3] = {};  // RssiPkt, SnrPkt, SignalRssiPkt
    if (!read(kGetRxBufferStatus, nullptr, 0, buffer_status, sizeof buffer_status) ||
        !read(kGetPacketStatus, nullptr, 0, packet_status, sizeof packet_status))
        return fault();
    std::size_t length = buffer_status[0];
    if (length == 0 || length > capacity || buffer == nullptr) {
        if (!clear_irq(kIrqRxDone)) return fault();
        event.kind = RadioEvent::Kind::receive_error;
        return event;
    }
    const std::uint8_t offset[1] = {buffer_status[1]};
    if (!read(kReadBuffer, offset, sizeof offset, buffer, length) || !clear_irq(kIrqRxDone))
        return fault();
    event.kind = RadioEvent::Kind::received;
    event.length = static_cast<std::uint16_t>(length);
    // GetPacketStatus for LoRa (as sx126x_get_lora_pkt_status reads it): RSSI = -RssiPkt / 2 dBm;
    // SNR = SnrPkt / 4 dB (two's complement), truncated toward zero.
    event.rssi_dbm = static_cast<std::int16_t>(-static_cast<int>(packet_status[0]) / 2);
    event.snr_db = static_cast<std::int8_t>(static_cast<std::int8_t>(packet_status[1]) / 4);
    return event;
}

}  // namespace baken::modem
