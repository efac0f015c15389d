// CAP 1.2 routes (docs/api.md, docs/cap.md):
//   GET  /api/v1/export/cap        Atom feed of the active announcements
//   GET  /api/v1/export/cap/{id}   one announcement as a CAP alert (application/cap+xml)
//   POST /api/v1/import/cap        a CAP alert: a preview, or (confirm=yes) signed and relayed
// The announcements come straight from the store (not the picture): the export needs the
// stored message itself, and only the active ones are listed.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cctype>

#include "api/draft_signing.h"
#include "api/routes.h"
#include "cap/cap_mapping.h"
#include "cap/cap_reader.h"
#include "cap/cap_writer.h"
#include "common/log.h"
#include "message/envelope_codec.h"

namespace baken {
namespace http = boost::beast::http;

namespace {

constexpr std::string_view kCapPath = "/api/v1/export/cap";
constexpr std::size_t kMaxFeedEntries = 1000;
constexpr std::size_t kMaxHeldAlerts = 1000;

bool active(const v1::Announcement& a, std::int64_t now_ms) {
    return a.effective_ms() <= now_ms && (a.expires_ms() == 0 || a.expires_ms() > now_ms);
}

// "application/cap+xml; charset=utf-8" -> "application/cap+xml"
std::string media_type(std::string_view content_type) {
    std::string type(content_type.substr(0, content_type.find(';')));
    while (!type.empty() && type.back() == ' ') type.pop_back();
    for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return type;
}

HttpResponse cap_error(const HttpRequest& req, const cap::CapError& e) {
    using Kind = cap::CapError::Kind;
    switch (e.kind) {
        case Kind::too_large:
            return error(req, http::status::payload_too_large, "oversized", e.describe());
        case Kind::not_xml:
        case Kind::invalid_cap:
            return error(req, http::status::unprocessable_entity, "invalid_cap", e.describe());
        case Kind::unsupported:
            return error(req, http::status::unprocessable_entity, "unsupported_cap", e.describe());
        case Kind::no_area:
            return error(req, http::status::bad_request, "bad_request", e.describe());
        case Kind::internal:
            break;
    }
    log::error("api", "CAP: " + e.describe());
    return error(req, http::status::internal_server_error, "cap_error", e.describe());
}

// The imported announcements this node holds from itself (not expired, newest first, at most
// kMaxHeldAlerts): how a re-import is known as a duplicate and what an Update can replace.
std::vector<cap::HeldAlert> held_alerts(const Store& store, const PublicKey& node_key,
                                        std::int64_t now_ms) {
    StoreQuery query;
    query.kind = v1::Body::kAnnouncement;
    query.author = node_key;
    query.include_expired = false;
    query.now_ms = now_ms;
    query.limit = kMaxHeldAlerts;
    std::vector<cap::HeldAlert> held;
    for (const StoredMessage& stored : store.list(query)) {
        auto decoded = decode_and_verify(as_bytes(stored.envelope_bytes));
        if (!decoded) {
            log::error("store", "stored message " + to_hex(stored.id) + " is damaged (" +
                                    describe(decoded.error()) + "); not matched to CAP alerts");
            continue;
        }
        if (!decoded->message.body().has_announcement()) continue;
        if (auto alert = cap::held_alert(decoded->message, stored.id))
            held.push_back(std::move(alert).value());
    }
    return held;
}

google::protobuf::Value text_value(std::string text) {
    google::protobuf::Value v;
    v.set_string_value(std::move(text));
    return v;
}

}  // namespace

HttpResponse ApiRoutes::cap_export(const HttpRequest& req, std::string_view rest) {
    const std::int64_t now = ctx_.clock.now_ms();
    if (!rest.empty()) {
        // One alert: /api/v1/export/cap/{id}, id as for GET /api/v1/messages/{id}.
        auto stored = find_message(req, rest.substr(1));
        if (!stored) return stored.error();
        const std::string hex = to_hex(stored->id);
        auto decoded = decode_and_verify(as_bytes(stored->envelope_bytes));
        if (!decoded) {
            log::error("store", "stored message " + to_hex(stored->id) + " is damaged (" +
                                    describe(decoded.error()) + ")");
            return error(req, http::status::internal_server_error, "storage_error",
                         "stored message is damaged on disk: " + describe(decoded.error()));
        }
        if (!decoded->message.body().has_announcement()) {
            return error(req, http::status::not_found, "not_found",
                         "message " + hex + " is not an announcement; only those export as CAP");
        }
        auto xml = cap::write_cap(cap::export_alert(decoded->message, decoded->id));
        if (!xml) return cap_error(req, xml.error());
        return respond(req, http::status::ok, std::move(xml).value(), cap::kCapMediaType);
    }

    StoreQuery query;
    query.kind = v1::Body::kAnnouncement;
    query.now_ms = now;
    query.limit = kMaxFeedEntries;
    cap::Feed feed;
    const std::string node_key = to_hex(ctx_.identity.public_key());
    feed.id = "urn:baken:node:" + node_key + ":cap";
    feed.title = "Baken: CAP alerts of " + ctx_.node_name;
    feed.author = ctx_.node_name;
    feed.self_href = std::string(kCapPath);
    for (const StoredMessage& stored : ctx_.store.list(query)) {
        auto decoded = decode_and_verify(as_bytes(stored.envelope_bytes));
        if (!decoded) {
            log::error("store", "stored message " + to_hex(stored.id) + " is damaged (" +
                                    describe(decoded.error()) + "); not exported");
            continue;
        }
        const v1::Message& m = decoded->message;
        if (!m.body().has_announcement() || !active(m.body().announcement(), now)) continue;
        const std::string hex = to_hex(stored.id);
        cap::FeedEntry entry;
        entry.id = "urn:baken:message:" + hex;
        entry.title = m.body().announcement().headline().nl();
        entry.summary = "CAP " + cap::export_identifier(m, stored.id);
        entry.updated_ms = m.created_ms();
        entry.href = std::string(kCapPath) + "/" + hex;
        feed.updated_ms = std::max(feed.updated_ms, entry.updated_ms);
        feed.entries.push_back(std::move(entry));
    }
    if (feed.entries.empty()) feed.updated_ms = ctx_.started_ms;
    auto xml = cap::write_atom_feed(feed);
    if (!xml) return cap_error(req, xml.error());
    return respond(req, http::status::ok, std::move(xml).value(), "application/atom+xml");
}

HttpResponse ApiRoutes::cap_import(const HttpRequest& req, const Query& query) {
    bool confirm = false;
    cap::ImportOptions options;
    options.now_ms = ctx_.clock.now_ms();
    for (const auto& [key, value] : query) {
        if (key == "confirm" && (value == "yes" || value == "no")) {
            confirm = value == "yes";
        } else if (key == "area") {
            options.area = value;
        } else {
            return error(req, http::status::bad_request, "bad_request",
                         "query parameters are confirm=yes|no and area=CODE, got '" + key + "'");
        }
    }
    const std::string type = media_type(std_view(req[http::field::content_type]));
    if (type != "application/xml" && type != "application/cap+xml" && type != "text/xml") {
        return error(req, http::status::unsupported_media_type, "unsupported_media_type",
                     "send the CAP alert as Content-Type: application/cap+xml (or "
                     "application/xml)");
    }
    auto alert = cap::read_cap(req.body());
    if (!alert) return cap_error(req, alert.error());
    options.held = held_alerts(ctx_.store, ctx_.identity.public_key(), options.now_ms);
    auto imported = cap::import_alert(*alert, options);
    if (!imported) return cap_error(req, imported.error());

    if (!confirm) {
        google::protobuf::Struct preview;
        auto& fields = *preview.mutable_fields();
        std::string draft_json;
        google::protobuf::util::JsonPrintOptions print;
        print.preserve_proto_field_names = true;
        (void)google::protobuf::util::MessageToJsonString(imported->draft, &draft_json, print);
        (void)google::protobuf::util::JsonStringToMessage(draft_json,
                                                          fields["draft"].mutable_struct_value());
        auto* notes = fields["notes"].mutable_list_value();
        for (std::string& note : imported->notes) *notes->add_values() = text_value(note);
        fields["signed_by"] = text_value(ctx_.identity.fingerprint());
        fields["relay"] = text_value(
            "not relayed yet: POST the same alert with ?confirm=yes to sign it as this node and "
            "relay it over the mesh as an announcement");
        return json(req, http::status::ok, preview);
    }

    // The same alert (sender, identifier, sent) imported before: answered like a duplicate
    // message, nothing signed (signing again would make a new message: created now).
    if (const cap::HeldAlert* held = cap::find_held(options.held, *alert)) {
        v1::PostResult result;
        result.set_id(held->message_id);
        result.set_duplicate(true);
        return json(req, http::status::ok, result);
    }
    auto message = message_from_draft(imported->draft, options.now_ms, ctx_.default_ttl_seconds);
    if (!message) return error(req, http::status::bad_request, "bad_json", message.error());
    DecodedMessage signed_message = sign_message(ctx_.identity, std::move(message).value());
    // Signed here, validated like any message from anywhere (authorisation included): one path.
    return verdict_response(req, ctx_.validation.submit(as_bytes(signed_message.envelope_bytes)),
                            "cap import " + alert->identifier);
}

}  // namespace baken
