// Writes the radio codec fuzz seed corpora (tests/fuzz/corpus/kiss_decoder/, ax25_parser/ and
// fragment_reassembly/), or checks that the checked-in ones are what this program writes:
//
//   ninja -C build/debug make_radio_corpus
//   build/debug/tests/fuzz/replay/make_radio_corpus tests/fuzz/corpus            (all three)
//   build/debug/tests/fuzz/replay/make_radio_corpus --check tests/fuzz/corpus kiss_decoder
//
// Each seed is an input in the layout of its harness, and its name ends with what the replay
// test (replay/radio_corpus_replay_test.cc) expects:
//   kiss_decoder         <what>_<N>_frames[_oversized|_bad_escape]   N frames handed out, and
//                        whether frames were dropped for size or a bad escape (else none)
//   ax25_parser          <what>_<outcome>   ok or the name of the Ax25Error
//   fragment_reassembly  <what>_<N>_completed   N payloads completed
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/corpus_writer.h"
#include "fuzz/fragment_reassembly_harness.h"
#include "fuzz/kiss_decoder_harness.h"
#include "radio/codec/ax25_frame.h"
#include "radio/codec/kiss_codec.h"

namespace baken::fuzz {
namespace {

using radio::Ax25UiFrame;
using radio::Callsign;
using radio::KissCommand;
using radio::KissFrame;

std::string bytes(std::initializer_list<std::uint8_t> list) {
    std::string out;
    for (auto b : list) out.push_back(static_cast<char>(b));
    return out;
}

// Chunk-size bytes (kiss_decoder_harness.h): {} decodes byte by byte the second time.
const std::vector<std::uint8_t> kBytewise = {};
const std::vector<std::uint8_t> kMixed = {3, 40, 200};  // 2, 201, 5001 bytes
const std::vector<std::uint8_t> kOdd = {9, 1, 60, 17};  // 11, 1, 451, 37 bytes
// max_payload choices.
constexpr std::uint8_t kMax2048 = 0;
constexpr std::uint8_t kMax16 = 2;
constexpr std::uint8_t kMax1 = 3;

Callsign call(std::string_view text) {
    return *radio::parse_callsign(text);
}

std::string data_frame(const std::string& payload) {
    return radio::kiss_encode(KissFrame{0, KissCommand::data, payload});
}

// A UI frame as the radio link sends one: BAKEN from PA3XYZ-7, binary info.
std::string baken_ui_frame() {
    std::string info = "BK";
    for (int i = 0; i < 40; ++i) info.push_back(static_cast<char>(i * 37 + 0xC0));
    return radio::ax25_encode_ui(Ax25UiFrame{call("BAKEN"), call("PA3XYZ-7"), {}, 0xF0, info});
}

std::string fend_fesc_payload() {
    std::string p;
    for (int i = 0; i < 64; ++i) p += bytes({0xC0, 0xDB, 0xDC, 0xDD});
    return p;
}

Corpus kiss_corpus() {
    Corpus corpus;
    auto add = [&](const std::string& name, std::uint8_t max,
                   const std::vector<std::uint8_t>& chunks, const std::string& stream) {
        corpus[name + ".bin"] = kiss_decoder_input(max, chunks, stream);
    };
    add("empty_stream_0_frames", kMax2048, kBytewise, "");
    add("one_ui_frame_bytewise_1_frames", kMax2048, kBytewise, data_frame(baken_ui_frame()));
    add("three_frames_mixed_chunks_3_frames", kMax2048, kMixed,
        data_frame(baken_ui_frame()) + data_frame("second") + data_frame(baken_ui_frame()));
    add("fend_fesc_payload_bytewise_1_frames", kMax2048, kBytewise,
        data_frame(fend_fesc_payload()));
    add("parameter_commands_5_frames", kMax2048, kOdd,
        radio::kiss_parameter(KissCommand::tx_delay, 30) +
            radio::kiss_parameter(KissCommand::persistence, 63) +
            radio::kiss_parameter(KissCommand::slot_time, 10) +
            radio::kiss_parameter(KissCommand::tx_tail, 1) +
            radio::kiss_parameter(KissCommand::full_duplex, 0));
    add("return_from_kiss_1_frames", kMax2048, kBytewise, bytes({0xC0, 0xFF, 0xC0}));
    add("port_12_type_escaped_1_frames", kMax2048, kBytewise,
        radio::kiss_encode(KissFrame{12, KissCommand::data, "x"}));
    add("garbage_before_first_fend_1_frames", kMax2048, kOdd,
        "cmd:KISS ON\r\n\xdb\xdc" + data_frame("after the banner"));
    add("empty_frames_ignored_1_frames", kMax2048, kBytewise,
        bytes({0xC0, 0xC0, 0xC0, 0x00, 'x', 0xC0, 0xC0}));
    add("shared_fend_2_frames", kMax2048, kBytewise,
        bytes({0xC0, 0x00, 'a', 0xC0, 0x00, 'b', 0xC0}));
    add("unknown_command_nibble_1_frames", kMax2048, kBytewise, bytes({0xC0, 0x1F, 0x01, 0xC0}));
    add("unfinished_frame_0_frames", kMax2048, kMixed, bytes({0xC0, 0x00, 'a', 'b', 0xDB, 0xDC}));
    add("oversized_then_good_1_frames_oversized", kMax16, kOdd,
        data_frame(std::string(17, 'x')) + data_frame(std::string(16, 'y')));
    add("escaped_payload_at_max_2_frames", kMax16, kBytewise,
        data_frame(std::string(16, '\xC0')) + data_frame(std::string(16, '\xDB')));
    add("one_byte_max_2_frames_oversized", kMax1, kBytewise,
        data_frame("a") + data_frame("bc") + data_frame("\xC0"));
    add("longer_than_dire_wolf_takes_0_frames_oversized", kMax2048, kMixed,
        data_frame(std::string(2049, 'z')));
    add("bad_escape_then_good_1_frames_bad_escape", kMax2048, kBytewise,
        bytes({0xC0, 0x00, 'a', 0xDB, 'q', 'b', 0xC0}) + data_frame("good"));
    add("fesc_before_fend_1_frames_bad_escape", kMax2048, kBytewise,
        bytes({0xC0, 0x00, 'a', 0xDB, 0xC0, 0x00, 'b', 0xC0}));
    return corpus;
}

Corpus ax25_corpus() {
    Corpus corpus;
    auto add = [&](const std::string& name, const std::string& frame) {
        corpus[name + ".bin"] = frame;
    };
    const std::string spec_addresses = bytes({0x9C, 0x6E, 0x98, 0x8A, 0x9A, 0x40, 0xE0,    // N7LEM
                                              0x9C, 0x94, 0x6E, 0xA0, 0x40, 0x40, 0x61});  // NJ7P
    const std::string ui = bytes({0x03, 0xF0});
    add("spec_example_ok", spec_addresses + ui + "hello");
    add("baken_fragment_ok", baken_ui_frame());
    add("aprs_via_wide_ok", radio::ax25_encode_ui(Ax25UiFrame{call("APRS"),
                                                              call("PA3XYZ-7"),
                                                              {call("WIDE1-1"), call("WIDE2-2")},
                                                              0xF0,
                                                              "!5210.00N/00507.00E-"}));
    std::vector<Callsign> eight;
    for (int i = 0; i < 8; ++i)
        eight.push_back(Callsign{"DIGI" + std::to_string(i), static_cast<std::uint8_t>(i)});
    add("eight_digipeaters_ok",
        radio::ax25_encode_ui(Ax25UiFrame{call("BAKEN"), call("PA3XYZ"), eight, 0xF0, "x"}));
    add("response_and_repeated_digipeater_ok",
        bytes({0x82, 0xA0, 0xA4, 0xA6, 0x40, 0x40, 0x60, 0xA0, 0x82, 0x66, 0xB0, 0xB2,
               0xB4, 0xEE, 0xAE, 0x92, 0x88, 0x8A, 0x62, 0x40, 0xE3, 0x13, 0xF0, 'x'}));
    add("other_pid_ok", spec_addresses + bytes({0x03, 0xCC}) + "ip");
    add("empty_too_short", "");
    add("cut_in_source_too_short", spec_addresses.substr(0, 10));
    add("no_pid_too_short", spec_addresses + bytes({0x03}));
    add("no_info_no_info", spec_addresses + ui);
    add("lower_case_call_bad_address",
        bytes({0xDC, 0x6E, 0x98, 0x8A, 0x9A, 0x40, 0xE0}) + spec_addresses.substr(7) + ui + "x");
    add("space_inside_call_bad_address",
        bytes({0x9C, 0x40, 0x98, 0x8A, 0x9A, 0x40, 0xE0}) + spec_addresses.substr(7) + ui + "x");
    add("only_a_destination_bad_address",
        bytes({0x9C, 0x6E, 0x98, 0x8A, 0x9A, 0x40, 0xE1}) + spec_addresses.substr(7) + ui + "x");
    std::string nine = spec_addresses;
    nine[13] = static_cast<char>(0x60);
    for (int i = 0; i < 9; ++i)
        nine += bytes(
            {0x88, 0x92, 0x8E, 0x92, 0x40, 0x40, static_cast<std::uint8_t>(i == 8 ? 0x61 : 0x60)});
    add("nine_digipeaters_too_many_digipeaters", nine + ui + "x");
    add("sabm_not_ui_frame", spec_addresses + bytes({0x3F}));
    add("rr_not_ui_frame", spec_addresses + bytes({0x01}));
    add("i_frame_not_ui_frame", spec_addresses + bytes({0x00, 0xF0}) + "data");
    return corpus;
}

std::string pattern(std::size_t size, std::uint8_t seed) {
    std::string p(size, '\0');
    for (std::size_t i = 0; i < size; ++i) p[i] = static_cast<char>((i * 131 + seed) % 251);
    return p;
}

Corpus fragment_corpus() {
    Corpus corpus;
    auto add = [&](const std::string& name, const FragmentScript& script) {
        corpus[name + ".bin"] = script.bytes();
    };
    const std::string p1000 = pattern(1000, 1);  // 5 fragments of 200
    const std::string p600 = pattern(600, 2);    // 3 fragments of 200

    add("one_fragment_1_completed", FragmentScript().add(1, 150, 0, 1, pattern(150, 3)));
    add("in_order_1_completed", FragmentScript()
                                    .add(1, 1000, 0, 5, p1000)
                                    .add(1, 1000, 1, 5, p1000)
                                    .add(1, 1000, 2, 5, p1000)
                                    .add(1, 1000, 3, 5, p1000)
                                    .add(1, 1000, 4, 5, p1000));
    add("shuffled_with_duplicates_1_completed", FragmentScript()
                                                    .add(1, 1000, 3, 5, p1000)
                                                    .add(1, 1000, 0, 5, p1000)
                                                    .add(1, 1000, 3, 5, p1000)
                                                    .wait(10)
                                                    .add(1, 1000, 4, 5, p1000)
                                                    .add(1, 1000, 1, 5, p1000)
                                                    .add(1, 1000, 0, 5, p1000)
                                                    .add(1, 1000, 2, 5, p1000));
    add("lost_then_resent_1_completed", FragmentScript()
                                            .add(2, 600, 0, 3, p600)
                                            .add(2, 600, 2, 3, p600)
                                            .wait(100)
                                            .expire()
                                            .add(2, 600, 1, 3, p600));
    add("interleaved_two_2_completed", FragmentScript()
                                           .add(1, 1000, 0, 5, p1000)
                                           .add(2, 600, 2, 3, p600)
                                           .add(1, 1000, 1, 5, p1000)
                                           .add(2, 600, 1, 3, p600)
                                           .add(1, 1000, 2, 5, p1000)
                                           .add(1, 1000, 3, 5, p1000)
                                           .add(2, 600, 0, 3, p600)
                                           .add(1, 1000, 4, 5, p1000));
    add("conflicting_headers_1_completed", FragmentScript()
                                               .add(1, 600, 0, 3, p600)
                                               .add(1, 1000, 1, 5, p1000)
                                               .add(1, 600, 1, 6, p600)
                                               .add(1, 600, 1, 3, p600)
                                               .add(1, 600, 2, 3, p600));
    add("bad_headers_0_completed", FragmentScript()
                                       .add(1, 1000, 0, 0, p1000)
                                       .add(1, 1000, 5, 5, p1000)
                                       .add(1, 0, 0, 1, "")
                                       .add(1, 5000, 0, 50, pattern(5000, 4))
                                       .add(1, 1000, 0, 65, p1000)
                                       .add(1, 10, 0, 6, "abcdefghij")
                                       .add_raw(1, 1000, 0, 5, std::string(199, 'x'))
                                       .add_raw(1, 1000, 4, 5, std::string(201, 'x')));
    add("evicts_least_recently_heard_1_completed", FragmentScript()
                                                       .add(1, 600, 0, 3, p600)
                                                       .wait(1)
                                                       .add(2, 600, 0, 3, p600)
                                                       .wait(1)
                                                       .add(3, 600, 0, 3, p600)
                                                       .wait(1)
                                                       .add(4, 600, 0, 3, p600)
                                                       .wait(1)
                                                       .add(1, 600, 1, 3, p600)
                                                       .wait(1)
                                                       .add(5, 600, 0, 3, p600)
                                                       .add(1, 600, 2, 3, p600)
                                                       .add(2, 600, 1, 3, p600));
    add("buffer_full_of_large_payloads_0_completed", FragmentScript()
                                                         .add(1, 4000, 0, 20, pattern(4000, 5))
                                                         .add(2, 4000, 0, 20, pattern(4000, 6))
                                                         .add(3, 4000, 0, 20, pattern(4000, 7))
                                                         .add(4, 100, 0, 2, pattern(100, 8)));
    add("expired_then_late_fragment_0_completed", FragmentScript()
                                                      .add(1, 600, 0, 3, p600)
                                                      .add(1, 600, 1, 3, p600)
                                                      .wait(125)
                                                      .expire()
                                                      .add(1, 600, 2, 3, p600));
    add("dropped_then_rest_0_completed", FragmentScript()
                                             .add(1, 600, 0, 3, p600)
                                             .drop(1)
                                             .add(1, 600, 1, 3, p600)
                                             .add(1, 600, 2, 3, p600));
    add("split_one_byte_1_completed", FragmentScript().split(0, 200, 0));
    add("one_fragment_heard_twice_2_completed", FragmentScript().split(99, 200, 0x80));
    add("split_max_chunk_plus_one_1_completed", FragmentScript().split(200, 200, 1));
    add("split_largest_reversed_with_duplicate_1_completed",
        FragmentScript().split(4095, 64, 0x80 | 1));
    add("split_rotated_twice_2_completed",
        FragmentScript().split(1000, 100, 6).wait(3).split(999, 7, 0x40));
    return corpus;
}

struct Named {
    std::string_view name;
    Corpus (*make)();
};
constexpr Named kCorpora[] = {
    {"kiss_decoder", kiss_corpus},
    {"ax25_parser", ax25_corpus},
    {"fragment_reassembly", fragment_corpus},
};

}  // namespace
}  // namespace baken::fuzz

// make_radio_corpus [--check] ROOT [NAME]: every corpus (or only NAME) in ROOT/<name>/.
int main(int argc, char** argv) {
    using namespace baken::fuzz;
    constexpr std::string_view program = "make_radio_corpus";
    std::vector<std::string_view> args(argv + 1, argv + argc);
    const bool check = !args.empty() && args[0] == "--check";
    if (check) args.erase(args.begin());
    if (args.empty() || args.size() > 2) {
        std::cerr << "usage: " << program << " [--check] CORPUS_ROOT [kiss_decoder|ax25_parser|"
                  << "fragment_reassembly]\n";
        return 2;
    }
    const std::filesystem::path root(args[0]);
    int status = 0;
    bool found = false;
    for (const Named& c : kCorpora) {
        if (args.size() == 2 && args[1] != c.name) continue;
        found = true;
        const auto dir = root / std::string(c.name);
        const int s =
            check ? check_corpus(program, dir, c.make()) : write_corpus(program, dir, c.make());
        status = std::max(status, s);
    }
    if (!found) {
        std::cerr << program << ": no corpus named " << args[1] << "\n";
        return 2;
    }
    return status;
}
