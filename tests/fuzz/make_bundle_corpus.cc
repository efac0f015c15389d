// Writes the bundle reader fuzz seed corpus (tests/fuzz/corpus/bundle_reader/), or checks that
// the checked-in corpus is what this program writes (see corpus_writer.h):
//
//   ninja -C build/debug make_bundle_corpus
//   build/debug/tests/fuzz/replay/make_bundle_corpus tests/fuzz/corpus/bundle_reader
//
// Each seed is an input in the layout of bundle_reader_harness.h: chunk sizes, then a bundle
// written by a fixed exporter (Identity::from_seed) at a fixed time, of sitreps by fixed
// authors (Ed25519 signatures are deterministic, so are the bytes). Valid bundles of 0, 1 and
// several messages, and damaged ones: truncated, flipped bytes, bad magic, broken framing, a
// trailer that does not match. Its name ends with what the replay test
// (replay/bundle_corpus_replay_test.cc) expects: `<what>_<N>_messages_<outcome>`, N messages
// read and then `verified` (no damage at all) or the name of the first damage reported.
#include <string>
#include <vector>

#include "baken/v1/bundle.pb.h"
#include "bundle/bundle_test_support.h"
#include "fuzz/bundle_reader_harness.h"
#include "fuzz/corpus_writer.h"

namespace baken::fuzz {
namespace {

using bundle::kMagic;
using bundle::RecordType;

// Chunk-size bytes (bundle_reader_harness.h): {} reads byte by byte the second time.
const std::vector<std::uint8_t> kBytewise = {};
const std::vector<std::uint8_t> kLarge = {255};         // 8129 bytes
const std::vector<std::uint8_t> kMixed = {3, 40, 200};  // 2, 201, 5001 bytes
const std::vector<std::uint8_t> kOdd = {9, 1, 60, 17};  // 11, 1, 451, 37 bytes

const Identity& author(std::uint8_t fill) {
    static const Identity a = Identity::from_seed([] {
        std::array<std::uint8_t, 32> seed{};
        seed.fill(0x11);
        return seed;
    }());
    static const Identity b = Identity::from_seed([] {
        std::array<std::uint8_t, 32> seed{};
        seed.fill(0x22);
        return seed;
    }());
    return fill == 0x11 ? a : b;
}

// `count` sitreps, alternately by two authors, every third one FLASH.
std::vector<DecodedMessage> sitreps(int count) {
    std::vector<DecodedMessage> out;
    for (int i = 0; i < count; ++i) {
        out.push_back(testing::signed_sitrep(author(i % 2 ? 0x22 : 0x11), 100 + i,
                                             i % 3 == 0 ? v1::FLASH : v1::ROUTINE));
    }
    return out;
}

std::string bundle_of(int count) {
    return bundle::testing::write_bundle(sitreps(count));
}

// Where the i-th message record starts.
std::size_t message_offset(const std::string& file, std::size_t i) {
    std::size_t seen = 0;
    for (const auto& e : bundle::testing::read_all(file, 1 << 20)) {
        if (const auto* m = std::get_if<bundle::MessageRecordRead>(&e)) {
            if (seen++ == i) return m->offset;
        }
    }
    std::fprintf(stderr, "make_bundle_corpus: no message %zu\n", i);
    std::exit(2);
}

std::string record(RecordType type, const std::string& body) {
    Bytes r = bundle::encode_record(type, as_bytes(body));
    return std::string(as_chars(r));
}

std::string flipped(std::string s, std::size_t at, std::uint8_t mask = 0x5A) {
    s.at(at) = static_cast<char>(static_cast<std::uint8_t>(s.at(at)) ^ mask);
    return s;
}

std::string be32(std::uint32_t n) {
    std::string s;
    for (int shift = 24; shift >= 0; shift -= 8) s.push_back(static_cast<char>(n >> shift));
    return s;
}

Corpus make_corpus() {
    Corpus corpus;
    auto add = [&](const std::string& name, const std::vector<std::uint8_t>& chunks,
                   const std::string& file) {
        corpus[name + ".bin"] = bundle_reader_input(chunks, file);
    };

    const std::string none = bundle_of(0);
    const std::string one = bundle_of(1);
    const std::string five = bundle_of(5);
    const std::size_t first = message_offset(five, 0);
    const std::size_t second = message_offset(five, 1);
    const std::size_t third = message_offset(five, 2);
    const std::size_t trailer = bundle::testing::trailer_offset(five);

    // Valid bundles.
    add("no_messages_0_messages_verified", kBytewise, none);
    add("one_sitrep_1_messages_verified", kOdd, one);
    add("five_sitreps_bytewise_5_messages_verified", kBytewise, five);
    add("five_sitreps_mixed_chunks_5_messages_verified", kMixed, five);
    add("twelve_sitreps_12_messages_verified", kLarge, bundle_of(12));
    {
        // The largest record the format allows: the reader does not judge what a message is.
        std::string out;
        bundle::BundleWriter writer(
            [&](ByteView bytes) {
                out.append(as_chars(bytes));
                return true;
            },
            bundle::testing::exporter(), testing::kSampleNowMs, "Steunpunt De Linde");
        writer.add(as_bytes(std::string(bundle::kMaxMessageBytes, 'm')));
        writer.finish();
        add("largest_record_1_messages_verified", kMixed, out);
    }
    add("bytes_after_trailer_5_messages_trailing_bytes", kOdd, five + "extra\n");

    // Not a bundle.
    add("empty_file_0_messages_not_a_bundle", kBytewise, "");
    add("text_file_0_messages_not_a_bundle", kOdd,
        "Dit is geen bundel maar een boodschappenlijst.\n");
    add("bad_magic_0_messages_not_a_bundle", kMixed, flipped(five, 1));
    add("short_magic_0_messages_not_a_bundle", kBytewise, five.substr(0, kMagic.size() - 3));

    // Truncated.
    add("only_magic_0_messages_truncated", kBytewise, five.substr(0, kMagic.size()));
    add("cut_in_header_0_messages_truncated", kOdd, five.substr(0, first - 4));
    add("cut_in_third_message_2_messages_truncated", kMixed, five.substr(0, third + 20));
    add("cut_in_prefix_2_messages_truncated", kBytewise, five.substr(0, third + 3));
    add("cut_before_trailer_5_messages_truncated", kOdd, five.substr(0, trailer));
    add("cut_in_trailer_5_messages_truncated", kMixed, five.substr(0, five.size() - 1));

    // Flipped bytes.
    add("flipped_message_byte_4_messages_record_damaged", kOdd, flipped(five, second + 40));
    add("flipped_message_check_4_messages_record_damaged", kMixed, flipped(five, third - 1, 0x01));
    add("flipped_header_byte_0_messages_bad_header", kBytewise,
        flipped(five, kMagic.size() + bundle::kRecordPrefixBytes + 2));
    add("flipped_trailer_byte_5_messages_record_damaged", kOdd, flipped(five, five.size() - 20));
    add("bad_trailer_signature_5_messages_bad_signature", kMixed,
        bundle::testing::with_bad_trailer_signature(five));

    // Framing lost.
    {
        std::string unknown = five;
        unknown[third] = 'X';
        add("unknown_record_type_2_messages_framing_lost", kOdd, unknown);
        std::string huge = five;
        huge.replace(third + 1, 4, be32(0x7FFFFFFF));
        add("length_of_2gb_2_messages_framing_lost", kMixed, huge);
        std::string over = five;
        over.replace(third + 1, 4, be32(static_cast<std::uint32_t>(bundle::kMaxMessageBytes + 1)));
        add("length_over_max_2_messages_framing_lost", kBytewise, over);
    }
    add("empty_message_record_1_messages_framing_lost", kOdd,
        five.substr(0, second) + record(RecordType::message, "") + five.substr(second));
    add("second_header_1_messages_framing_lost", kMixed,
        five.substr(0, second) + five.substr(kMagic.size(), first - kMagic.size()) +
            five.substr(second));
    add("message_before_header_0_messages_framing_lost", kBytewise,
        five.substr(0, kMagic.size()) + five.substr(first));
    {
        v1::BundleHeader header;
        header.set_format_version(2);
        header.set_exporter(std::string(32, 'k'));
        add("format_version_2_0_messages_unsupported_version", kOdd,
            std::string(kMagic.begin(), kMagic.end()) +
                record(RecordType::header, header.SerializeAsString()) + five.substr(first));
    }
    add("header_not_protobuf_0_messages_bad_header", kMixed,
        std::string(kMagic.begin(), kMagic.end()) + record(RecordType::header, "\xff\xff\xff") +
            five.substr(first));

    // The trailer does not match what was read.
    add("dropped_message_4_messages_trailer_mismatch", kOdd,
        five.substr(0, second) + five.substr(third));
    add("swapped_messages_5_messages_trailer_mismatch", kMixed,
        five.substr(0, first) + five.substr(second, third - second) +
            five.substr(first, second - first) + five.substr(third));
    add("trailer_not_protobuf_5_messages_trailer_mismatch", kBytewise,
        five.substr(0, trailer) + record(RecordType::trailer, "\xff\xff"));
    return corpus;
}

}  // namespace
}  // namespace baken::fuzz

int main(int argc, char** argv) {
    return baken::fuzz::corpus_main(argc, argv, "make_bundle_corpus", baken::fuzz::make_corpus);
}
