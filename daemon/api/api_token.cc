// See api_token.h.
#include "api/api_token.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "common/bytes.h"
#include "crypto/keys.h"

namespace baken {
namespace fs = std::filesystem;

namespace {

Result<Done, std::string> write_file_atomically(const fs::path& path, const std::string& content,
                                                mode_t mode) {
    fs::path tmp = path;
    tmp += ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) return fail("cannot write " + tmp.string() + ": " + std::strerror(errno));
    bool ok = ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) &&
              ::fsync(fd) == 0;
    ::close(fd);
    if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
        ::unlink(tmp.c_str());
        return fail("cannot write " + path.string() + ": " + std::strerror(errno));
    }
    return Done{};
}

}  // namespace

Result<std::string, std::string> load_or_create_api_token(const fs::path& dir) {
    fs::path path = dir / kApiTokenFile;
    std::ifstream in(path);
    std::string token;
    if (in && std::getline(in, token) && token.size() == 64 && from_hex(token)) return token;
    if (in) return fail("API token " + path.string() + " is damaged; delete it and restart bakend");

    ensure_sodium();
    std::uint8_t random[32];
    randombytes_buf(random, sizeof random);
    token = to_hex(random);
    auto written = write_file_atomically(path, token + "\n", 0600);
    if (!written) return fail(written.error());
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
    return write_file_atomically(dir / kApiAddressFile, address + "\n", 0644);
}

}  // namespace baken
