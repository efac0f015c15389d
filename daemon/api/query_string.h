// Splits a request target into path and decoded query parameters.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace baken {

struct Target {
    std::string path;
    std::map<std::string, std::string> query;
};

// nullopt when percent-encoding is broken.
std::optional<Target> parse_target(std::string_view target);

}  // namespace baken
