// See identity.h. The key file is written with O_EXCL and fsync before it is used, so a
// power cut during first start leaves either no key or a whole one.
#include "crypto/identity.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace baken {
namespace fs = std::filesystem;

namespace {

std::string errno_text(const std::string& what, const fs::path& path) {
    return what + " " + path.string() + ": " + std::strerror(errno);
}

bool write_all(int fd, const std::uint8_t* data, std::size_t size) {
    while (size > 0) {
        ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

void fsync_dir(const fs::path& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

}  // namespace

Identity::~Identity() {
    sodium_memzero(secret_key_.data(), secret_key_.size());
}

Identity Identity::generate() {
    ensure_sodium();
    Identity id;
    crypto_sign_keypair(id.public_key_.data(), id.secret_key_.data());
    return id;
}

Result<Identity, std::string> Identity::load(const fs::path& dir) {
    ensure_sodium();
    fs::path path = dir / kNodeKeyFile;
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return fail(errno_text("cannot open node key", path));
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        ::close(fd);
        return fail(errno_text("cannot stat node key", path));
    }
    if ((st.st_mode & 077) != 0) {
        ::close(fd);
        return fail("node key " + path.string() + " is readable by other users; run: chmod 600 " +
                    path.string());
    }
    // One byte more than a key, so that a longer (damaged) file is recognised as such.
    std::uint8_t buffer[kSecretKeySize + 1];
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    ::close(fd);
    if (n != static_cast<ssize_t>(kSecretKeySize)) {
        sodium_memzero(buffer, sizeof buffer);
        return fail("node key " + path.string() + " is damaged: expected " +
                    std::to_string(kSecretKeySize) + " bytes");
    }
    Identity id;
    std::copy(buffer, buffer + kSecretKeySize, id.secret_key_.begin());
    sodium_memzero(buffer, sizeof buffer);
    crypto_sign_ed25519_sk_to_pk(id.public_key_.data(), id.secret_key_.data());
    return id;
}

Result<Identity, std::string> Identity::load_or_create(const fs::path& dir) {
    fs::path path = dir / kNodeKeyFile;
    std::error_code ec;
    if (fs::exists(path, ec)) return load(dir);
    fs::create_directories(dir, ec);
    if (ec) return fail("cannot create data directory " + dir.string() + ": " + ec.message());

    Identity id = generate();
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        // Another process created it first: use theirs.
        if (errno == EEXIST) return load(dir);
        return fail(errno_text("cannot create node key", path));
    }
    bool ok = write_all(fd, id.secret_key_.data(), id.secret_key_.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) {
        ::unlink(path.c_str());
        return fail(errno_text("cannot write node key", path));
    }
    fsync_dir(dir);
    return id;
}

Signature Identity::sign(ByteView data) const {
    Signature sig;
    crypto_sign_detached(sig.data(), nullptr, data.data(), data.size(), secret_key_.data());
    return sig;
}

}  // namespace baken
