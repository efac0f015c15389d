// See draft_signing.h.
#include "api/draft_signing.h"

#include "common/bytes.h"
#include "common/log.h"
#include "message/limits.h"

namespace baken {
namespace http = boost::beast::http;

Result<v1::Message, std::string> message_from_draft(v1::Draft& draft, std::int64_t now_ms,
                                                    std::int64_t default_ttl_seconds) {
    constexpr std::int64_t kMaxTtlSeconds = limits::kMaxLifetimeMs / 1000;
    if (draft.ttl_seconds() < 0 || draft.ttl_seconds() > kMaxTtlSeconds) {
        return fail("ttl_seconds must be 0 (the default) up to " + std::to_string(kMaxTtlSeconds) +
                    " (90 days), got " + std::to_string(draft.ttl_seconds()));
    }
    v1::Message message;
    message.set_format_version(limits::kFormatVersion);
    message.set_precedence(draft.precedence());
    const std::int64_t ttl = draft.ttl_seconds() > 0 ? draft.ttl_seconds() : default_ttl_seconds;
    message.set_created_ms(now_ms);
    message.set_expires_ms(now_ms + ttl * 1000);
    if (!draft.supersedes().empty()) {
        auto id = from_hex(draft.supersedes());
        if (!id || id->size() != kMessageIdSize)
            return fail(std::string("supersedes must be a 64-hex message id"));
        message.set_supersedes(id->data(), id->size());
    }
    *message.mutable_body() = std::move(*draft.mutable_body());
    return message;
}

http::status status_for(RejectCode code) {
    switch (code) {
        case RejectCode::storage_full:
            return http::status::insufficient_storage;
        case RejectCode::storage_error:
            return http::status::internal_server_error;
        case RejectCode::unknown_author:
        case RejectCode::untrusted_issuer:
        case RejectCode::wrong_role:
        case RejectCode::wrong_scope:
        case RejectCode::credential_expired:
        case RejectCode::credential_not_yet_valid:
        case RejectCode::revoked:
            return http::status::forbidden;
        default:
            return http::status::unprocessable_entity;
    }
}

HttpResponse verdict_response(const HttpRequest& req, const Verdict& verdict,
                              std::string_view source) {
    if (!verdict) {
        const Reject& r = verdict.error();
        log::info("api", std::string(source) + " refused: " + describe(r));
        return error(req, status_for(r.code), reject_code_name(r.code), describe(r));
    }
    v1::PostResult result;
    result.set_id(to_hex(verdict->id));
    result.set_duplicate(verdict->duplicate);
    if (!verdict->duplicate) log::info("api", std::string(source) + " stored " + result.id());
    return json(req, verdict->duplicate ? http::status::ok : http::status::created, result);
}

}  // namespace baken
