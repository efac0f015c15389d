// See host_check.h.
#include "web/host_check.h"

#include <arpa/inet.h>

#include <algorithm>

namespace baken::web {
namespace {

bool digits_only(std::string_view text) {
    return !text.empty() && text.size() <= 5 &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_address(int family, std::string_view text) {
    if (text.empty() || text.size() > 64) return false;
    std::string terminated(text);
    unsigned char binary[16];
    return inet_pton(family, terminated.c_str(), binary) == 1;
}

}  // namespace

bool host_allowed(std::string_view host, std::span<const std::string> names) {
    if (host.empty() || host.size() > 255) return false;
    if (host.front() == '[') {  // [IPv6] or [IPv6]:PORT
        const auto close = host.find(']');
        if (close == std::string_view::npos) return false;
        const std::string_view rest = host.substr(close + 1);
        if (!rest.empty() && (rest.front() != ':' || !digits_only(rest.substr(1)))) return false;
        return is_address(AF_INET6, host.substr(1, close - 1));
    }
    if (const auto colon = host.find(':'); colon != std::string_view::npos) {
        if (!digits_only(host.substr(colon + 1))) return false;
        host = host.substr(0, colon);
    }
    if (!host.empty() && host.back() == '.') host.remove_suffix(1);
    if (is_address(AF_INET, host)) return true;
    std::string lower(host);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "localhost") return true;
    return std::find(names.begin(), names.end(), lower) != names.end();
}

}  // namespace baken::web
