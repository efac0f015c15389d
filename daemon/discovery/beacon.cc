// See beacon.h.
#include "discovery/beacon.h"

#include <sodium.h>

#include <algorithm>

namespace baken::discovery {
namespace {

constexpr std::string_view kMagic = "BKNB";
constexpr std::uint8_t kVersion = 1;
constexpr std::string_view kSignaturePrefix = "baken/v1/beacon\n";
constexpr std::size_t kFixedBytes = 4 + 1 + 32 + 2 + 1;

std::string signed_part(std::string_view body) {
    return std::string(kSignaturePrefix) + std::string(body);
}

// Cuts at most `max` bytes without splitting a UTF-8 sequence.
std::string cut_utf8(const std::string& text, std::size_t max) {
    if (text.size() <= max) return text;
    std::size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end);
}

}  // namespace

std::string encode_beacon(const Identity& identity, std::uint16_t sync_port,
                          const std::string& name) {
    std::string body(kMagic);
    body.push_back(static_cast<char>(kVersion));
    body.append(reinterpret_cast<const char*>(identity.public_key().data()), kPublicKeySize);
    body.push_back(static_cast<char>(sync_port >> 8));
    body.push_back(static_cast<char>(sync_port & 0xff));
    std::string short_name = cut_utf8(name, kMaxNameBytes);
    body.push_back(static_cast<char>(short_name.size()));
    body += short_name;
    Signature sig = identity.sign(as_bytes(signed_part(body)));
    body.append(reinterpret_cast<const char*>(sig.data()), sig.size());
    return body;
}

Result<Beacon, std::string> decode_beacon(ByteView bytes) {
    std::string_view in = as_chars(bytes);
    if (in.size() < kFixedBytes + kSignatureSize || in.size() > kMaxBeaconBytes) {
        return fail(std::string("not a beacon: wrong size"));
    }
    if (in.substr(0, 4) != kMagic) return fail(std::string("not a beacon: wrong magic"));
    if (static_cast<std::uint8_t>(in[4]) != kVersion)
        return fail(std::string("beacon of an unknown version"));
    std::size_t name_size = static_cast<std::uint8_t>(in[kFixedBytes - 1]);
    if (name_size > kMaxNameBytes || in.size() != kFixedBytes + name_size + kSignatureSize) {
        return fail(std::string("not a beacon: name length does not match"));
    }
    std::string_view body = in.substr(0, kFixedBytes + name_size);
    std::string_view sig = in.substr(body.size());
    Beacon beacon;
    std::copy(in.begin() + 5, in.begin() + 5 + kPublicKeySize, beacon.node_key.begin());
    std::string message = signed_part(body);
    if (crypto_sign_verify_detached(reinterpret_cast<const std::uint8_t*>(sig.data()),
                                    reinterpret_cast<const std::uint8_t*>(message.data()),
                                    message.size(), beacon.node_key.data()) != 0) {
        return fail(std::string("beacon with a bad signature"));
    }
    beacon.sync_port = static_cast<std::uint16_t>(static_cast<std::uint8_t>(in[37]) << 8 |
                                                  static_cast<std::uint8_t>(in[38]));
    beacon.name = std::string(in.substr(kFixedBytes, name_size));
    return beacon;
}

}  // namespace baken::discovery
