// See api_token.h.
#include "api/api_token.h"

#include <sodium.h>
#include <sys/stat.h>

#include <fstream>

#include "common/atomic_file.h"
#include "common/bytes.h"
#include "crypto/keys.h"

namespace baken {
namespace fs = std::filesystem;

Result<std::string, std::string> load_or_create_api_token(const fs::path& dir) {
    fs::path path = dir / kApiTokenFile;
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        // The token lets its holder post as this node: same rule as node.key.
        if ((st.st_mode & 077) != 0) {
            return fail("API token " + path.string() +
                        " is readable by other users; run: chmod 600 " + path.string());
        }
        std::ifstream in(path);
        std::string token;
        if (std::getline(in, token) && token.size() == 64 && from_hex(token)) return token;
        return fail("API token " + path.string() + " is damaged; delete it and restart bakend");
    }
    ensure_sodium();
    std::uint8_t random[32];
    randombytes_buf(random, sizeof random);
    std::string token = to_hex(random);
    auto written = write_file_atomically(path, as_bytes(token + "\n"), 0600, IfExists::replace);
    if (!written) return fail(written.error().text);
    return token;
}

bool authorization_matches(std::string_view header_value, std::string_view token) {
    constexpr std::string_view kScheme = "Bearer ";
    if (header_value.substr(0, kScheme.size()) != kScheme) return false;
    std::string_view presented = header_value.substr(kScheme.size());
    if (presented.size() != token.size()) return false;
    return sodium_memcmp(presented.data(), token.data(), token.size()) == 0;
}

Result<Done, std::string> write_api_address(const fs::path& dir, const std::string& address) {
    auto written = write_file_atomically(dir / kApiAddressFile, as_bytes(address + "\n"), 0644,
                                         IfExists::replace);
    if (!written) return fail(written.error().text);
    return Done{};
}

}  // namespace baken
