// See picture_text.h.
#include "picture_text.h"

#include "enum_names.h"
#include "table.h"
#include "terminal_text.h"
#include "time_text.h"

namespace baken::cli {
namespace {

template <typename Enum>
std::string name_of(Enum value, const google::protobuf::EnumDescriptor* type) {
    const auto* v = type->FindValueByNumber(static_cast<int>(value));
    return v && v->number() != 0 ? friendly_enum_name(*v) : "-";
}

std::string age(const v1::Source& s) {
    return format_duration(s.age_s()) + " ago";
}

std::string condition_text(v1::Condition c) {
    switch (c) {
        case v1::CONDITION_OK:
            return "OK";
        case v1::CONDITION_STRAINED:
            return "STRAINED";
        case v1::CONDITION_CRITICAL:
            return "CRITICAL";
        default:
            return "UNKNOWN";
    }
}

void support_points(const v1::Picture& p, std::size_t width, std::string& out) {
    out += "SUPPORT POINTS\n";
    if (p.support_points_size() == 0) {
        out += "  none reported yet\n\n";
        return;
    }
    std::vector<Row> rows;
    for (const v1::SupportPointView& v : p.support_points()) {
        const v1::SupportPointStatus& s = v.status();
        bool has = v.has_status();
        rows.push_back({printable(v.support_point()), printable(v.name()),
                        condition_text(v.condition()),
                        has ? name_of(s.openness(), v1::Openness_descriptor()) : "-",
                        has ? name_of(s.power(), v1::PowerSource_descriptor()) : "-",
                        has ? name_of(s.drinking_water(), v1::Availability_descriptor()) : "-",
                        has ? std::to_string(s.visitors()) : "-", std::to_string(v.open_needs()),
                        has ? age(v.source()) + (v.stale() ? " STALE" : "") : "no status"});
    }
    out += render_table(
        {"POINT", "NAME", "CONDITION", "OPEN", "POWER", "WATER", "VISITORS", "NEEDS", "STATUS"},
        rows, width);
    out += "\n";
}

std::string quantity_text(const v1::NeedView& n) {
    if (n.quantity() == 0) return "-";
    char text[32];
    std::snprintf(text, sizeof text, "%g", n.quantity());
    return std::string(text) + (n.unit().empty() ? "" : " " + printable(n.unit()));
}

void needs(const v1::Picture& p, std::size_t width, std::string& out) {
    out += "NEEDS\n";
    if (p.needs_size() == 0) {
        out += "  none\n\n";
        return;
    }
    std::vector<Row> rows;
    for (const v1::NeedView& n : p.needs()) {
        std::string text = n.text();
        if (!n.assigned_to().empty()) text += " [" + n.assigned_to() + "]";
        if (!n.note().empty()) text += " (" + n.note() + ")";
        rows.push_back({n.need_id().substr(0, 8), printable(n.support_point()),
                        name_of(n.category(), v1::NeedCategory_descriptor()), quantity_text(n),
                        name_of(n.urgency(), v1::Urgency_descriptor()),
                        name_of(n.state(), v1::NeedState_descriptor()), age(n.source()),
                        printable(text)});
    }
    out += render_table({"NEED", "POINT", "WHAT", "HOW MUCH", "URGENCY", "STATE", "ASKED", "TEXT"},
                        rows, width);
    out += "\n";
}

void municipalities(const v1::Picture& p, std::size_t width, std::string& out) {
    for (const v1::MunicipalityView& m : p.municipalities()) {
        out += "SITREP " + printable(m.municipality()) + " (phase " +
               name_of(m.phase(), v1::Phase_descriptor()) + ")\n";
        std::vector<Row> rows;
        for (const v1::SitrepCell& c : m.cells()) {
            rows.push_back({name_of(c.pillar(), v1::Pillar_descriptor()), printable(c.topic()),
                            name_of(c.severity(), v1::Severity_descriptor()), age(c.source()),
                            printable(c.text())});
        }
        out += render_table({"PILLAR", "TOPIC", "SEVERITY", "REPORTED", "TEXT"}, rows, width);
        out += "\n";
    }
}

void announcements(const v1::Picture& p, std::size_t width, std::string& out) {
    out += "ANNOUNCEMENTS\n";
    if (p.announcements_size() == 0) {
        out += "  none in force\n\n";
        return;
    }
    std::vector<Row> rows;
    for (const v1::AnnouncementView& a : p.announcements()) {
        rows.push_back({a.state() == v1::ANNOUNCEMENT_PENDING ? "pending" : "active",
                        printable(a.announcement().audience_area()),
                        "until " + format_local_time(a.expires_ms()),
                        printable(a.announcement().headline().nl())});
    }
    out += render_table({"STATE", "FOR", "EXPIRES", "HEADLINE"}, rows, width);
    out += "\n";
}

void nodes(const v1::Picture& p, std::size_t width, std::string& out) {
    out += "NODES (heard through their messages)\n";
    std::vector<Row> rows;
    for (const v1::NodeView& n : p.nodes()) {
        rows.push_back({n.fingerprint().substr(0, 9), printable(n.name()), printable(n.role()),
                        printable(n.scope()), std::to_string(n.messages()),
                        n.last_message_ms() ? format_duration(n.silent_s()) + " ago" : "-"});
    }
    out += render_table({"NODE", "NAME", "ROLE", "SCOPE", "MESSAGES", "LAST MESSAGE"}, rows, width);
}

}  // namespace

std::string render_picture(const v1::Picture& p, std::size_t width) {
    std::string out = "Picture as of " + format_local_time(p.as_of_ms()) + ", " +
                      std::to_string(p.message_count()) + " messages";
    if (!p.digest().empty()) out += ", digest " + p.digest().substr(0, 16);
    out += "\n\n";
    support_points(p, width, out);
    needs(p, width, out);
    municipalities(p, width, out);
    announcements(p, width, out);
    nodes(p, width, out);
    return out;
}

}  // namespace baken::cli
