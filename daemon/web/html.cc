// See html.h.
#include "web/html.h"

#include <ctime>

namespace baken::web {
namespace {

// Length of the valid UTF-8 sequence starting at text[i], or 0 if it is not one.
std::size_t utf8_length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char b = byte(i);
    std::size_t n = b < 0x80           ? 1
                    : (b >> 5) == 0x6  ? 2
                    : (b >> 4) == 0xe  ? 3
                    : (b >> 3) == 0x1e ? 4
                                       : 0;
    if (n == 0 || i + n > text.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        if ((byte(i + k) & 0xc0) != 0x80) return 0;
    }
    std::uint32_t cp = n == 1 ? b : n == 2 ? (b & 0x1fu) : n == 3 ? (b & 0x0fu) : (b & 0x07u);
    for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (byte(i + k) & 0x3fu);
    // Overlong forms, surrogates and values beyond U+10FFFF are not valid UTF-8.
    static constexpr std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return 0;
    return n;
}

constexpr std::string_view kReplacement = "\xef\xbf\xbd";

}  // namespace

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        const std::size_t n = utf8_length(text, i);
        if (n == 0) {
            out += kReplacement;
            ++i;
            continue;
        }
        if (n > 1) {
            out.append(text.substr(i, n));
        } else if (c == '&') {
            out += "&amp;";
        } else if (c == '<') {
            out += "&lt;";
        } else if (c == '>') {
            out += "&gt;";
        } else if (c == '"') {
            out += "&quot;";
        } else if (c == '\'') {
            out += "&#39;";
        } else if ((static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
            out += kReplacement;
        } else {
            out += c;
        }
        i += n;
    }
    return out;
}

std::string json_string(std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out = "\"";
    for (char c : text) {
        const auto b = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (b < 0x20 || c == '<' || c == '>' || c == '&') {
            out += "\\u00";
            out += kHex[b >> 4];
            out += kHex[b & 0xf];
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string age_text(std::int64_t age_s, Language language) {
    const bool nl = language == Language::nl;
    if (age_s < 60) return nl ? "zojuist" : "just now";
    if (age_s < 3600) return std::to_string(age_s / 60) + (nl ? " min geleden" : " min ago");
    if (age_s < 48 * 3600) {
        const std::int64_t h = age_s / 3600;
        return std::to_string(h) + (nl ? " uur geleden" : (h == 1 ? " hour ago" : " hours ago"));
    }
    return std::to_string(age_s / 86400) + (nl ? " dagen geleden" : " days ago");
}

std::string clock_text(std::int64_t unix_ms) {
    const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
    std::tm local{};
    if (localtime_r(&seconds, &local) == nullptr) return "?";
    char buffer[32];
    const std::size_t n = std::strftime(buffer, sizeof buffer, "%d-%m-%Y %H:%M", &local);
    return n == 0 ? "?" : std::string(buffer, n);
}

}  // namespace baken::web
