#include "paper/paper_codes.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "common/bytes.h"
#include "paper/base45.h"
#include "paper/paper_test_support.h"

namespace baken::cli::paper {
namespace {

using testing::sitrep_of_about;

constexpr std::string_view kQrAlphanumeric = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

std::vector<std::string> codes_of(const std::string& envelope) {
    auto codes = paper_codes(envelope);
    EXPECT_TRUE(codes.ok()) << (codes.ok() ? "" : codes.error());
    return codes.ok() ? *codes : std::vector<std::string>{};
}

TEST(PaperCodes, ASmallSitrepIsOneCodeOfAlphanumericText) {
    const DecodedMessage m = sitrep_of_about(300);
    const auto codes = codes_of(m.envelope_bytes);
    ASSERT_EQ(codes.size(), 1u);
    EXPECT_EQ(codes[0].find_first_not_of(kQrAlphanumeric), std::string::npos) << codes[0];
    std::string id = to_hex(m.id);
    std::transform(id.begin(), id.end(), id.begin(), ::toupper);
    EXPECT_TRUE(codes[0].starts_with("BKN1:1/1:" + id + ":")) << codes[0];

    const Reassembly back = reassemble(codes);
    ASSERT_EQ(back.messages.size(), 1u);
    EXPECT_EQ(back.messages[0].problem, "");
    EXPECT_EQ(back.messages[0].id_hex, to_hex(m.id));
    EXPECT_EQ(back.messages[0].envelope_bytes, m.envelope_bytes);
}

TEST(PaperCodes, LargeMessagesSplitIntoEqualPartsAndComeBackInAnyOrder) {
    for (std::size_t size : {701u, 1400u, 4096u, 16000u}) {
        const DecodedMessage m = sitrep_of_about(size);
        auto codes = codes_of(m.envelope_bytes);
        const std::size_t want = (m.envelope_bytes.size() + kMaxChunkBytes - 1) / kMaxChunkBytes;
        ASSERT_EQ(codes.size(), want) << m.envelope_bytes.size();
        ASSERT_LE(codes.size(), static_cast<std::size_t>(kMaxParts));
        const std::size_t chunk = (m.envelope_bytes.size() + want - 1) / want;
        for (std::size_t i = 0; i < codes.size(); ++i) {
            auto part = parse_code(codes[i]);
            ASSERT_TRUE(part.ok()) << part.error();
            EXPECT_EQ(part->part, static_cast<int>(i + 1));
            EXPECT_EQ(part->total, static_cast<int>(want));
            EXPECT_LE(part->bytes.size(), kMaxChunkBytes);
            if (i + 1 < codes.size())
                EXPECT_EQ(part->bytes.size(), chunk);
            else
                EXPECT_GE(part->bytes.size() + want, chunk);  // the last: up to total-1 short
        }
        std::reverse(codes.begin(), codes.end());
        const Reassembly back = reassemble(codes);
        ASSERT_EQ(back.messages.size(), 1u);
        EXPECT_EQ(back.messages[0].problem, "");
        EXPECT_EQ(back.messages[0].parts_seen, static_cast<int>(want));
        EXPECT_EQ(back.messages[0].envelope_bytes, m.envelope_bytes);
    }
}

TEST(PaperCodes, AMissingPartIsNamedAndNothingIsHandedOn) {
    const DecodedMessage m = sitrep_of_about(2500);
    auto codes = codes_of(m.envelope_bytes);
    ASSERT_EQ(codes.size(), 5u);
    codes.erase(codes.begin() + 2);
    const Reassembly back = reassemble(codes);
    ASSERT_EQ(back.messages.size(), 1u);
    EXPECT_EQ(back.messages[0].envelope_bytes, "");
    EXPECT_EQ(back.messages[0].parts_seen, 4);
    EXPECT_NE(back.messages[0].problem.find("missing part 3 of 5"), std::string::npos)
        << back.messages[0].problem;
}

TEST(PaperCodes, TheSameCodeReadTwiceCountsOnce) {
    const DecodedMessage a = sitrep_of_about(1500);
    const DecodedMessage b = sitrep_of_about(300);
    auto codes_a = codes_of(a.envelope_bytes);
    auto codes_b = codes_of(b.envelope_bytes);
    std::vector<std::string> page{codes_a[0], codes_b[0], "https://example.org/",
                                  codes_a[1], codes_a[0], codes_a[2],
                                  codes_b[0]};
    const Reassembly back = reassemble(page);
    EXPECT_EQ(back.other_codes, 1u);
    EXPECT_TRUE(back.damaged.empty());
    ASSERT_EQ(back.messages.size(), 2u);
    EXPECT_EQ(back.messages[0].envelope_bytes, a.envelope_bytes);
    EXPECT_EQ(back.messages[1].envelope_bytes, b.envelope_bytes);
}

// The code with the character at `at` one step along the alphabet: the first character of a
// group changes the two bytes' value by one, so the group still decodes.
std::string nudged(std::string code, std::size_t at) {
    const std::size_t v = kBase45Alphabet.find(code[at]);
    code[at] = kBase45Alphabet[v > 0 ? v - 1 : v + 1];
    return code;
}

TEST(PaperCodes, AnAlteredSignedByteNeverReassembles) {
    const DecodedMessage m = sitrep_of_about(300);
    const std::string code = codes_of(m.envelope_bytes)[0];
    const std::size_t data = testing::data_start(code);
    // Bytes 4..40: inside the envelope's signed bytes (field 1 comes first).
    for (std::size_t at = data + 6; at < data + 60; at += 3) {
        const Reassembly back = reassemble({nudged(code, at)});
        ASSERT_TRUE(back.damaged.empty()) << back.damaged[0];
        ASSERT_EQ(back.messages.size(), 1u);
        EXPECT_EQ(back.messages[0].envelope_bytes, "");
        EXPECT_FALSE(back.messages[0].problem.empty()) << at;
    }
    // A letter of the sitrep's text: the bytes still parse, and hash to another id.
    const std::size_t text_byte = m.envelope_bytes.find("Stroomstoring");
    ASSERT_NE(text_byte, std::string::npos);
    const Reassembly one = reassemble({nudged(code, data + (text_byte + 2) / 2 * 3)});
    ASSERT_EQ(one.messages.size(), 1u);
    EXPECT_NE(one.messages[0].problem.find("do not match the id"), std::string::npos)
        << one.messages[0].problem;
}

TEST(PaperCodes, AnAlteredSignatureByteReassemblesAndFailsTheSignatureCheck) {
    const DecodedMessage m = sitrep_of_about(300);
    const std::string code = codes_of(m.envelope_bytes)[0];
    // The envelope ends with the signature (field 2: 2 + 64 bytes) and the author (field 3:
    // 2 + 32 bytes); byte size - 74 is inside the signature.
    const std::size_t sig_byte = m.envelope_bytes.size() - 74;
    const std::size_t at = testing::data_start(code) + sig_byte / 2 * 3;
    const Reassembly back = reassemble({nudged(code, at)});
    ASSERT_TRUE(back.damaged.empty()) << back.damaged[0];
    ASSERT_EQ(back.messages.size(), 1u);
    ASSERT_EQ(back.messages[0].problem, "");  // the id covers the signed bytes only
    EXPECT_NE(back.messages[0].envelope_bytes, m.envelope_bytes);
    auto verified = decode_and_verify(as_bytes(back.messages[0].envelope_bytes));
    ASSERT_FALSE(verified.ok());
    EXPECT_EQ(verified.error().code, RejectCode::bad_signature);
}

TEST(PaperCodes, PartsThatDisagreeAreRefused) {
    const DecodedMessage m = sitrep_of_about(1500);
    auto codes = codes_of(m.envelope_bytes);
    ASSERT_EQ(codes.size(), 3u);
    // Part 2 claimed by two different codes.
    std::string other = codes[1];
    other.back() = other.back() == '0' ? '1' : '0';
    Reassembly twice = reassemble({codes[0], codes[1], other, codes[2]});
    ASSERT_EQ(twice.messages.size(), 1u);
    EXPECT_NE(twice.messages[0].problem.find("two different codes claim to be part 2"),
              std::string::npos)
        << twice.messages[0].problem;
    EXPECT_EQ(twice.messages[0].envelope_bytes, "");
    // A total that differs.
    std::string four = codes[2];
    four.replace(5, 3, "3/4");
    Reassembly totals = reassemble({codes[0], codes[1], four});
    ASSERT_EQ(totals.messages.size(), 1u);
    EXPECT_NE(totals.messages[0].problem.find("disagree"), std::string::npos);
}

TEST(PaperCodes, MalformedCodesAreDamagedNotMessages) {
    const std::string id(64, 'A');
    const std::vector<std::string> bad{
        "BKN1:",
        "BKN1:1/1",
        "BKN1:0/1:" + id + ":BB8",
        "BKN1:2/1:" + id + ":BB8",
        "BKN1:01/1:" + id + ":BB8",
        "BKN1:1/29:" + id + ":BB8",
        "BKN1:1/1:" + std::string(64, 'a') + ":BB8",
        "BKN1:1/1:" + id.substr(1) + ":BB8",
        "BKN1:1/1:" + id + ":",
        "BKN1:1/1:" + id + ":GGW",
        "BKN1:1/1:" + id + ":" + base45_encode(std::string(kMaxChunkBytes + 1, 'x')),
    };
    const Reassembly back = reassemble(bad);
    EXPECT_EQ(back.damaged.size(), bad.size());
    EXPECT_TRUE(back.messages.empty());
    EXPECT_EQ(back.other_codes, 0u);
}

// Codes with random characters changed, dropped or added: each is a message with or without a
// problem, a damaged code or another code; whatever reassembles whole hashes to its id.
TEST(PaperCodes, MutatedCodesNeverCrashOrPassWrongBytes) {
    const DecodedMessage m = sitrep_of_about(1500);
    const auto codes = codes_of(m.envelope_bytes);
    std::uint32_t state = 99;
    auto next = [&state] { return state = state * 1664525u + 1013904223u; };
    for (int round = 0; round < 500; ++round) {
        std::vector<std::string> page = codes;
        std::string& code = page[next() % page.size()];
        switch (next() % 3) {
            case 0:
                code[next() % code.size()] = kQrAlphanumeric[next() % kQrAlphanumeric.size()];
                break;
            case 1:
                code.erase(next() % code.size(), 1 + next() % 3);
                break;
            default:
                code.insert(next() % code.size(), 1, kQrAlphanumeric[next() % 45]);
        }
        const Reassembly back = reassemble(page);
        for (const FoundMessage& found : back.messages) {
            if (!found.problem.empty()) {
                EXPECT_EQ(found.envelope_bytes, "");
                continue;
            }
            auto decoded = decode_envelope(as_bytes(found.envelope_bytes));
            ASSERT_TRUE(decoded.ok());
            EXPECT_EQ(to_hex(decoded->id), found.id_hex);
        }
    }
}

TEST(PaperCodes, BytesThatAreNotAnEnvelope) {
    EXPECT_FALSE(paper_codes("").ok());
    EXPECT_FALSE(paper_codes("\xff\xff\xff").ok());
    EXPECT_FALSE(paper_codes(std::string(limits::kMaxEnvelopeBytes + 1, '\0')).ok());
    // Well-formed codes around bytes that are not an envelope: refused on reassembly.
    const std::string id(64, 'A');
    const Reassembly back = reassemble({"BKN1:1/1:" + id + ":" + base45_encode("\xff\xff\xff")});
    ASSERT_EQ(back.messages.size(), 1u);
    EXPECT_NE(back.messages[0].problem.find("do not make a Baken message"), std::string::npos)
        << back.messages[0].problem;
}

}  // namespace
}  // namespace baken::cli::paper
