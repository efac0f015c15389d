// See csv.h.
#include "picture/export/csv.h"

#include <cstdio>
#include <vector>

#include "picture/export/time_text.h"

namespace baken::picture {

std::string csv_cell(std::string_view text) {
    std::string cell(text);
    if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' ||
                          cell[0] == '\t' || cell[0] == '\r'))
        cell.insert(cell.begin(), '\'');
    if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
    std::string quoted = "\"";
    for (char c : cell) {
        if (c == '"') quoted.push_back('"');
        quoted.push_back(c);
    }
    quoted.push_back('"');
    return quoted;
}

namespace {

std::string number_text(double d) {
    char text[32];
    int n = std::snprintf(text, sizeof text, "%.6g", d);
    return std::string(text, n > 0 ? static_cast<std::size_t>(n) : 0);
}

void row(std::string& out, const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) out.push_back(',');
        out += csv_cell(cells[i]);
    }
    out += "\r\n";
}

void support_points(const v1::Picture& p, std::string& out) {
    row(out, {"support_point", "name", "municipality", "condition", "openness", "power",
              "fuel_hours", "drinking_water", "visitors", "comms", "note", "open_needs", "latitude",
              "longitude", "status_time", "status_age_s", "stale", "message_id"});
    for (const v1::SupportPointView& v : p.support_points()) {
        const v1::SupportPointStatus& s = v.status();
        row(out, {v.support_point(), v.name(), v.municipality(), v1::Condition_Name(v.condition()),
                  v1::Openness_Name(s.openness()), v1::PowerSource_Name(s.power()),
                  number_text(s.fuel_hours()), v1::Availability_Name(s.drinking_water()),
                  std::to_string(s.visitors()), s.comms(), s.note(), std::to_string(v.open_needs()),
                  number_text(s.latitude()), number_text(s.longitude()),
                  v.has_source() ? utc_text(v.source().created_ms()) : "",
                  v.has_source() ? std::to_string(v.source().age_s()) : "",
                  v.stale() ? "true" : "false", v.source().message_id()});
    }
}

void needs(const v1::Picture& p, std::string& out) {
    row(out,
        {"need_id", "support_point", "municipality", "category", "quantity", "unit", "urgency",
         "precedence", "state", "state_since", "assigned_to", "note", "text", "created", "age_s"});
    for (const v1::NeedView& n : p.needs()) {
        row(out,
            {n.need_id(), n.support_point(), n.municipality(), v1::NeedCategory_Name(n.category()),
             number_text(n.quantity()), n.unit(), v1::Urgency_Name(n.urgency()),
             v1::Precedence_Name(n.source().precedence()), v1::NeedState_Name(n.state()),
             utc_text(n.state_since_ms()), n.assigned_to(), n.note(), n.text(),
             utc_text(n.source().created_ms()), std::to_string(n.source().age_s())});
    }
}

void sitreps(const v1::Picture& p, std::string& out) {
    row(out, {"municipality", "pillar", "topic", "severity", "text", "area", "phase", "created",
              "age_s", "author", "message_id"});
    for (const v1::MunicipalityView& m : p.municipalities()) {
        for (const v1::SitrepCell& c : m.cells()) {
            row(out,
                {m.municipality(), v1::Pillar_Name(c.pillar()), c.topic(),
                 v1::Severity_Name(c.severity()), c.text(), c.area(), v1::Phase_Name(c.phase()),
                 utc_text(c.source().created_ms()), std::to_string(c.source().age_s()),
                 c.source().author_name(), c.source().message_id()});
        }
    }
}

}  // namespace

std::string to_csv(const v1::Picture& picture, CsvTable table) {
    std::string out;
    switch (table) {
        case CsvTable::support_points:
            support_points(picture, out);
            break;
        case CsvTable::needs:
            needs(picture, out);
            break;
        case CsvTable::sitreps:
            sitreps(picture, out);
            break;
    }
    return out;
}

}  // namespace baken::picture
