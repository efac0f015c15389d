// Valid messages of every kind for tests, fuzz seeds and benchmarks.
#pragma once

#include <cstdint>
#include <string>

#include "baken/v1/message.pb.h"
#include "crypto/identity.h"
#include "message/decoded_message.h"

namespace baken::testing {

// A fixed time well inside the validity of every sample: 2026-11-29T12:00:00Z.
inline constexpr std::int64_t kSampleNowMs = 1795953600000;

// A header (format version, precedence, created now, expires in a day) around `body`.
v1::Message sample_message(v1::Body body, v1::Precedence precedence = v1::ROUTINE,
                           std::int64_t created_ms = kSampleNowMs);

v1::Body sample_sitrep_body(const std::string& text = "Stroomstoring in de hele wijk");
v1::Body sample_status_body();
v1::Body sample_need_body();
v1::Body sample_need_update_body();
v1::Body sample_announcement_body();
v1::Body sample_node_info_body();
v1::Body sample_credential_body();
v1::Body sample_revocation_body();

// A signed sitrep by `author`, with a text made distinct by `serial`.
DecodedMessage signed_sitrep(const Identity& author, int serial,
                             v1::Precedence precedence = v1::ROUTINE,
                             std::int64_t created_ms = kSampleNowMs);

}  // namespace baken::testing
