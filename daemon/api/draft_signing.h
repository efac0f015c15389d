// Turning a Draft into a signed message and a validation verdict into an HTTP answer: the
// steps every route that posts as this node shares (POST /api/v1/messages in routes.cc,
// POST /api/v1/import/cap in cap_routes.cc).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "api/http_reply.h"
#include "baken/v1/api.pb.h"
#include "common/result.h"
#include "message/reject.h"
#include "validation/validation_path.h"

namespace baken {

// The unsigned message for `draft`: format version, precedence, created now, expires after
// the draft's ttl (0: `default_ttl_seconds`), supersedes, and the body (moved out of the
// draft). The caller adds anything else (sealed content), then signs with sign_message().
// Error: a sentence naming the field (ttl_seconds out of range, supersedes not an id), for a
// 400 bad_json.
Result<v1::Message, std::string> message_from_draft(v1::Draft& draft, std::int64_t now_ms,
                                                    std::int64_t default_ttl_seconds);

// The HTTP status for a refusal: 403 for authorisation, 507 storage full, 500 storage
// error, 422 for the rest (docs/api.md).
boost::beast::http::status status_for(RejectCode code);

// 201 (stored) or 200 (already held) with a PostResult, or the refusal as an ApiError; the
// outcome is logged with `source` ("post", "cap import").
HttpResponse verdict_response(const HttpRequest& req, const Verdict& verdict,
                              std::string_view source);

}  // namespace baken
