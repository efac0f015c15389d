// Tests of the SX1262 driver against a stand-in for the chip: it implements SpiBus, decodes the
// command bytes the way the datasheet defines them (registers, data buffer, mode, IRQ flags,
// BUSY after every command) and lets a test play the air side (a transmission ends, a frame
// arrives, CAD finds a preamble). The tests pin down the exact bytes the driver sends.
#include "sx1262/sx1262_radio.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <initializer_list>
#include <vector>

namespace baken::modem {
namespace {

using Bytes = std::vector<std::uint8_t>;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

constexpr std::uint16_t kTxDone = 1u << 0;
constexpr std::uint16_t kRxDone = 1u << 1;
constexpr std::uint16_t kHeaderErr = 1u << 5;
constexpr std::uint16_t kCrcErr = 1u << 6;
constexpr std::uint16_t kCadDone = 1u << 7;
constexpr std::uint16_t kCadDetected = 1u << 8;

class ChipStandIn final : public SpiBus {
  public:
    enum class Mode : std::uint8_t { standby_rc = 2, standby_xosc = 3, rx = 5, tx = 6, cad = 7 };

    // --- SpiBus --------------------------------------------------------------------------
    void transfer(const std::uint8_t* tx, std::uint8_t* rx, std::size_t len) override {
        now_us_ += 1 + len;  // a byte at 8 MHz takes 1 µs
        if (absent) {
            for (std::size_t i = 0; i < len; ++i) rx[i] = absent_miso;
            return;
        }
        if (in_reset_ || busy_now()) ++transfers_while_busy;
        Bytes bytes(tx, tx + len);
        commands.push_back(bytes);
        for (std::size_t i = 0; i < len; ++i) rx[i] = status_byte();
        execute(bytes, rx);
        busy_reads_left_ = kBusyReadsPerCommand;
    }
    bool busy() override {
        now_us_ += 10;  // reading a pin in a loop takes time
        // A driver that waits without a bound would spin here forever: fail the test instead.
        if (++busy_reads_in_a_row_ > kMaxBusyReadsInARow) {
            ADD_FAILURE() << "the driver waits for BUSY without a bound";
            busy_reads_in_a_row_ = 0;
            return false;
        }
        if (stuck_busy || in_reset_) return true;
        if (busy_reads_left_ > 0) {
            --busy_reads_left_;
            return true;
        }
        busy_reads_in_a_row_ = 0;
        return false;
    }
    bool dio1() override { return dio1_glitch || (irq_ & dio1_mask_) != 0; }
    void set_nreset(bool released) override {
        if (!released) {
            in_reset_ = true;
            return;
        }
        if (in_reset_) power_on();
        in_reset_ = false;
        ++resets;
    }
    void delay_ms(std::uint32_t ms) override { now_us_ += std::uint64_t{ms} * 1000; }
    std::uint32_t now_ms() override { return static_cast<std::uint32_t>(now_us_ / 1000); }

    // --- the air side --------------------------------------------------------------------
    // The transmission started by SetTx has left: its payload is what the buffer held.
    Bytes finish_transmit() {
        EXPECT_EQ(mode, Mode::tx);
        Bytes sent(buffer.begin() + tx_base, buffer.begin() + tx_base + payload_length());
        mode = Mode::standby_rc;
        raise(kTxDone);
        return sent;
    }
    // A frame arrives in RX: the chip writes it at `start` and reports RxDone (and CrcErr).
    void receive(const Bytes& frame, std::uint8_t rssi_raw, std::uint8_t snr_raw,
                 bool crc_ok = true, std::uint8_t start = 0x00) {
        EXPECT_EQ(mode, Mode::rx);
        for (std::size_t i = 0; i < frame.size(); ++i)
            buffer[static_cast<std::uint8_t>(start + i)] = frame[i];
        rx_length_ = static_cast<std::uint8_t>(frame.size());
        rx_start_ = start;
        rssi_raw_ = rssi_raw;
        snr_raw_ = snr_raw;
        raise(static_cast<std::uint16_t>(kRxDone | (crc_ok ? 0 : kCrcErr)));
    }
    void hear_bad_header() {
        EXPECT_EQ(mode, Mode::rx);
        raise(kHeaderErr);
    }
    void finish_cad(bool detected) {
        EXPECT_EQ(mode, Mode::cad);
        mode = Mode::standby_rc;
        raise(static_cast<std::uint16_t>(kCadDone | (detected ? kCadDetected : 0)));
    }

    std::uint8_t payload_length() const { return packet_params[3]; }
    std::uint16_t irq() const { return irq_; }
    std::uint64_t now_us() const { return now_us_; }
    // The commands since the last call, and forgets them.
    std::vector<Bytes> take_commands() {
        std::vector<Bytes> taken;
        taken.swap(commands);
        return taken;
    }
    bool sent_opcode(std::uint8_t opcode) const {
        for (const Bytes& c : commands)
            if (c[0] == opcode) return true;
        return false;
    }

    // Faults a test can give the chip.
    bool stuck_busy = false;
    bool absent = false;  // nothing on the bus: MISO reads absent_miso
    std::uint8_t absent_miso = 0xFF;
    std::uint16_t device_errors = 0;
    bool dio1_glitch = false;  // DIO1 reads high with no IRQ flag set (noise on the line)

    // What the chip holds.
    Mode mode = Mode::standby_rc;
    std::array<std::uint8_t, 0x1000> registers{};
    std::array<std::uint8_t, 256> buffer{};
    std::uint8_t tx_base = 0xAA, rx_base = 0xAA;
    Bytes packet_params = Bytes(6, 0);
    std::uint32_t rx_timeout = 0;
    std::vector<Bytes> commands;
    int transfers_while_busy = 0;
    int resets = 0;

  private:
    static constexpr int kBusyReadsPerCommand = 2;
    static constexpr int kMaxBusyReadsInARow = 100'000;  // 1 s of the stand-in's time

    bool busy_now() const { return stuck_busy || busy_reads_left_ > 0; }
    std::uint8_t status_byte() const { return static_cast<std::uint8_t>(int(mode) << 4); }
    void raise(std::uint16_t bits) { irq_ |= bits & irq_mask_; }

    void power_on() {
        registers.fill(0);
        registers[0x0740] = 0x14;  // private sync word after reset
        registers[0x0741] = 0x24;
        registers[0x0889] = 0x01;  // other bits must survive the driver's read-modify-write
        registers[0x08D8] = 0xC0;
        registers[0x08E7] = 0x18;
        buffer.fill(0);
        mode = Mode::standby_rc;
        irq_ = 0;
        irq_mask_ = dio1_mask_ = 0;
        busy_reads_left_ = 5;
    }

    static std::uint16_t u16(const Bytes& b, std::size_t at) {
        return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
    }

    void execute(const Bytes& c, std::uint8_t* rx) {
        switch (c[0]) {
            case 0x80:  // SetStandby
                mode = c[1] == 0 ? Mode::standby_rc : Mode::standby_xosc;
                break;
            case 0x82:  // SetRx
                rx_timeout = (std::uint32_t{c[1]} << 16) | (c[2] << 8) | c[3];
                mode = Mode::rx;
                break;
            case 0x83:  // SetTx
                mode = Mode::tx;
                break;
            case 0xC5:  // SetCad
                mode = Mode::cad;
                break;
            case 0x8C:  // SetPacketParams
                packet_params.assign(c.begin() + 1, c.end());
                break;
            case 0x8F:  // SetBufferBaseAddress
                tx_base = c[1];
                rx_base = c[2];
                break;
            case 0x08:  // SetDioIrqParams
                irq_mask_ = u16(c, 1);
                dio1_mask_ = u16(c, 3);
                break;
            case 0x02:  // ClearIrqStatus
                irq_ = static_cast<std::uint16_t>(irq_ & ~u16(c, 1));
                break;
            case 0x07:  // ClearDeviceErrors
                device_errors = 0;
                break;
            case 0x0D:  // WriteRegister
                for (std::size_t i = 3; i < c.size(); ++i) registers[u16(c, 1) + i - 3] = c[i];
                break;
            case 0x1D:  // ReadRegister: status byte after the address, then data
                for (std::size_t i = 4; i < c.size(); ++i) rx[i] = registers[u16(c, 1) + i - 4];
                break;
            case 0x0E:  // WriteBuffer
                for (std::size_t i = 2; i < c.size(); ++i)
                    buffer[static_cast<std::uint8_t>(c[1] + i - 2)] = c[i];
                break;
            case 0x1E:  // ReadBuffer
                for (std::size_t i = 3; i < c.size(); ++i)
                    rx[i] = buffer[static_cast<std::uint8_t>(c[1] + i - 3)];
                break;
            case 0x12:  // GetIrqStatus
                answer(rx, c.size(), {std::uint8_t(irq_ >> 8), std::uint8_t(irq_)});
                break;
            case 0x13:  // GetRxBufferStatus
                answer(rx, c.size(), {rx_length_, rx_start_});
                break;
            case 0x14:  // GetPacketStatus: RssiPkt, SnrPkt, SignalRssiPkt
                answer(rx, c.size(), {rssi_raw_, snr_raw_, rssi_raw_});
                break;
            case 0x17:  // GetDeviceErrors
                answer(rx, c.size(),
                       {std::uint8_t(device_errors >> 8), std::uint8_t(device_errors)});
                break;
            default:  // commands the stand-in only records
                break;
        }
    }
    // A Get command: opcode, status byte, then the data.
    static void answer(std::uint8_t* rx, std::size_t len,
                       std::initializer_list<std::uint8_t> data) {
        std::size_t i = 2;
        for (std::uint8_t d : data)
            if (i < len) rx[i++] = d;
    }

    std::uint64_t now_us_ = 0;
    bool in_reset_ = false;
    int busy_reads_left_ = 0;
    int busy_reads_in_a_row_ = 0;
    std::uint16_t irq_ = 0;
    std::uint16_t irq_mask_ = 0;
    std::uint16_t dio1_mask_ = 0;
    std::uint8_t rx_length_ = 0, rx_start_ = 0, rssi_raw_ = 0, snr_raw_ = 0;
};

class Sx1262RadioTest : public ::testing::Test {
  protected:
    void TearDown() override {
        // The driver never clocks a command into a chip that is busy or held in reset.
        EXPECT_EQ(chip.transfers_while_busy, 0);
    }
    void configure_defaults() {
        ASSERT_TRUE(radio.configure(RadioSettings{}));
        chip.take_commands();
    }
    RadioEvent poll() { return radio.poll(received.data(), received.size()); }

    ChipStandIn chip;
    Sx1262Radio radio{chip};
    std::array<std::uint8_t, kMaxLoraPayload> received{};
};

// --- configure --------------------------------------------------------------------------

TEST_F(Sx1262RadioTest, FrequencyWordIsHertzTimes2To25Over32MHzRounded) {
    // 869 525 000 * 2^25 / 32 000 000 = 869 525 000 * 1.048576 = 911 763 046.4 -> 0x36586666
    EXPECT_EQ(Sx1262Radio::frequency_word(869'525'000), 0x36586666u);
    EXPECT_EQ(Sx1262Radio::frequency_word(868'000'000), 0x36400000u);  // exact
    EXPECT_EQ(Sx1262Radio::frequency_word(915'000'000), 0x39300000u);  // exact
    // 868 100 000 * 1.048576 = 910 268 825.6 -> rounds up to 910 268 826
    EXPECT_EQ(Sx1262Radio::frequency_word(868'100'000), 910'268'826u);
}

TEST_F(Sx1262RadioTest, ConfigureResetsThenSendsTheDatasheetSequenceForTheDefaults) {
    ASSERT_TRUE(radio.configure(RadioSettings{}));  // 869.525 MHz, SF9, 125 kHz, 4/5, 14 dBm
    EXPECT_EQ(chip.resets, 1);
    EXPECT_THAT(
        chip.take_commands(),
        ElementsAre(Bytes{0x80, 0x00},                    // SetStandby STDBY_RC
                    Bytes{0x96, 0x01},                    // SetRegulatorMode DC-DC
                    Bytes{0x89, 0x7F},                    // Calibrate all blocks
                    Bytes{0x9D, 0x01},                    // SetDIO2AsRfSwitchCtrl
                    Bytes{0x8A, 0x01},                    // SetPacketType LoRa
                    Bytes{0x86, 0x36, 0x58, 0x66, 0x66},  // SetRfFrequency 869.525 MHz
                    Bytes{0x98, 0xD7, 0xDB},              // CalibrateImage 863-870 MHz
                    Bytes{0x95, 0x04, 0x07, 0x00, 0x01},  // SetPaConfig SX1262 +22 dBm PA
                    Bytes{0x1D, 0x08, 0xD8, 0x00, 0x00},  // ReadRegister TxClampConfig
                    Bytes{0x0D, 0x08, 0xD8, 0xDE},        // ... | 0x1E (errata 15.2)
                    Bytes{0x0D, 0x08, 0xE7, 0x38},        // OCP 140 mA
                    Bytes{0x8E, 0x0E, 0x04},              // SetTxParams 14 dBm, 200 µs ramp
                    Bytes{0x8F, 0x00, 0x00},              // SetBufferBaseAddress
                    Bytes{0x8B, 0x09, 0x04, 0x01, 0x00},  // SF9, 125 kHz, 4/5, no LDRO
                    Bytes{0x1D, 0x08, 0x89, 0x00, 0x00},  // ReadRegister TxModulation
                    Bytes{0x0D, 0x08, 0x89, 0x05},        // ... | 0x04 (errata 15.1)
                    Bytes{0x8C, 0x00, 0x08, 0x00, 0xFF, 0x01, 0x00},    // 8 symbols, explicit,
                                                                        // 255, CRC on, std IQ
                    Bytes{0x0D, 0x07, 0x40, 0x14, 0x24},                // sync word 0x12
                    Bytes{0x88, 0x01, 24, 10, 0x00, 0x00, 0x00, 0x00},  // CAD 2 symbols
                    Bytes{0x08, 0x03, 0xE3, 0x03, 0xE3, 0x00, 0x00, 0x00, 0x00},  // IRQs->DIO1
                    Bytes{0x02, 0xFF, 0xFF},                                      // clear IRQs
                    Bytes{0x17, 0x00, 0x00, 0x00},                                // GetDeviceErrors
                    Bytes{0xC0, 0x00}));                                          // GetStatus
    EXPECT_EQ(chip.mode, ChipStandIn::Mode::standby_rc);
    EXPECT_EQ(chip.registers[0x0740], 0x14);
    EXPECT_EQ(chip.registers[0x0741], 0x24);
}

TEST_F(Sx1262RadioTest, LowDataRateOptimizeIsOnWhenASymbolLasts16MsOrMore) {
    struct Case {
        std::uint8_t sf;
        std::uint32_t bw;
        std::uint8_t cr;
        Bytes expected;
    };
    const Case cases[] = {
        {12, 125'000, 8, {0x8B, 12, 0x04, 0x04, 0x01}},  // 32.8 ms
        {11, 125'000, 6, {0x8B, 11, 0x04, 0x02, 0x01}},  // 16.4 ms
        {10, 125'000, 7, {0x8B, 10, 0x04, 0x03, 0x00}},  // 8.2 ms
        {12, 250'000, 5, {0x8B, 12, 0x05, 0x01, 0x01}},  // 16.4 ms
        {11, 250'000, 5, {0x8B, 11, 0x05, 0x01, 0x00}},  // 8.2 ms
        {12, 500'000, 5, {0x8B, 12, 0x06, 0x01, 0x00}},  // 8.2 ms
    };
    for (const Case& c : cases) {
        RadioSettings settings;
        settings.spreading_factor = c.sf;
        settings.bandwidth_hz = c.bw;
        settings.coding_rate = c.cr;
        ASSERT_TRUE(radio.configure(settings));
        bool found = false;
        for (const Bytes& command : chip.take_commands()) {
            if (command[0] != 0x8B) continue;
            EXPECT_EQ(command, c.expected) << "SF" << int(c.sf) << " " << c.bw;
            found = true;
        }
        EXPECT_TRUE(found);
    }
}

TEST_F(Sx1262RadioTest, At500kHzTheTxModulationBitIsClearedOtherBitsKept) {
    RadioSettings settings;
    settings.bandwidth_hz = 500'000;
    chip.registers[0x0889] = 0xFF;  // overwritten by the reset below; shows the reset happens
    ASSERT_TRUE(radio.configure(settings));
    EXPECT_EQ(chip.registers[0x0889], 0x01);
    settings.bandwidth_hz = 125'000;
    ASSERT_TRUE(radio.configure(settings));
    EXPECT_EQ(chip.registers[0x0889], 0x05);
}

TEST_F(Sx1262RadioTest, PublicSyncWordWritesItsRegisterPair) {
    RadioSettings settings;
    settings.sync_word = 0x34;
    ASSERT_TRUE(radio.configure(settings));
    EXPECT_EQ(chip.registers[0x0740], 0x34);
    EXPECT_EQ(chip.registers[0x0741], 0x44);
}

TEST_F(Sx1262RadioTest, PowerGoesToSetTxParamsAsASignedByteWithTheSx1262PaConfig) {
    for (std::int8_t dbm : {std::int8_t{22}, std::int8_t{0}, std::int8_t{-9}}) {
        RadioSettings settings;
        settings.tx_power_dbm = dbm;
        ASSERT_TRUE(radio.configure(settings));
        std::vector<Bytes> commands = chip.take_commands();
        EXPECT_THAT(commands, ::testing::Contains(Bytes{0x95, 0x04, 0x07, 0x00, 0x01}));
        EXPECT_THAT(commands,
                    ::testing::Contains(Bytes{0x8E, static_cast<std::uint8_t>(dbm), 0x04}));
    }
}

TEST_F(Sx1262RadioTest, OtherBandsGetTheirImageCalibration) {
    RadioSettings settings;
    settings.frequency_hz = 915'000'000;
    ASSERT_TRUE(radio.configure(settings));
    EXPECT_THAT(chip.take_commands(), ::testing::Contains(Bytes{0x98, 0xE1, 0xE9}));
    settings.frequency_hz = 433'775'000;
    ASSERT_TRUE(radio.configure(settings));
    EXPECT_THAT(chip.take_commands(), ::testing::Contains(Bytes{0x98, 0x6B, 0x6F}));
}

TEST_F(Sx1262RadioTest, SettingsTheChipCannotTakeAreRefusedWithoutTouchingIt) {
    RadioSettings bad_sf, bad_bw, bad_cr, bad_power, bad_frequency;
    bad_sf.spreading_factor = 13;
    bad_bw.bandwidth_hz = 62'500;
    bad_cr.coding_rate = 9;
    bad_power.tx_power_dbm = 23;
    bad_frequency.frequency_hz = 2'400'000'000u;
    for (const RadioSettings& s : {bad_sf, bad_bw, bad_cr, bad_power, bad_frequency})
        EXPECT_FALSE(radio.configure(s));
    EXPECT_TRUE(chip.commands.empty());
    EXPECT_EQ(chip.resets, 0);
}

TEST_F(Sx1262RadioTest, TcxoBoardPowersItFromDio3AndClearsTheBootErrorBeforeCalibrating) {
    Sx1262Board board;
    board.tcxo_voltage = 0x02;  // 1.8 V
    Sx1262Radio tcxo_radio(chip, board);
    ASSERT_TRUE(tcxo_radio.configure(RadioSettings{}));
    std::vector<Bytes> commands = chip.take_commands();
    ASSERT_GE(commands.size(), 5u);
    EXPECT_EQ(commands[0], (Bytes{0x80, 0x00}));
    EXPECT_EQ(commands[1], (Bytes{0x97, 0x02, 0x00, 0x01, 0x40}));  // 320 * 15.625 µs = 5 ms
    EXPECT_EQ(commands[2], (Bytes{0x07, 0x00, 0x00}));
    EXPECT_EQ(commands[3], (Bytes{0x96, 0x01}));
    EXPECT_EQ(commands[4], (Bytes{0x89, 0x7F}));
}

TEST_F(Sx1262RadioTest, BoardWithoutDcdcOrRfSwitchSkipsThoseCommands) {
    Sx1262Board board;
    board.use_dcdc = false;
    board.dio2_drives_rf_switch = false;
    Sx1262Radio plain_radio(chip, board);
    ASSERT_TRUE(plain_radio.configure(RadioSettings{}));
    EXPECT_FALSE(chip.sent_opcode(0x96));
    EXPECT_FALSE(chip.sent_opcode(0x9D));
    EXPECT_TRUE(chip.sent_opcode(0x89));
}

// --- a chip that does not answer --------------------------------------------------------

TEST_F(Sx1262RadioTest, ChipThatStaysBusyFailsConfigureWithinTheTimeout) {
    chip.stuck_busy = true;
    EXPECT_FALSE(radio.configure(RadioSettings{}));
    EXPECT_TRUE(chip.commands.empty());
    // The wait is bounded: the reset pulse (3 ms) plus the BUSY timeout (20 ms), not more.
    EXPECT_GE(chip.now_us(), 20'000u);
    EXPECT_LE(chip.now_us(), 3'000u + 21'000u + 1'000u);
    // Nothing is reported as received from a chip that was never configured.
    EXPECT_EQ(poll().kind, RadioEvent::Kind::none);
    EXPECT_FALSE(radio.start_transmit(received.data(), 1));
}

TEST_F(Sx1262RadioTest, MissingChipFailsConfigureOnItsStatus) {
    chip.absent = true;
    for (std::uint8_t miso : {std::uint8_t{0xFF}, std::uint8_t{0x00}}) {
        chip.absent_miso = miso;
        EXPECT_FALSE(radio.configure(RadioSettings{})) << int(miso);
    }
}

TEST_F(Sx1262RadioTest, CalibrationErrorFailsConfigureButTheTcxoBootErrorDoesNot) {
    chip.device_errors = 0x0010;  // IMG_CALIB_ERR
    // The stand-in keeps the error through the sequence (a real chip would set it during
    // CalibrateImage); the driver reads it at the end.
    EXPECT_FALSE(radio.configure(RadioSettings{}));
    chip.device_errors = 0x0020;  // XOSC_START_ERR alone
    EXPECT_TRUE(radio.configure(RadioSettings{}));
}

TEST_F(Sx1262RadioTest, ChipThatHangsLaterIsReportedAsAFaultAndRecoversByConfigure) {
    configure_defaults();
    chip.stuck_busy = true;
    radio.start_receive();
    EXPECT_EQ(poll().kind, RadioEvent::Kind::fault);
    EXPECT_EQ(poll().kind, RadioEvent::Kind::none);  // reported once
    chip.stuck_busy = false;
    EXPECT_TRUE(radio.configure(RadioSettings{}));
    EXPECT_EQ(chip.resets, 2);
}

TEST_F(Sx1262RadioTest, TransmitThatFindsTheChipStuckIsRefusedAndReportedAsAFault) {
    configure_defaults();
    chip.stuck_busy = true;
    const std::uint8_t frame[] = {1, 2, 3};
    EXPECT_FALSE(radio.start_transmit(frame, sizeof frame));
    EXPECT_EQ(poll().kind, RadioEvent::Kind::fault);
}

// --- transmit ---------------------------------------------------------------------------

TEST_F(Sx1262RadioTest, TransmitWritesTheBufferThenSetsTxAndReportsTxDone) {
    configure_defaults();
    const std::uint8_t frame[] = {0xC0, 0x00, 0x42, 0xDB, 0x7E};
    ASSERT_TRUE(radio.start_transmit(frame, sizeof frame));
    EXPECT_THAT(chip.take_commands(),
                ElementsAre(Bytes{0x80, 0x00},                                // standby
                            Bytes{0x8C, 0x00, 0x08, 0x00, 0x05, 0x01, 0x00},  // length 5
                            Bytes{0x0E, 0x00, 0xC0, 0x00, 0x42, 0xDB, 0x7E},  // WriteBuffer
                            Bytes{0x83, 0x00, 0x00, 0x00}));                  // SetTx, no timeout
    EXPECT_EQ(poll().kind, RadioEvent::Kind::none);                           // still on the air
    EXPECT_FALSE(radio.start_transmit(frame, sizeof frame));                  // one at a time

    EXPECT_THAT(chip.finish_transmit(), ElementsAreArray(frame));
    EXPECT_EQ(poll().kind, RadioEvent::Kind::transmit_done);
    EXPECT_EQ(chip.irq(), 0);
    EXPECT_EQ(poll().kind, RadioEvent::Kind::none);
}

TEST_F(Sx1262RadioTest, FullLengthFrameGoesOutAndOneByteMoreIsRefused) {
    configure_defaults();
    std::array<std::uint8_t, kMaxLoraPayload + 1> frame{};
    for (std::size_t i = 0; i < frame.size(); ++i) frame[i] = static_cast<std::uint8_t>(i);
    EXPECT_FALSE(radio.start_transmit(frame.data(), kMaxLoraPayload + 1));
    EXPECT_FALSE(radio.start_transmit(frame.data(), 0));
    EXPECT_TRUE(chip.commands.empty());
    ASSERT_TRUE(radio.start_transmit(frame.data(), kMaxLoraPayload));
    Bytes sent = chip.finish_transmit();
    EXPECT_EQ(sent, Bytes(frame.begin(), frame.begin() + kMaxLoraPayload));
}

TEST_F(Sx1262RadioTest, ReceiveAfterTransmitRestoresTheMaximumPayloadLength) {
    configure_defaults();
    const std::uint8_t frame[] = {7};
    ASSERT_TRUE(radio.start_transmit(frame, sizeof frame));
    chip.finish_transmit();
    ASSERT_EQ(poll().kind, RadioEvent::Kind::transmit_done);
    chip.take_commands();
    radio.start_receive();
    EXPECT_THAT(chip.take_commands(),
                ElementsAre(Bytes{0x80, 0x00}, Bytes{0x8C, 0x00, 0x08, 0x00, 0xFF, 0x01, 0x00},
                            Bytes{0x82, 0xFF, 0xFF, 0xFF}));
    EXPECT_EQ(chip.mode, ChipStandIn::Mode::rx);
}

// --- receive ----------------------------------------------------------------------------

TEST_F(Sx1262RadioTest, StartReceiveEntersContinuousRx) {
    configure_defaults();
    radio.start_receive();
    EXPECT_THAT(chip.take_commands(),
                ElementsAre(Bytes{0x80, 0x00}, Bytes{0x82, 0xFF, 0xFF, 0xFF}));
    EXPECT_EQ(chip.rx_timeout, 0xFFFFFFu);
}

TEST_F(Sx1262RadioTest, PollDoesNoSpiTrafficWhileDio1IsLow) {
    configure_defaults();
    radio.start_receive();
    chip.take_commands();
    for (int i = 0; i < 10; ++i) EXPECT_EQ(poll().kind, RadioEvent::Kind::none);
    EXPECT_TRUE(chip.commands.empty());
}

TEST_F(Sx1262RadioTest, Dio1HighWithNoIrqFlagIsNoEventAndReceiveGoesOn) {
    configure_defaults();
    radio.start_receive();
    chip.take_commands();
    chip.dio1_glitch = true;
    EXPECT_EQ(poll().kind, RadioEvent::Kind::none);
    EXPECT_EQ(poll().kind, RadioEvent::Kind::none);
    // Only the status was read: no reset, no reconfiguration, the chip still receives.
    EXPECT_THAT(chip.take_commands(),
                ElementsAre(Bytes{0x12, 0x00, 0x00, 0x00}, Bytes{0x12, 0x00, 0x00, 0x00}));
    EXPECT_EQ(chip.resets, 1);
    EXPECT_EQ(chip.mode, ChipStandIn::Mode::rx);
    chip.dio1_glitch = false;
    chip.receive({7, 8}, 150, 8);
    const RadioEvent event = poll();
    ASSERT_EQ(event.kind, RadioEvent::Kind::received);
    EXPECT_EQ(event.length, 2);
}

TEST_F(Sx1262RadioTest, ReceivedFrameIsCopiedWithRssiAndSnrAndRxContinues) {
    configure_defaults();
    radio.start_receive();
    const Bytes frame = {0x82, 0xA0, 0x64, 0x03, 0xF0, 0xAB};
    // RssiPkt 181 -> -181/2 = -90 dBm; SnrPkt 0x1E = 30 -> 30/4 = 7 dB
    chip.receive(frame, 181, 0x1E, true, 0x10);
    chip.take_commands();
    RadioEvent event = poll();
    ASSERT_EQ(event.kind, RadioEvent::Kind::received);
    ASSERT_EQ(event.length, frame.size());
    EXPECT_EQ(Bytes(received.begin(), received.begin() + event.length), frame);
    EXPECT_EQ(event.rssi_dbm, -90);
    EXPECT_EQ(event.snr_db, 7);
    EXPECT_THAT(chip.take_commands(),
                ElementsAre(Bytes{0x12, 0x00, 0x00, 0x00},              // GetIrqStatus
                            Bytes{0x13, 0x00, 0x00, 0x00},              // GetRxBufferStatus
                            Bytes{0x14, 0x00, 0x00, 0x00, 0x00},        // GetPacketStatus
                            Bytes{0x1E, 0x10, 0x00, 0, 0, 0, 0, 0, 0},  // ReadBuffer at 0x10
                            Bytes{0x02, 0x00, 0x02}));                  // clear RxDone
    EXPECT_EQ(chip.mode, ChipStandIn::Mode::rx);  // continuous: no new SetRx needed
    EXPECT_EQ(poll().kind, RadioEvent::Kind::none);
}

TEST_F(Sx1262RadioTest, NegativeSnrBelowTheNoiseFloorIsReportedSigned) {
    configure_defaults();
    radio.start_receive();
    chip.receive({1, 2, 3}, 240, 0xE4);  // -120 dBm; 0xE4 = -28 -> -7 dB
    RadioEvent event = poll();
    ASSERT_EQ(event.kind, RadioEvent::Kind::received);
    EXPECT_EQ(event.rssi_dbm, -120);
    EXPECT_EQ(event.snr_db, -7);
}

TEST_F(Sx1262RadioTest, CrcErrorIsAReceiveErrorWithoutReadingTheBuffer) {
    configure_defaults();
    radio.start_receive();
    chip.receive({1, 2, 3, 4}, 200, 0, /*crc_ok=*/false);
    chip.take_commands();
    EXPECT_EQ(poll().kind, RadioEvent::Kind::receive_error);
    EXPECT_FALSE(chip.sent_opcode(0x1E));
    EXPECT_EQ(chip.irq(), 0);
    EXPECT_EQ(chip.mode, ChipStandIn::Mode::rx);
}

TEST_F(Sx1262RadioTest, HeaderErrorIsAReceiveError) {
    configure_defaults();
    radio.start_receive();
    chip.hear_bad_header();
    EXPECT_EQ(poll().kind, RadioEvent::Kind::receive_error);
    EXPECT_EQ(chip.irq(), 0);
}

TEST_F(Sx1262RadioTest, FrameLongerThanTheCallersBufferIsAReceiveError) {
    configure_defaults();
    radio.start_receive();
    chip.receive(Bytes(10, 0x55), 100, 0);
    std::array<std::uint8_t, 4> small{};
    EXPECT_EQ(radio.poll(small.data(), small.size()).kind, RadioEvent::Kind::receive_error);
    EXPECT_THAT(small, ElementsAre(0, 0, 0, 0));
    EXPECT_EQ(chip.irq(), 0);
}

// --- listen before talk -----------------------------------------------------------------

TEST_F(Sx1262RadioTest, ChannelCheckRunsCadAndReportsBusyOrFree) {
    configure_defaults();
    radio.start_receive();
    chip.take_commands();
    radio.start_channel_check();
    EXPECT_THAT(chip.take_commands(), ElementsAre(Bytes{0x80, 0x00}, Bytes{0xC5}));
    EXPECT_EQ(poll().kind, RadioEvent::Kind::none);
    chip.finish_cad(/*detected=*/true);
    EXPECT_EQ(poll().kind, RadioEvent::Kind::channel_busy);
    EXPECT_EQ(chip.irq(), 0);

    radio.start_channel_check();
    chip.finish_cad(/*detected=*/false);
    EXPECT_EQ(poll().kind, RadioEvent::Kind::channel_free);
    // The modem transmits straight after a free channel.
    const std::uint8_t frame[] = {9, 9};
    EXPECT_TRUE(radio.start_transmit(frame, sizeof frame));
}

TEST_F(Sx1262RadioTest, FrameHeardJustBeforeAChannelCheckIsStillDelivered) {
    configure_defaults();
    radio.start_receive();
    chip.receive({0xAA, 0xBB}, 150, 8);
    radio.start_channel_check();  // before the modem polled
    chip.finish_cad(/*detected=*/false);
    RadioEvent first = poll();
    ASSERT_EQ(first.kind, RadioEvent::Kind::received);
    EXPECT_EQ(first.length, 2);
    EXPECT_EQ(poll().kind, RadioEvent::Kind::channel_free);
    EXPECT_EQ(poll().kind, RadioEvent::Kind::none);
}

}  // namespace
}  // namespace baken::modem
