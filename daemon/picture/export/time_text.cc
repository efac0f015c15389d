// See time_text.h.
#include "picture/export/time_text.h"

#include <ctime>

namespace baken::picture {

std::string utc_text(std::int64_t unix_ms) {
    std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
    std::tm utc{};
    if (gmtime_r(&seconds, &utc) == nullptr) return "";
    char text[32];
    std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return std::string(text, n);
}

}  // namespace baken::picture
