// See identity.h. The key file is written to a temporary file, fsynced and then linked into
// place, so a power cut during first start leaves either no key or a whole one.
#include "crypto/identity.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/atomic_file.h"

namespace baken {
namespace fs = std::filesystem;

namespace {

// What to tell a person about a damaged key: restoring beats replacing, because a new key is a
// new identity that the region must issue credentials for again.
std::string damaged(const fs::path& path, const std::string& why) {
    return "node key " + path.string() + " is damaged (" + why +
           "). Restore it from backup; deleting it makes this node a new identity on the mesh";
}

std::string errno_text(const std::string& what, const fs::path& path) {
    return what + " " + path.string() + ": " + std::strerror(errno);
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

Identity Identity::from_seed(const std::array<std::uint8_t, 32>& seed) {
    ensure_sodium();
    Identity id;
    crypto_sign_seed_keypair(id.public_key_.data(), id.secret_key_.data(), seed.data());
    return id;
}

bool Identity::unseal(ByteView box, std::span<std::uint8_t> out) const {
    if (box.size() != out.size() + crypto_box_SEALBYTES) return false;
    std::array<unsigned char, crypto_box_PUBLICKEYBYTES> pk{};
    std::array<unsigned char, crypto_box_SECRETKEYBYTES> sk{};
    bool ok = crypto_sign_ed25519_pk_to_curve25519(pk.data(), public_key_.data()) == 0 &&
              crypto_sign_ed25519_sk_to_curve25519(sk.data(), secret_key_.data()) == 0 &&
              crypto_box_seal_open(out.data(), box.data(), box.size(), pk.data(), sk.data()) == 0;
    sodium_memzero(sk.data(), sk.size());
    return ok;
}

std::array<std::uint8_t, 32> Identity::seed() const {
    std::array<std::uint8_t, 32> out{};
    crypto_sign_ed25519_sk_to_seed(out.data(), secret_key_.data());
    return out;
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
        return fail(damaged(
            path, "it holds " +
                      std::string(n > static_cast<ssize_t>(kSecretKeySize) ? "more than " : "") +
                      std::to_string(std::max<ssize_t>(n, 0)) + " bytes, a key is " +
                      std::to_string(kSecretKeySize)));
    }
    Identity id;
    // Rebuild the pair from the seed (the first half) and compare with the stored public half:
    // signing with a mismatched public key is unsafe, and a flipped bit must not go unnoticed.
    std::array<std::uint8_t, kSecretKeySize> rebuilt{};
    crypto_sign_seed_keypair(id.public_key_.data(), rebuilt.data(), buffer);
    bool consistent = sodium_memcmp(rebuilt.data(), buffer, kSecretKeySize) == 0;
    std::copy(rebuilt.begin(), rebuilt.end(), id.secret_key_.begin());
    sodium_memzero(rebuilt.data(), rebuilt.size());
    sodium_memzero(buffer, sizeof buffer);
    if (!consistent) return fail(damaged(path, "its two halves do not belong together"));
    return id;
}

Result<Identity, std::string> Identity::load_or_create(const fs::path& dir) {
    fs::path path = dir / kNodeKeyFile;
    std::error_code ec;
    if (fs::exists(path, ec)) return load(dir);
    fs::create_directories(dir, ec);
    if (ec) return fail("cannot create data directory " + dir.string() + ": " + ec.message());

    Identity id = generate();
    auto written = write_file_atomically(path, id.secret_key_, 0600, IfExists::keep);
    if (!written && written.error().already_exists) return load(dir);  // another process won
    if (!written) return fail(written.error().text);
    return id;
}

Signature Identity::sign(ByteView data) const {
    Signature sig;
    crypto_sign_detached(sig.data(), nullptr, data.data(), data.size(), secret_key_.data());
    return sig;
}

}  // namespace baken
