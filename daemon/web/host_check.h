// Which Host headers a browser request may carry: the defence against DNS rebinding, where a
// page on an attacker's domain re-points that domain at 127.0.0.1 (or the support point's LAN
// address) and then talks to this node as "its own" origin. Such a request names the
// attacker's domain in Host, so only these are accepted:
//   * an IP address literal ("127.0.0.1:7718", "192.168.1.20", "[::1]:7718") — a rebinding
//     attack cannot make a browser send one for a domain page;
//   * "localhost";
//   * a name listed in [web] host_names.
// Compared case-insensitively, with an optional ":PORT" and one trailing dot.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace baken::web {

// `names` are lower case (the config stores them so).
bool host_allowed(std::string_view host_header, std::span<const std::string> names);

}  // namespace baken::web
