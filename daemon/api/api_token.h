// The bearer token that local clients present to the HTTP API (docs/api.md, "Access control").
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "common/result.h"

namespace baken {

inline constexpr const char* kApiTokenFile = "api.token";
inline constexpr const char* kApiAddressFile = "api.address";

// Reads <dir>/api.token, or creates it (mode 0600, 32 random bytes as hex).
Result<std::string, std::string> load_or_create_api_token(const std::filesystem::path& dir);

// Compares an "Authorization" header value with "Bearer <token>" in constant time.
bool authorization_matches(std::string_view header_value, std::string_view token);

// Writes <dir>/api.address ("127.0.0.1:7718") atomically so a client never reads half of it.
Result<Done, std::string> write_api_address(const std::filesystem::path& dir,
                                            const std::string& address);

}  // namespace baken
