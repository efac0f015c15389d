// See message_summary.h. One function per kind, picked by the body's oneof case.
#include "message_summary.h"

#include <cmath>
#include <sstream>

#include "common/bytes.h"
#include "enum_names.h"
#include "message/kind.h"

namespace baken::cli {
namespace {

constexpr const char* kDash = " \u2014 ";  // em dash between the facts and the free text
constexpr std::size_t kShortId = 12;

template <typename Enum>
std::string name_of(Enum value) {
    const auto* descriptor = google::protobuf::GetEnumDescriptor<Enum>()->FindValueByNumber(value);
    return descriptor ? friendly_enum_name(*descriptor) : std::to_string(static_cast<int>(value));
}

std::string upper(std::string text) {
    for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

std::string number(double value) {
    std::ostringstream out;
    out << value;  // 500, 2.5: no trailing zeros
    return out.str();
}

std::string with_text(std::string facts, const std::string& text) {
    return text.empty() ? facts : facts + kDash + text;
}

std::string short_hex(const std::string& bytes) {
    return to_hex(as_bytes(bytes)).substr(0, kShortId);
}

std::string sitrep(const v1::Sitrep& s) {
    std::string line = s.municipality();
    if (s.entries_size() == 0) return line + " (no entries)";
    const v1::SitrepEntry& e = s.entries(0);
    line += " " + name_of(e.pillar()) + "/" + e.topic() + ": " + upper(name_of(e.severity()));
    line = with_text(line, e.text());
    if (s.entries_size() > 1) line += " (+" + std::to_string(s.entries_size() - 1) + " more)";
    return line;
}

std::string status(const v1::SupportPointStatus& s) {
    std::string line =
        s.support_point() + (s.name().empty() ? "" : " " + s.name()) + ": " + name_of(s.openness());
    line += ", power " + name_of(s.power());
    if (s.fuel_hours() > 0) line += " (" + number(s.fuel_hours()) + " h fuel)";
    line += ", water " + name_of(s.drinking_water());
    if (s.visitors() > 0) line += ", " + std::to_string(s.visitors()) + " visitors";
    return with_text(line, s.note());
}

std::string need(const v1::Need& n) {
    std::string line = n.support_point() + " " + name_of(n.category());
    if (n.quantity() > 0)
        line += " " + number(n.quantity()) + (n.unit().empty() ? "" : " " + n.unit());
    line += ", " + name_of(n.urgency());
    return with_text(line, n.text());
}

std::string need_update(const v1::NeedUpdate& u) {
    std::string line = "need " + short_hex(u.need()) + ": " + name_of(u.state());
    if (!u.assigned_to().empty()) line += " (" + u.assigned_to() + ")";
    return with_text(line, u.note());
}

std::string announcement(const v1::Announcement& a) {
    return a.audience_area() + " [" + name_of(a.severity()) + "] " + a.headline().nl();
}

std::string credential(const v1::Credential& c) {
    std::string subject = c.subject_name().empty()
                              ? short_hex(c.subject())
                              : c.subject_name() + " (" + short_hex(c.subject()) + ")";
    return name_of(c.role()) + " " + c.scope() + " for " + subject;
}

}  // namespace

std::string message_summary(const v1::Message& message) {
    const v1::Body& body = message.body();
    switch (body.kind_case()) {
        case v1::Body::kSitrep:
            return sitrep(body.sitrep());
        case v1::Body::kSupportPointStatus:
            return status(body.support_point_status());
        case v1::Body::kNeed:
            return need(body.need());
        case v1::Body::kNeedUpdate:
            return need_update(body.need_update());
        case v1::Body::kAnnouncement:
            return announcement(body.announcement());
        case v1::Body::kNodeInfo:
            return with_text(body.node_info().name(), body.node_info().description());
        case v1::Body::kCredential:
            return credential(body.credential());
        case v1::Body::kRevocation:
            return with_text("revokes " + short_hex(body.revocation().subject()),
                             body.revocation().reason());
        case v1::Body::KIND_NOT_SET:
            break;
    }
    return "(a kind this baken does not know)";
}

std::string short_kind_name(v1::Body::KindCase kind) {
    if (kind == v1::Body::kSupportPointStatus) return "status";
    std::string name(kind_name(kind));
    for (char& c : name) c = c == '_' ? '-' : c;
    return name;
}

std::string_view fingerprint_group(std::string_view fingerprint) {
    return fingerprint.substr(0, fingerprint.find('-'));
}

}  // namespace baken::cli
