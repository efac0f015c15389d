// See root_key_file.h.
#include "trust/root_key_file.h"

#include <sodium.h>

#include <fstream>
#include <iterator>
#include <string_view>

#include "common/atomic_file.h"

namespace baken::trust {

namespace {

constexpr std::string_view kMagic = "BAKEN-REGION-ROOT/1\n";
constexpr std::size_t kSaltBytes = crypto_pwhash_SALTBYTES;
constexpr std::size_t kNonceBytes = crypto_secretbox_NONCEBYTES;
constexpr std::size_t kSeedBytes = 32;
constexpr std::size_t kBoxBytes = crypto_secretbox_MACBYTES + kSeedBytes;
constexpr std::size_t kFileBytes = kMagic.size() + 8 + 8 + kSaltBytes + kNonceBytes + kBoxBytes;
// Refuse files asking for more than this: a crafted file must not exhaust the machine.
constexpr std::uint64_t kMaxMemlimit = 1ull << 30;
constexpr std::uint64_t kMaxOpslimit = 16;

void put_u64(std::string& out, std::uint64_t v) {
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(v >> shift));
}

std::uint64_t get_u64(const unsigned char* in) {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = v << 8 | in[i];
    return v;
}

using BoxKey = std::array<unsigned char, crypto_secretbox_KEYBYTES>;

bool stretch(BoxKey& key, const std::string& passphrase, const unsigned char* salt,
             PassphraseCost cost) {
    return crypto_pwhash(key.data(), key.size(), passphrase.data(), passphrase.size(), salt,
                         cost.opslimit, static_cast<std::size_t>(cost.memlimit),
                         crypto_pwhash_ALG_ARGON2ID13) == 0;
}

}  // namespace

PassphraseCost PassphraseCost::moderate() {
    return {crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE};
}

PassphraseCost PassphraseCost::minimum() {
    return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

Result<Done, std::string> write_root_key_file(const std::filesystem::path& path,
                                              const Identity& root, const std::string& passphrase,
                                              PassphraseCost cost) {
    ensure_sodium();
    if (passphrase.size() < 8)
        return fail(std::string("the passphrase needs 8 characters or more"));
    std::string file(kMagic);
    put_u64(file, cost.opslimit);
    put_u64(file, cost.memlimit);
    unsigned char salt[kSaltBytes], nonce[kNonceBytes];
    randombytes_buf(salt, sizeof salt);
    randombytes_buf(nonce, sizeof nonce);
    BoxKey key{};
    if (!stretch(key, passphrase, salt, cost)) {
        return fail(std::string("not enough memory to protect the key with the passphrase"));
    }
    unsigned char box[kBoxBytes];
    auto seed = root.seed();
    crypto_secretbox_easy(box, seed.data(), seed.size(), nonce, key.data());
    sodium_memzero(seed.data(), seed.size());
    sodium_memzero(key.data(), key.size());
    file.append(reinterpret_cast<const char*>(salt), sizeof salt);
    file.append(reinterpret_cast<const char*>(nonce), sizeof nonce);
    file.append(reinterpret_cast<const char*>(box), sizeof box);
    auto written = write_file_atomically(path, as_bytes(file), 0600, IfExists::keep);
    if (!written) {
        return fail(written.error().already_exists
                        ? path.string() + " exists already; a region root is never overwritten"
                        : written.error().text);
    }
    return Done{};
}

Result<Identity, std::string> read_root_key_file(const std::filesystem::path& path,
                                                 const std::string& passphrase) {
    ensure_sodium();
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail("cannot read " + path.string());
    std::string file;
    file.resize(kFileBytes + 1);
    in.read(file.data(), static_cast<std::streamsize>(file.size()));
    file.resize(static_cast<std::size_t>(in.gcount()));
    if (file.size() != kFileBytes || !file.starts_with(kMagic)) {
        return fail(path.string() + " is not a Baken region root file");
    }
    const auto* p = reinterpret_cast<const unsigned char*>(file.data()) + kMagic.size();
    PassphraseCost cost{get_u64(p), get_u64(p + 8)};
    if (cost.opslimit > kMaxOpslimit || cost.memlimit > kMaxMemlimit ||
        cost.opslimit < crypto_pwhash_OPSLIMIT_MIN || cost.memlimit < crypto_pwhash_MEMLIMIT_MIN) {
        return fail(path.string() + " asks for a passphrase cost this program refuses");
    }
    const unsigned char* salt = p + 16;
    const unsigned char* nonce = salt + kSaltBytes;
    const unsigned char* box = nonce + kNonceBytes;
    BoxKey key{};
    if (!stretch(key, passphrase, salt, cost)) {
        return fail(std::string("not enough memory to open the key with the passphrase"));
    }
    std::array<std::uint8_t, kSeedBytes> seed{};
    int opened = crypto_secretbox_open_easy(seed.data(), box, kBoxBytes, nonce, key.data());
    sodium_memzero(key.data(), key.size());
    if (opened != 0) return fail("wrong passphrase, or " + path.string() + " is damaged");
    Identity root = Identity::from_seed(seed);
    sodium_memzero(seed.data(), seed.size());
    return root;
}

}  // namespace baken::trust
