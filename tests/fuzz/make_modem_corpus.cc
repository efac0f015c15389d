// Writes the modem serial fuzz seed corpus (tests/fuzz/corpus/modem_serial/), or checks that
// the checked-in one is what this program writes:
//
//   ninja -C build/debug make_modem_corpus
//   build/debug/tests/fuzz/replay/make_modem_corpus tests/fuzz/corpus/modem_serial
//   build/debug/tests/fuzz/replay/make_modem_corpus --check tests/fuzz/corpus/modem_serial
//
// Each seed is an input in the layout of modem_serial_harness.h, and its name says what the
// replay test (replay/modem_corpus_replay_test.cc) expects:
//   <what>_<N>_on_air[_oversized][_bad_escape][_held][_dropped][_faulted][_heard]
// N frames transmitted; each suffix present exactly when the modem counted a frame from the
// host dropped as oversized / with a bad escape, wrote a duty_cycle_hold event, wrote a
// frame_dropped event, counted a radio fault, wrote a frame heard on the air to the host.
// Seeds named lost_checks_*, hung_*, unreliable_* run with that misbehaving radio (byte 1 bits
// 6-7); the others with a radio that always answers.
#include <cstdint>
#include <string>
#include <vector>

#include "core/kiss_commands.h"
#include "core/kiss_serial.h"
#include "fuzz/corpus_writer.h"
#include "fuzz/modem_serial_harness.h"

namespace baken::fuzz {
namespace {

using modem::CommandOp;
using modem::SettingKey;

std::string bytes(std::initializer_list<std::uint8_t> list) {
    std::string out;
    for (auto b : list) out.push_back(static_cast<char>(b));
    return out;
}

std::string kiss(std::uint8_t type, const std::string& payload) {
    std::string out(2 * payload.size() + 4, '\0');
    const std::size_t n =
        modem::kiss_encode(type, reinterpret_cast<const std::uint8_t*>(payload.data()),
                           payload.size(), reinterpret_cast<std::uint8_t*>(out.data()), out.size());
    out.resize(n);
    return out;
}

std::string data_frame(const std::string& payload) {
    return kiss(0x00, payload);
}

std::string command(CommandOp op, const std::string& args = "") {
    return kiss(0x06, bytes({static_cast<std::uint8_t>(op)}) + args);
}

std::string setting(SettingKey key, std::int32_t value) {
    const auto v = static_cast<std::uint32_t>(value);
    return bytes({static_cast<std::uint8_t>(key), static_cast<std::uint8_t>(v >> 24),
                  static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>(v >> 8),
                  static_cast<std::uint8_t>(v)});
}

// A Baken link data frame as the daemon sends it raw to a LoRa modem: magic, type (0x25 urgent
// data, 0x15 deflated data, ...), sender, a body with FEND and FESC bytes in it, check.
std::string link_frame(std::uint8_t type, std::size_t body_size, std::uint8_t seed) {
    std::string f = bytes({0xBA, type, 0x0A, 0x0B, 0x0C, 0x0D});
    for (std::size_t i = 0; i < body_size; ++i)
        f.push_back(static_cast<char>((i * 61 + seed) % 256));
    return f + bytes({0xC0, 0xDB});
}

// 1 % sub-band (868.0-868.6 MHz) at SF12: a 36 s budget an hour, about 9 s per 255 bytes.
std::string slow_one_percent() {
    return command(CommandOp::set_settings, setting(SettingKey::frequency_hz, 868'300'000) +
                                                setting(SettingKey::spreading_factor, 12));
}

std::string repeat(const std::string& s, int times) {
    std::string out;
    for (int i = 0; i < times; ++i) out += s;
    return out;
}

const std::vector<std::uint8_t> kBytewise = {};
const std::vector<std::uint8_t> kMixed = {3, 40, 200};  // 1, 51, 1251 bytes
const std::vector<std::uint8_t> kWhole = {255};         // 2033 bytes at once
constexpr auto kAll = HostReads::everything;

Corpus modem_corpus() {
    Corpus corpus;
    auto add = [&](const std::string& name, HostReads reads, ClockStep step, std::uint8_t start,
                   const std::vector<std::uint8_t>& chunks, const std::string& stream) {
        corpus[name + ".bin"] = modem_serial_input(reads, step, start, 1, chunks, stream);
    };
    auto add_misbehaving = [&](const std::string& name, RadioBehaviour radio, std::uint8_t seed,
                               HostReads reads, ClockStep step,
                               const std::vector<std::uint8_t>& chunks, const std::string& stream) {
        corpus[name + ".bin"] = modem_serial_input(reads, step, 0, seed, chunks, stream, radio);
    };
    const std::string urgent = link_frame(0x25, 60, 1);
    const std::string deflated = link_frame(0x15, 200, 2);
    const std::string summary = link_frame(0x01, 20, 3);

    add("empty_stream_0_on_air", kAll, ClockStep::ms_10, 0, kBytewise, "");
    add("one_data_frame_bytewise_1_on_air", kAll, ClockStep::ms_10, 0, kBytewise,
        data_frame(urgent));
    add("three_link_frames_mixed_chunks_3_on_air", kAll, ClockStep::ms_100, 1, kMixed,
        data_frame(summary) + data_frame(deflated) + data_frame(urgent));
    add("largest_lora_payload_1_on_air", kAll, ClockStep::to_deadline, 2, kWhole,
        data_frame(std::string(255, '\xC0')));

    // Each command, alone.
    add("get_settings_0_on_air", kAll, ClockStep::ms_10, 0, kBytewise,
        command(CommandOp::get_settings));
    add("set_settings_valid_0_on_air", kAll, ClockStep::ms_10, 0, kBytewise,
        command(CommandOp::set_settings,
                setting(SettingKey::spreading_factor, 7) + setting(SettingKey::tx_power_dbm, -3)));
    add("set_settings_refused_0_on_air", kAll, ClockStep::ms_10, 0, kBytewise,
        command(CommandOp::set_settings, setting(SettingKey::spreading_factor, 8) +
                                             setting(SettingKey::frequency_hz, 915'000'000)));
    add("set_settings_malformed_0_on_air", kAll, ClockStep::ms_10, 0, kBytewise,
        command(CommandOp::set_settings, bytes({2, 0, 0})));
    add("get_stats_0_on_air", kAll, ClockStep::ms_10, 0, kBytewise, command(CommandOp::get_stats));
    add("reset_stats_0_on_air", kAll, ClockStep::ms_10, 0, kBytewise,
        command(CommandOp::reset_stats));
    add("self_test_0_on_air", kAll, ClockStep::ms_10, 0, kBytewise, command(CommandOp::self_test));
    add("get_version_0_on_air", kAll, ClockStep::ms_10, 0, kBytewise,
        command(CommandOp::get_version));
    add("unknown_op_and_empty_command_0_on_air", kAll, ClockStep::ms_10, 0, kBytewise,
        kiss(0x06, bytes({0x42, 1, 2})) + kiss(0x06, ""));
    add("afsk_parameters_and_return_0_on_air", kAll, ClockStep::ms_10, 0, kBytewise,
        kiss(0x01, bytes({30})) + kiss(0x02, bytes({63})) + kiss(0x03, bytes({10})) +
            kiss(0x04, bytes({1})) + kiss(0x05, bytes({0})) + bytes({0xC0, 0xFF, 0xC0}));
    add("data_on_port_1_0_on_air", kAll, ClockStep::ms_10, 0, kBytewise,
        kiss(0x10, urgent) + kiss(0xC0, urgent));

    // Malformed input: dropped, counted, and the next frame still goes.
    add("oversized_then_good_1_on_air_oversized", kAll, ClockStep::ms_10, 0, kMixed,
        data_frame(std::string(300, 'x')) + data_frame(summary));
    add("bad_escape_then_good_1_on_air_bad_escape", kAll, ClockStep::ms_10, 0, kBytewise,
        bytes({0xC0, 0x00, 'a', 0xDB, 'q', 'b', 0xC0}) + data_frame(summary));
    add("kiss_payload_too_long_for_lora_0_on_air_oversized_dropped", kAll, ClockStep::ms_10, 0,
        kBytewise, data_frame(std::string(256, 'y')));
    add("noise_before_the_first_fend_1_on_air", kAll, ClockStep::ms_10, 3, kMixed,
        "cmd:KISS ON\r\n\xdb\xdc" + data_frame(deflated));

    // The queue and the duty cycle.
    std::string burst;
    for (int i = 0; i < 17; ++i)
        burst += data_frame(link_frame(0x05, 4, static_cast<std::uint8_t>(i)));
    add("queue_full_then_urgent_16_on_air_dropped", kAll, ClockStep::s_1, 0, kWhole,
        burst + data_frame(urgent));
    add("duty_cycle_one_percent_at_sf12_3_on_air_held_dropped", kAll, ClockStep::to_deadline, 0,
        kWhole, slow_one_percent() + repeat(data_frame(std::string(255, 'd')), 6));

    // Mixed: everything at once, read back slowly or not at all.
    const std::string mixed =
        command(CommandOp::get_version) + data_frame(summary) + "\xC0\xC0\xC0" +
        command(CommandOp::get_stats) + data_frame(std::string(400, 'o')) +
        bytes({0xC0, 0x00, 0xDB, 0xC0}) + data_frame(urgent) + command(CommandOp::get_settings) +
        command(CommandOp::set_settings, setting(SettingKey::sync_word, 0x34)) +
        data_frame(deflated);
    add("mixed_read_bytewise_3_on_air_oversized_bad_escape", HostReads::one_byte, ClockStep::ms_100,
        0, kMixed, mixed);
    add("host_not_reading_stats_0_on_air", HostReads::not_at_all, ClockStep::ms_1, 0, kWhole,
        repeat(command(CommandOp::get_stats), 40));

    // A radio that misbehaves (modem_serial_harness.h): every kMisbehaveEvery-th channel check
    // unanswered, every kMisbehaveEvery-th transmission hung, or a mix of everything. The modem
    // restarts the radio (a fault), and every frame still goes or is reported dropped.
    std::string six_frames;
    for (int i = 0; i < 6; ++i)
        six_frames += data_frame(link_frame(0x05, 30, static_cast<std::uint8_t>(i)));
    const std::string set_sf7 =
        command(CommandOp::set_settings, setting(SettingKey::spreading_factor, 7));
    constexpr auto kLostChecks = RadioBehaviour::lost_checks;
    constexpr auto kHung = RadioBehaviour::hung_transmissions;
    constexpr auto kUnreliable = RadioBehaviour::unreliable;
    // The radio misbehaves only while the host writes, so these write byte by byte.
    add_misbehaving("lost_checks_six_frames_6_on_air_faulted", kLostChecks, 1, kAll,
                    ClockStep::to_deadline, kBytewise, six_frames);
    add_misbehaving("lost_checks_settings_changed_4_on_air_faulted", kLostChecks, 2, kAll,
                    ClockStep::ms_100, kBytewise,
                    data_frame(summary) + data_frame(urgent) + set_sf7 + data_frame(deflated) +
                        data_frame(summary));
    add_misbehaving("lost_checks_one_percent_at_sf12_3_on_air_held_dropped_faulted", kLostChecks, 3,
                    kAll, ClockStep::ms_100, kBytewise,
                    slow_one_percent() + repeat(data_frame(std::string(255, 'd')), 6));
    add_misbehaving("hung_transmissions_six_frames_6_on_air_faulted", kHung, 1, kAll,
                    ClockStep::to_deadline, kBytewise, six_frames);
    add_misbehaving("hung_transmission_settings_changed_meanwhile_4_on_air_faulted", kHung, 2, kAll,
                    ClockStep::ms_100, kBytewise,
                    data_frame(summary) + data_frame(urgent) + data_frame(deflated) + set_sf7 +
                        data_frame(summary));
    add_misbehaving("hung_transmissions_one_percent_at_sf12_3_on_air_held_dropped_faulted", kHung,
                    3, kAll, ClockStep::ms_100, kBytewise,
                    slow_one_percent() + repeat(data_frame(std::string(255, 'd')), 6));
    add_misbehaving("unreliable_radio_chatty_host_0_on_air_faulted_heard", kUnreliable, 1, kAll,
                    ClockStep::ms_100, kBytewise, repeat(command(CommandOp::get_version), 20));
    add_misbehaving("unreliable_radio_six_frames_6_on_air_faulted_heard", kUnreliable, 2, kAll,
                    ClockStep::ms_100, kBytewise, six_frames);
    add_misbehaving(
        "unreliable_radio_mixed_read_bytewise_9_on_air_oversized_bad_escape_faulted_heard",
        kUnreliable, 3, HostReads::one_byte, ClockStep::to_deadline, kBytewise, mixed + six_frames);
    add_misbehaving("unreliable_radio_host_not_reading_18_on_air_faulted_heard", kUnreliable, 4,
                    HostReads::not_at_all, ClockStep::ms_10, kBytewise, repeat(six_frames, 3));
    add_misbehaving("unreliable_radio_one_percent_at_sf12_3_on_air_held_dropped_faulted_heard",
                    kUnreliable, 5, kAll, ClockStep::s_1, kBytewise,
                    slow_one_percent() + repeat(data_frame(std::string(255, 'd')), 6));
    return corpus;
}

}  // namespace
}  // namespace baken::fuzz

int main(int argc, char** argv) {
    return baken::fuzz::corpus_main(argc, argv, "make_modem_corpus", baken::fuzz::modem_corpus);
}
