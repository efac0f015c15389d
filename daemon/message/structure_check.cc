// See structure_check.h. Each kind has one function; field paths in the details are the
// proto field names so a developer can find them and a person can recognise them.
#include "message/structure_check.h"

#include <cmath>
#include <initializer_list>
#include <string>
#include <string_view>

#include "message/kind.h"
#include "message/limits.h"

namespace baken {
namespace {

using Check = std::optional<Reject>;

Check missing(const std::string& field) {
    return Reject{RejectCode::missing_field, "required field " + field + " is empty"};
}
Check invalid(const std::string& field, const std::string& why) {
    return Reject{RejectCode::invalid_field, field + " " + why};
}

Check text(const std::string& field, const std::string& value, std::size_t max, bool required) {
    if (required && value.empty()) return missing(field);
    if (value.size() > max) {
        return invalid(field, "is " + std::to_string(value.size()) + " bytes, the limit is " +
                                  std::to_string(max));
    }
    return std::nullopt;
}

// A support point's id starts with its municipality's code ("GM0344-SP07" lies in GM0344):
// authorisation judges the point, the picture files it under the municipality, so the two
// must not disagree.
Check point_in_municipality(const std::string& field, const std::string& point,
                            const std::string& municipality) {
    if (point.size() > municipality.size() + 1 && point.starts_with(municipality) &&
        point[municipality.size()] == '-')
        return std::nullopt;
    return invalid(field, "must be the municipality's code, a dash and a name (like " +
                              municipality + "-SP07), got \"" + point.substr(0, 32) + "\"");
}

// A time CAP and every calendar can write: from 1970 up to the end of year 9999.
Check calendar_time(const std::string& field, std::int64_t ms) {
    if (ms < 0) return invalid(field, "must not be negative");
    if (ms > limits::kLatestTimeMs) return invalid(field, "lies after the year 9999");
    return std::nullopt;
}

// Proto3 enums are open: an unknown number survives parsing, so check it by name.
template <typename IsValid>
Check enumeration(const std::string& field, int value, IsValid is_valid, bool required = true) {
    if (!is_valid(value)) return invalid(field, "has unknown value " + std::to_string(value));
    if (required && value == 0) return missing(field);
    return std::nullopt;
}

Check municipality_code(const std::string& field, const std::string& value) {
    if (value.empty()) return missing(field);
    bool ok = value.size() == 6 && value.rfind("GM", 0) == 0 &&
              value.find_first_not_of("0123456789", 2) == std::string::npos;
    if (!ok)
        return invalid(field,
                       "must be a CBS code like GM0344, got \"" + value.substr(0, 16) + "\"");
    return std::nullopt;
}

Check finite_non_negative(const std::string& field, double value) {
    if (!std::isfinite(value) || value < 0) return invalid(field, "must be a number of at least 0");
    return std::nullopt;
}

Check sealed(const std::string& field, const v1::Sealed& s) {
    if (s.recipients_size() == 0 && s.ciphertext().empty()) return std::nullopt;  // none
    if (s.recipients_size() == 0) return missing(field + ".recipients");
    if (static_cast<std::size_t>(s.recipients_size()) > limits::kMaxSealedRecipients) {
        return invalid(field + ".recipients",
                       "has more than " + std::to_string(limits::kMaxSealedRecipients));
    }
    if (s.ciphertext().empty()) return missing(field + ".ciphertext");
    if (s.ciphertext().size() > limits::kMaxSealedBytes)
        return invalid(field + ".ciphertext", "is too large");
    for (const auto& r : s.recipients()) {
        if (r.key().size() != kPublicKeySize)
            return invalid(field + ".recipients.key", "must be 32 bytes");
        if (r.sealed_key().empty()) return missing(field + ".recipients.sealed_key");
    }
    return std::nullopt;
}

#define BAKEN_CHECK(expr)                 \
    do {                                  \
        if (Check c_ = (expr)) return c_; \
    } while (0)

Check check_sitrep(const v1::Sitrep& s) {
    BAKEN_CHECK(municipality_code("sitrep.municipality", s.municipality()));
    BAKEN_CHECK(text("sitrep.area", s.area(), limits::kMaxShortText, false));
    BAKEN_CHECK(enumeration("sitrep.phase", s.phase(), v1::Phase_IsValid));
    if (s.entries_size() == 0) return missing("sitrep.entries");
    if (static_cast<std::size_t>(s.entries_size()) > limits::kMaxSitrepEntries) {
        return invalid("sitrep.entries",
                       "has more than " + std::to_string(limits::kMaxSitrepEntries));
    }
    for (const auto& e : s.entries()) {
        BAKEN_CHECK(enumeration("sitrep.entries.pillar", e.pillar(), v1::Pillar_IsValid));
        BAKEN_CHECK(text("sitrep.entries.topic", e.topic(), limits::kMaxShortText, true));
        BAKEN_CHECK(enumeration("sitrep.entries.severity", e.severity(), v1::Severity_IsValid));
        BAKEN_CHECK(text("sitrep.entries.text", e.text(), limits::kMaxLongText, true));
        if (static_cast<std::size_t>(e.counts_size()) > limits::kMaxCountsPerEntry) {
            return invalid("sitrep.entries.counts", "has too many items");
        }
        for (const auto& c : e.counts()) {
            BAKEN_CHECK(
                text("sitrep.entries.counts.label", c.label(), limits::kMaxShortText, true));
            if (c.value() < 0)
                return invalid("sitrep.entries.counts.value", "must not be negative");
        }
    }
    return sealed("sitrep.restricted", s.restricted());
}

Check check_status(const v1::SupportPointStatus& s) {
    BAKEN_CHECK(
        text("support_point_status.support_point", s.support_point(), limits::kMaxShortText, true));
    BAKEN_CHECK(municipality_code("support_point_status.municipality", s.municipality()));
    BAKEN_CHECK(point_in_municipality("support_point_status.support_point", s.support_point(),
                                      s.municipality()));
    BAKEN_CHECK(enumeration("support_point_status.openness", s.openness(), v1::Openness_IsValid));
    BAKEN_CHECK(enumeration("support_point_status.power", s.power(), v1::PowerSource_IsValid));
    BAKEN_CHECK(finite_non_negative("support_point_status.fuel_hours", s.fuel_hours()));
    BAKEN_CHECK(enumeration("support_point_status.drinking_water", s.drinking_water(),
                            v1::Availability_IsValid));
    if (s.visitors() < 0) return invalid("support_point_status.visitors", "must not be negative");
    BAKEN_CHECK(text("support_point_status.comms", s.comms(), limits::kMaxShortText, false));
    BAKEN_CHECK(text("support_point_status.note", s.note(), limits::kMaxLongText, false));
    BAKEN_CHECK(text("support_point_status.name", s.name(), limits::kMaxShortText, false));
    if (!std::isfinite(s.latitude()) || std::abs(s.latitude()) > 90 ||
        !std::isfinite(s.longitude()) || std::abs(s.longitude()) > 180) {
        return invalid("support_point_status.latitude/longitude", "are not WGS84 coordinates");
    }
    return std::nullopt;
}

Check check_need(const v1::Need& n) {
    BAKEN_CHECK(text("need.support_point", n.support_point(), limits::kMaxShortText, true));
    BAKEN_CHECK(municipality_code("need.municipality", n.municipality()));
    BAKEN_CHECK(point_in_municipality("need.support_point", n.support_point(), n.municipality()));
    BAKEN_CHECK(enumeration("need.category", n.category(), v1::NeedCategory_IsValid));
    BAKEN_CHECK(finite_non_negative("need.quantity", n.quantity()));
    BAKEN_CHECK(text("need.unit", n.unit(), limits::kMaxShortText, false));
    BAKEN_CHECK(enumeration("need.urgency", n.urgency(), v1::Urgency_IsValid));
    BAKEN_CHECK(text("need.text", n.text(), limits::kMaxLongText, false));
    return sealed("need.restricted", n.restricted());
}

Check check_need_update(const v1::NeedUpdate& u) {
    if (u.need().empty()) return missing("need_update.need");
    if (u.need().size() != kMessageIdSize)
        return invalid("need_update.need", "must be a 32-byte message id");
    BAKEN_CHECK(enumeration("need_update.state", u.state(), v1::NeedState_IsValid));
    BAKEN_CHECK(municipality_code("need_update.municipality", u.municipality()));
    BAKEN_CHECK(text("need_update.note", u.note(), limits::kMaxLongText, false));
    return text("need_update.assigned_to", u.assigned_to(), limits::kMaxShortText, false);
}

Check localized(const std::string& field, const v1::LocalizedText& t, std::size_t max,
                bool required) {
    BAKEN_CHECK(text(field + ".nl", t.nl(), max, required));
    return text(field + ".en", t.en(), max, false);
}

// One of CAP 1.2's words for the field, or empty.
Check cap_word(const std::string& field, const std::string& value,
               std::initializer_list<std::string_view> allowed) {
    if (value.empty()) return std::nullopt;
    for (std::string_view word : allowed) {
        if (value == word) return std::nullopt;
    }
    return invalid(field, "is not a CAP 1.2 value: \"" + value.substr(0, 16) + "\"");
}

template <typename Items>
Check count(const std::string& field, const Items& items, std::size_t max) {
    if (static_cast<std::size_t>(items.size()) > max)
        return invalid(field, "has more than " + std::to_string(max) + " items");
    return std::nullopt;
}

Check cap_values(const std::string& field,
                 const google::protobuf::RepeatedPtrField<v1::CapValue>& values) {
    BAKEN_CHECK(count(field, values, limits::kMaxCapValues));
    for (const auto& v : values) {
        BAKEN_CHECK(text(field + ".name", v.name(), limits::kMaxShortText, true));
        BAKEN_CHECK(text(field + ".value", v.value(), limits::kMaxHeadline, false));
    }
    return std::nullopt;
}

Check cap_area(const v1::CapArea& area) {
    BAKEN_CHECK(
        text("announcement.cap_areas.description", area.description(), limits::kMaxLongText, true));
    if (static_cast<std::size_t>(area.polygons_size() + area.circles_size()) >
        limits::kMaxCapShapesPerArea) {
        return invalid("announcement.cap_areas", "has more than " +
                                                     std::to_string(limits::kMaxCapShapesPerArea) +
                                                     " polygons and circles");
    }
    for (const auto& p : area.polygons())
        BAKEN_CHECK(text("announcement.cap_areas.polygons", p, limits::kMaxCapShapeBytes, true));
    for (const auto& c : area.circles())
        BAKEN_CHECK(text("announcement.cap_areas.circles", c, limits::kMaxShortText, true));
    BAKEN_CHECK(cap_values("announcement.cap_areas.geocodes", area.geocodes()));
    BAKEN_CHECK(
        text("announcement.cap_areas.altitude", area.altitude(), limits::kMaxShortText, false));
    return text("announcement.cap_areas.ceiling", area.ceiling(), limits::kMaxShortText, false);
}

// The CAP fields an imported alert keeps (docs/cap.md); all optional, all bounded.
Check check_cap_fields(const v1::Announcement& a) {
    BAKEN_CHECK(cap_word("announcement.cap_status", a.cap_status(),
                         {"Actual", "Exercise", "System", "Test", "Draft"}));
    BAKEN_CHECK(
        cap_word("announcement.cap_msg_type", a.cap_msg_type(), {"Alert", "Update", "Cancel"}));
    BAKEN_CHECK(text("announcement.cap_source", a.cap_source(), limits::kMaxHeadline, false));
    BAKEN_CHECK(text("announcement.cap_note", a.cap_note(), limits::kMaxLongText, false));
    BAKEN_CHECK(
        text("announcement.cap_references", a.cap_references(), limits::kMaxLongText, false));
    BAKEN_CHECK(text("announcement.cap_incidents", a.cap_incidents(), limits::kMaxHeadline, false));
    BAKEN_CHECK(count("announcement.cap_codes", a.cap_codes(), limits::kMaxCapCodes));
    for (const auto& c : a.cap_codes())
        BAKEN_CHECK(text("announcement.cap_codes", c, limits::kMaxShortText, true));
    BAKEN_CHECK(localized("announcement.cap_event", a.cap_event(), limits::kMaxHeadline, false));
    BAKEN_CHECK(localized("announcement.cap_sender_name", a.cap_sender_name(), limits::kMaxHeadline,
                          false));
    BAKEN_CHECK(
        localized("announcement.cap_contact", a.cap_contact(), limits::kMaxHeadline, false));
    BAKEN_CHECK(text("announcement.cap_web", a.cap_web(), limits::kMaxHeadline, false));
    BAKEN_CHECK(count("announcement.cap_response_types", a.cap_response_types(),
                      limits::kMaxCapResponseTypes));
    for (const auto& r : a.cap_response_types()) {
        BAKEN_CHECK(cap_word("announcement.cap_response_types", r,
                             {"Shelter", "Evacuate", "Prepare", "Execute", "Avoid", "Monitor",
                              "Assess", "AllClear", "None"}));
        if (r.empty()) return missing("announcement.cap_response_types");
    }
    BAKEN_CHECK(calendar_time("announcement.cap_onset_ms", a.cap_onset_ms()));
    BAKEN_CHECK(count("announcement.cap_areas", a.cap_areas(), limits::kMaxCapAreas));
    for (const auto& area : a.cap_areas()) BAKEN_CHECK(cap_area(area));
    BAKEN_CHECK(cap_values("announcement.cap_event_codes", a.cap_event_codes()));
    BAKEN_CHECK(cap_values("announcement.cap_parameters", a.cap_parameters()));
    BAKEN_CHECK(count("announcement.cap_extra_categories", a.cap_extra_categories(),
                      limits::kMaxCapExtraCategories));
    for (int c : a.cap_extra_categories())
        BAKEN_CHECK(enumeration("announcement.cap_extra_categories", c, v1::CapCategory_IsValid));
    BAKEN_CHECK(
        text("announcement.cap_language_nl", a.cap_language_nl(), limits::kMaxShortText, false));
    BAKEN_CHECK(
        text("announcement.cap_language_en", a.cap_language_en(), limits::kMaxShortText, false));
    // Real time zones lie within -12:00 .. +14:00; CAP's pattern allows up to 99:59.
    if (a.cap_utc_offset_minutes() < -24 * 60 || a.cap_utc_offset_minutes() > 24 * 60)
        return invalid("announcement.cap_utc_offset_minutes", "must be within 24 hours");
    return text("announcement.cap_audience", a.cap_audience(), limits::kMaxHeadline, false);
}

Check check_announcement(const v1::Announcement& a) {
    BAKEN_CHECK(text("announcement.audience_area", a.audience_area(), limits::kMaxShortText, true));
    BAKEN_CHECK(localized("announcement.headline", a.headline(), limits::kMaxHeadline, true));
    BAKEN_CHECK(localized("announcement.text", a.text(), limits::kMaxLongText, true));
    BAKEN_CHECK(
        localized("announcement.instruction", a.instruction(), limits::kMaxLongText, false));
    BAKEN_CHECK(enumeration("announcement.category", a.category(), v1::CapCategory_IsValid));
    BAKEN_CHECK(enumeration("announcement.urgency", a.urgency(), v1::CapUrgency_IsValid));
    BAKEN_CHECK(enumeration("announcement.severity", a.severity(), v1::CapSeverity_IsValid));
    BAKEN_CHECK(enumeration("announcement.certainty", a.certainty(), v1::CapCertainty_IsValid));
    BAKEN_CHECK(calendar_time("announcement.effective_ms", a.effective_ms()));
    BAKEN_CHECK(calendar_time("announcement.expires_ms", a.expires_ms()));
    if (a.expires_ms() != 0 && a.expires_ms() <= a.effective_ms()) {
        return invalid("announcement.expires_ms", "must be after effective_ms");
    }
    BAKEN_CHECK(
        text("announcement.cap_identifier", a.cap_identifier(), limits::kMaxHeadline, false));
    BAKEN_CHECK(text("announcement.cap_sender", a.cap_sender(), limits::kMaxHeadline, false));
    BAKEN_CHECK(calendar_time("announcement.cap_sent_ms", a.cap_sent_ms()));
    return check_cap_fields(a);
}

Check check_node_info(const v1::NodeInfo& n) {
    BAKEN_CHECK(text("node_info.name", n.name(), limits::kMaxShortText, true));
    BAKEN_CHECK(text("node_info.description", n.description(), limits::kMaxLongText, false));
    if (!n.encryption_key().empty() && n.encryption_key().size() != kPublicKeySize) {
        return invalid("node_info.encryption_key", "must be 32 bytes");
    }
    return std::nullopt;
}

Check check_credential(const v1::Credential& c) {
    if (c.subject().empty()) return missing("credential.subject");
    if (c.subject().size() != kPublicKeySize)
        return invalid("credential.subject", "must be a 32-byte key");
    BAKEN_CHECK(enumeration("credential.role", c.role(), v1::Role_IsValid));
    BAKEN_CHECK(text("credential.scope", c.scope(), limits::kMaxShortText, true));
    if (c.valid_until_ms() <= c.valid_from_ms()) {
        return invalid("credential.valid_until_ms", "must be after valid_from_ms");
    }
    return text("credential.subject_name", c.subject_name(), limits::kMaxShortText, false);
}

Check check_revocation(const v1::Revocation& r) {
    if (r.subject().empty()) return missing("revocation.subject");
    if (r.subject().size() != kPublicKeySize)
        return invalid("revocation.subject", "must be a 32-byte key");
    return text("revocation.reason", r.reason(), limits::kMaxLongText, false);
}

Check check_body(const v1::Body& body) {
    switch (body.kind_case()) {
        case v1::Body::kSitrep:
            return check_sitrep(body.sitrep());
        case v1::Body::kSupportPointStatus:
            return check_status(body.support_point_status());
        case v1::Body::kNeed:
            return check_need(body.need());
        case v1::Body::kNeedUpdate:
            return check_need_update(body.need_update());
        case v1::Body::kAnnouncement:
            return check_announcement(body.announcement());
        case v1::Body::kNodeInfo:
            return check_node_info(body.node_info());
        case v1::Body::kCredential:
            return check_credential(body.credential());
        case v1::Body::kRevocation:
            return check_revocation(body.revocation());
        case v1::Body::KIND_NOT_SET:
            break;
    }
    return Reject{RejectCode::unknown_kind, "the message body holds no kind this node knows"};
}

Check check_header(const DecodedMessage& d, std::int64_t now_ms) {
    const v1::Message& m = d.message;
    if (m.format_version() != limits::kFormatVersion) {
        return Reject{
            RejectCode::unsupported_version,
            "format_version " + std::to_string(m.format_version()) + ", this node speaks 1"};
    }
    BAKEN_CHECK(enumeration("precedence", m.precedence(), v1::Precedence_IsValid));
    if (m.created_ms() <= 0) return missing("created_ms");
    if (m.expires_ms() <= m.created_ms()) return invalid("expires_ms", "must be after created_ms");
    if (m.expires_ms() - m.created_ms() > limits::kMaxLifetimeMs) {
        return invalid("expires_ms", "is more than 90 days after created_ms");
    }
    if (!m.supersedes().empty() && m.supersedes().size() != kMessageIdSize) {
        return invalid("supersedes", "must be a 32-byte message id");
    }
    if (m.created_ms() > now_ms + limits::kMaxClockSkewMs) {
        return Reject{RejectCode::from_the_future,
                      "created " + std::to_string((m.created_ms() - now_ms) / 1000) +
                          " s ahead of this node's clock"};
    }
    if (m.expires_ms() <= now_ms) return Reject{RejectCode::expired, "expired before it arrived"};
    return std::nullopt;
}

}  // namespace

std::optional<Reject> check_structure(const DecodedMessage& decoded, std::int64_t now_ms) {
    // The kind is checked first so an unknown kind is reported as such, not as a missing field.
    if (decoded.message.body().kind_case() == v1::Body::KIND_NOT_SET) {
        return Reject{RejectCode::unknown_kind, "the message body holds no kind this node knows"};
    }
    BAKEN_CHECK(check_header(decoded, now_ms));
    return check_body(decoded.message.body());
}

}  // namespace baken
