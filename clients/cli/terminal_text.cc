// See terminal_text.h.
#include "terminal_text.h"

#include <sys/ioctl.h>
#include <unistd.h>

namespace baken::cli {
namespace {

constexpr std::size_t kDefaultWidth = 100;
constexpr const char* kEllipsis = "\u2026";

bool is_continuation(unsigned char c) {
    return (c & 0xC0) == 0x80;
}

}  // namespace

std::string printable(std::string_view utf8, bool keep_newlines) {
    std::string out;
    out.reserve(utf8.size());
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        auto c = static_cast<unsigned char>(utf8[i]);
        if (c == '\n' && keep_newlines) {
            out.push_back('\n');
        } else if (c < 0x20 || c == 0x7F) {
            out.push_back(' ');
        } else if (c == 0xC2 && i + 1 < utf8.size() &&
                   static_cast<unsigned char>(utf8[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(utf8[i + 1]) <= 0x9F) {
            out.push_back(' ');  // C1 controls (U+0080..U+009F) include the 8-bit CSI
            ++i;
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
    return out;
}

std::size_t display_width(std::string_view utf8) {
    std::size_t width = 0;
    for (char c : utf8) {
        if (!is_continuation(static_cast<unsigned char>(c))) ++width;
    }
    return width;
}

std::string truncate_to_width(std::string_view utf8, std::size_t width) {
    if (display_width(utf8) <= width) return std::string(utf8);
    if (width == 0) return "";
    std::size_t keep = width - 1;  // one column for the ellipsis
    std::size_t pos = 0;
    for (std::size_t seen = 0; pos < utf8.size(); ++pos) {
        if (!is_continuation(static_cast<unsigned char>(utf8[pos])) && seen++ == keep) break;
    }
    return std::string(utf8.substr(0, pos)) + kEllipsis;
}

std::size_t output_width() {
    winsize size{};
    if (::isatty(STDOUT_FILENO) == 1 && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 &&
        size.ws_col > 0) {
        return size.ws_col;
    }
    return kDefaultWidth;
}

}  // namespace baken::cli
