// Optional compression of what a radio link carries: raw DEFLATE (zlib, RFC 1951) of a whole
// envelope before it is split into fragments. The receiver inflates it back to the exact signed
// bytes, so signatures and ids are untouched. zlib because it is what Debian and every radio
// peer already has, and DEFLATE saves 10-25 % on a sitrep's protobuf text fields.
#pragma once

#include <optional>
#include <string>

#include "common/bytes.h"

namespace baken::radio {

// The deflated bytes, or nullopt when they would not be smaller than the input.
std::optional<std::string> deflate_if_smaller(ByteView bytes);

// Inflates; nullopt for anything that is not complete raw DEFLATE data of at most `max_bytes`
// (a bomb stops at the bound, it is never inflated further).
std::optional<std::string> inflate_bounded(ByteView deflated, std::size_t max_bytes);

}  // namespace baken::radio
