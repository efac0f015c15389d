// Base45 (RFC 9285): bytes as text in the 45 characters of the QR code's alphanumeric mode
// (0-9 A-Z space $ % * + - . / :). A paper code carries its envelope bytes this way because a
// QR reader hands byte-mode data back as text after guessing its charset, which corrupts
// binary; alphanumeric text comes back exactly. Two bytes become three characters (a lone last
// byte two), so the text is 1.5 times the bytes, and the QR alphanumeric mode stores each
// character in 5.5 bits: about 8.25 bits per byte on the code.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace baken::cli::paper {

// The RFC's alphabet, in value order.
inline constexpr std::string_view kBase45Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

std::string base45_encode(std::string_view bytes);

// Error (a sentence naming the position): a character outside the alphabet, a length that
// leaves one character over (length % 3 == 1), or a group whose value does not fit its bytes
// (three characters above 65535, two above 255). Never throws.
Result<std::string, std::string> base45_decode(std::string_view text);

}  // namespace baken::cli::paper
