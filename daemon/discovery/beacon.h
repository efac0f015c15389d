// LAN discovery beacons: what a node shouts on the local network so peers can find it
// without configuration. Sans-IO: bytes in, a verified beacon or a reason out.
//
// Layout (all of it signed by the node's Ed25519 key):
//
//   "BKNB" | version (1) = 1 | node key (32) | sync port (2, big-endian)
//   | name length (1, <= 64) | name (UTF-8) | signature (64)
//
// signature = Ed25519("baken/v1/beacon\n" || every byte before it). A beacon says no more
// than a laptop's name would: the key, the port, the name. Replaying one only makes a node try
// to connect; the sync handshake then demands proof of the key.
#pragma once

#include <cstdint>
#include <string>

#include "common/result.h"
#include "crypto/identity.h"

namespace baken::discovery {

inline constexpr std::size_t kMaxNameBytes = 64;
inline constexpr std::size_t kMaxBeaconBytes = 4 + 1 + 32 + 2 + 1 + kMaxNameBytes + 64;

struct Beacon {
    PublicKey node_key{};
    std::uint16_t sync_port = 0;
    std::string name;
};

// The name is cut to kMaxNameBytes (at a UTF-8 character boundary).
std::string encode_beacon(const Identity& identity, std::uint16_t sync_port,
                          const std::string& name);
// Errors (for a debug log line; beacons from other software are normal): wrong size or magic,
// unknown version, bad signature.
Result<Beacon, std::string> decode_beacon(ByteView bytes);

}  // namespace baken::discovery
