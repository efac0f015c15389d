// See base45.h. RFC 9285 section 4: each pair of bytes [a, b] is n = a*256 + b, written as
// c + d*45 + e*45*45 in the order c d e; a last single byte is c + d*45, written as c d.
#include "base45.h"

#include <array>
#include <cstdint>

namespace baken::cli::paper {
namespace {

constexpr int kInvalid = -1;

// The value of each character, kInvalid outside the alphabet.
constexpr std::array<int, 256> make_values() {
    std::array<int, 256> values{};
    for (int& v : values) v = kInvalid;
    for (std::size_t i = 0; i < kBase45Alphabet.size(); ++i)
        values[static_cast<unsigned char>(kBase45Alphabet[i])] = static_cast<int>(i);
    return values;
}
constexpr std::array<int, 256> kValues = make_values();

}  // namespace

std::string base45_encode(std::string_view bytes) {
    std::string text;
    text.reserve(bytes.size() / 2 * 3 + 2);
    std::size_t i = 0;
    for (; i + 1 < bytes.size(); i += 2) {
        unsigned n =
            static_cast<unsigned char>(bytes[i]) * 256u + static_cast<unsigned char>(bytes[i + 1]);
        text.push_back(kBase45Alphabet[n % 45]);
        text.push_back(kBase45Alphabet[n / 45 % 45]);
        text.push_back(kBase45Alphabet[n / (45 * 45)]);
    }
    if (i < bytes.size()) {
        unsigned n = static_cast<unsigned char>(bytes[i]);
        text.push_back(kBase45Alphabet[n % 45]);
        text.push_back(kBase45Alphabet[n / 45]);
    }
    return text;
}

Result<std::string, std::string> base45_decode(std::string_view text) {
    if (text.size() % 3 == 1) {
        return fail("base45 text of " + std::to_string(text.size()) +
                    " characters: one character is left over (length mod 3 is 1)");
    }
    std::string bytes;
    bytes.reserve(text.size() / 3 * 2 + 1);
    for (std::size_t at = 0; at < text.size(); at += 3) {
        const std::size_t group = std::min<std::size_t>(3, text.size() - at);
        std::uint32_t n = 0, weight = 1;
        for (std::size_t k = 0; k < group; ++k, weight *= 45) {
            const int v = kValues[static_cast<unsigned char>(text[at + k])];
            if (v == kInvalid)
                return fail("base45: character " + std::to_string(at + k + 1) +
                            " is not in the alphabet");
            n += static_cast<std::uint32_t>(v) * weight;
        }
        if (group == 3) {
            if (n > 0xFFFF)
                return fail("base45: the group at character " + std::to_string(at + 1) +
                            " is larger than two bytes");
            bytes.push_back(static_cast<char>(n >> 8));
            bytes.push_back(static_cast<char>(n & 0xFF));
        } else {
            if (n > 0xFF) return fail("base45: the last group is larger than one byte");
            bytes.push_back(static_cast<char>(n));
        }
    }
    return bytes;
}

}  // namespace baken::cli::paper
