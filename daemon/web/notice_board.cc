// See notice_board.h. One function per section of the page; every string that came from a
// message goes through html_escape (e()) on its way out.
#include "web/notice_board.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string_view>

#include "trust/authorisation.h"

namespace baken::web {
namespace {

std::string e(std::string_view text) {
    return html_escape(text);
}

struct Words {
    Language lang;
    const char* operator()(const char* nl, const char* en) const {
        return lang == Language::nl ? nl : en;
    }
};

std::int64_t age_s(std::int64_t created_ms, std::int64_t now_ms) {
    return std::max<std::int64_t>(0, (now_ms - created_ms) / 1000);
}

// "14-03-2026 09:40 (3 uur geleden)"
std::string when(std::int64_t created_ms, std::int64_t now_ms, Language lang) {
    return clock_text(created_ms) + " (" + age_text(age_s(created_ms, now_ms), lang) + ")";
}

std::string number_text(double value) {
    if (!std::isfinite(value) || value < 0 || value > 1e12) return "?";
    if (value == std::floor(value)) return std::to_string(static_cast<std::int64_t>(value));
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", value);
    return buffer;
}

std::string page_start(const std::string& title, Language lang, bool refresh) {
    std::string out = "<!doctype html>\n<html lang=\"";
    out += lang == Language::nl ? "nl" : "en";
    out +=
        "\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    // A screen in the hall shows the board for hours: it reloads itself every 5 minutes.
    if (refresh) out += "<meta http-equiv=\"refresh\" content=\"300\">\n";
    out += "<title>" + e(title) + "</title>\n";
    out += "<link rel=\"stylesheet\" href=\"/notice/style.css\">\n</head>\n<body>\n";
    return out;
}

std::string language_switch(Language lang) {
    return lang == Language::nl
               ? "<p class=\"screen-only\"><a href=\"?lang=en\" lang=\"en\">English</a></p>\n"
               : "<p class=\"screen-only\"><a href=\"?lang=nl\" lang=\"nl\">Nederlands</a></p>\n";
}

const char* openness_text(v1::Openness o, Words w) {
    switch (o) {
        case v1::OPEN:
            return w("Open", "Open");
        case v1::LIMITED:
            return w("Beperkt open", "Partly open");
        case v1::CLOSED:
            return w("Gesloten", "Closed");
        default:
            return w("Onbekend", "Unknown");
    }
}

std::string power_text(const v1::SupportPointStatus& s, Words w) {
    switch (s.power()) {
        case v1::GRID:
            return w("Stroom van het net", "Mains power");
        case v1::GENERATOR: {
            std::string text = w("Stroom van een aggregaat", "Power from a generator");
            if (s.fuel_hours() > 0) {
                text += w(" (brandstof voor nog ongeveer ", " (fuel for about ");
                text += number_text(s.fuel_hours());
                text += w(" uur)", " hours)");
            }
            return text;
        }
        case v1::BATTERY:
            return w("Stroom van accu's", "Battery power");
        case v1::SOLAR:
            return w("Stroom van zonnepanelen", "Solar power");
        case v1::NO_POWER:
            return w("Geen stroom", "No power");
        default:
            return w("Stroom: onbekend", "Power: unknown");
    }
}

const char* water_text(v1::Availability a, Words w) {
    switch (a) {
        case v1::AVAILABLE:
            return w("Drinkwater beschikbaar", "Drinking water available");
        case v1::SCARCE:
            return w("Drinkwater beperkt beschikbaar", "Drinking water scarce");
        case v1::UNAVAILABLE:
            return w("Geen drinkwater", "No drinking water");
        default:
            return w("Drinkwater: onbekend", "Drinking water: unknown");
    }
}

const char* category_text(v1::NeedCategory c, Words w) {
    switch (c) {
        case v1::DRINKING_WATER:
            return w("Drinkwater", "Drinking water");
        case v1::FOOD:
            return w("Voedsel", "Food");
        case v1::MEDICAL:
            return w("Medisch", "Medical");
        case v1::POWER:
            return w("Stroom", "Power");
        case v1::FUEL:
            return w("Brandstof", "Fuel");
        case v1::TRANSPORT:
            return w("Vervoer", "Transport");
        case v1::SHELTER:
            return w("Onderdak", "Shelter");
        case v1::PEOPLE:
            return w("Vrijwilligers", "Volunteers");
        case v1::COMMUNICATION:
            return w("Communicatie", "Communication");
        default:
            return w("Overig", "Other");
    }
}

const char* need_state_text(v1::NeedState s, Words w) {
    switch (s) {
        case v1::ACKNOWLEDGED:
            return w("in behandeling bij de gemeente", "being handled by the municipality");
        case v1::IN_PROGRESS:
            return w("onderweg", "on its way");
        default:
            return w("aangevraagd", "requested");
    }
}

const char* severity_text(v1::Severity s, Words w) {
    switch (s) {
        case v1::NORMAL:
            return w("werkt normaal", "working normally");
        case v1::DEGRADED:
            return w("onder druk", "under pressure");
        case v1::DISRUPTED:
            return w("deels uitgevallen", "partly failing");
        case v1::FAILED:
            return w("uitgevallen", "not working");
        default:
            return w("onbekend", "unknown");
    }
}

// The English text when asked for and given, else the Dutch.
const std::string& localized(const v1::LocalizedText& text, Language lang) {
    return lang == Language::en && !text.en().empty() ? text.en() : text.nl();
}

std::string status_section(const v1::SupportPointView& point, Language lang, std::int64_t now_ms) {
    Words w{lang};
    std::string out = "<section class=\"status\">\n<h2>";
    out += w("Status van dit punt", "Status of this point");
    out += "</h2>\n";
    if (!point.has_status()) {
        out += "<p>";
        out += w("Er is nog geen status van dit punt ontvangen.",
                 "No status of this point has been received yet.");
        return out + "</p>\n</section>\n";
    }
    const v1::SupportPointStatus& s = point.status();
    out += "<p class=\"openness openness-" +
           std::string(s.openness() == v1::OPEN      ? "open"
                       : s.openness() == v1::CLOSED  ? "closed"
                       : s.openness() == v1::LIMITED ? "limited"
                                                     : "unknown") +
           "\">" + openness_text(s.openness(), w) + "</p>\n<ul class=\"facts\">\n";
    out += "<li>" + power_text(s, w) + "</li>\n";
    out += "<li>" + std::string(water_text(s.drinking_water(), w)) + "</li>\n";
    if (!s.comms().empty()) {
        out += "<li>";
        out += w("Contact met de gemeente via: ", "Contact with the municipality via: ");
        out += e(s.comms()) + "</li>\n";
    }
    out += "</ul>\n";
    if (!s.note().empty()) out += "<p class=\"note\">" + e(s.note()) + "</p>\n";
    out += "<p class=\"age\">";
    out += w("Status gemeld op ", "Status reported ");
    out += when(point.source().created_ms(), now_ms, lang) + "</p>\n";
    if (point.stale()) {
        out += "<p class=\"warning\">";
        out += w("Let op: deze status is ouder dan 6 uur en kan verouderd zijn.",
                 "Note: this status is more than 6 hours old and may be out of date.");
        out += "</p>\n";
    }
    return out + "</section>\n";
}

// A need's unit is free text. The door shows it only when it is one of these plain units
// (compared case-insensitively), and then in this spelling, so no text a sender chose ends up
// on the door.
constexpr std::string_view kPlainUnits[] = {
    "l",      "liter",    "liters", "litre",      "litres", "kg",     "stuks",
    "pieces", "personen", "people", "maaltijden", "meals",  "pakken", "dozen",
};

std::optional<std::string_view> plain_unit(std::string_view unit) {
    for (std::string_view known : kPlainUnits) {
        if (known.size() != unit.size()) continue;
        bool same = true;
        for (std::size_t i = 0; i < unit.size() && same; ++i) {
            const char c = unit[i];
            same = (c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) == known[i];
        }
        if (same) return known;
    }
    return std::nullopt;
}

bool shown_to_residents(const v1::NeedView& need) {
    const bool open = need.state() == v1::NEED_OPEN || need.state() == v1::ACKNOWLEDGED ||
                      need.state() == v1::IN_PROGRESS || need.state() == v1::NEED_STATE_UNSPECIFIED;
    // A medical need can point at one person in the neighbourhood: never on the door.
    return open && need.category() != v1::MEDICAL;
}

std::string needs_section(const v1::Picture& picture, const std::string& point, Language lang,
                          std::int64_t now_ms) {
    Words w{lang};
    std::string items;
    for (const v1::NeedView& need : picture.needs()) {
        if (need.support_point() != point || !shown_to_residents(need)) continue;
        items += "<li><strong>" + std::string(category_text(need.category(), w)) + "</strong>";
        if (need.quantity() > 0) {
            items += ": " + number_text(need.quantity());
            if (auto unit = plain_unit(need.unit())) items += " " + std::string(*unit);
        }
        items += " &mdash; " + std::string(need_state_text(need.state(), w));
        items += " <span class=\"age\">(" +
                 age_text(age_s(need.source().created_ms(), now_ms), lang) + ")</span></li>\n";
    }
    if (items.empty()) return "";
    std::string out = "<section class=\"needs\">\n<h2>";
    out += w("Wat dit punt nodig heeft", "What this point needs");
    out += "</h2>\n<ul>\n" + items + "</ul>\n</section>\n";
    return out;
}

// The announcement is for this point, its municipality, or a region (a node holds only
// its regions' messages; it has no table of which municipality lies in which region).
bool for_this_point(const v1::Announcement& a, const std::string& point,
                    const std::string& municipality) {
    const std::string& area = a.audience_area();
    return area == point || (!municipality.empty() && area == municipality) ||
           trust::scope_level(area) == trust::ScopeLevel::region;
}

std::string announcements_section(const v1::Picture& picture, const std::string& point,
                                  const std::string& municipality, Language lang,
                                  std::int64_t now_ms) {
    Words w{lang};
    std::string out = "<section class=\"announcements\">\n<h2>";
    out += w("Berichten voor bewoners", "Announcements for residents");
    out += "</h2>\n";
    int shown = 0;
    for (const v1::AnnouncementView& view : picture.announcements()) {
        if (view.state() != v1::ANNOUNCEMENT_ACTIVE) continue;
        const v1::Announcement& a = view.announcement();
        if (!for_this_point(a, point, municipality)) continue;
        ++shown;
        out +=
            "<article class=\"announcement\">\n<h3>" + e(localized(a.headline(), lang)) + "</h3>\n";
        if (!localized(a.text(), lang).empty())
            out += "<p>" + e(localized(a.text(), lang)) + "</p>\n";
        if (!localized(a.instruction(), lang).empty()) {
            out += "<p class=\"instruction\"><strong>";
            out += w("Wat moet u doen: ", "What to do: ");
            out += "</strong>" + e(localized(a.instruction(), lang)) + "</p>\n";
        }
        out += "<p class=\"age\">";
        out += w("Sinds ", "Since ");
        out += when(view.effective_ms(), now_ms, lang);
        if (view.expires_ms() > 0) {
            out += w(", geldig tot ", ", valid until ");
            out += clock_text(view.expires_ms());
        }
        out += "</p>\n</article>\n";
    }
    if (shown == 0) {
        out += "<p>";
        out += w("Er zijn op dit moment geen berichten.", "There are no announcements now.");
        out += "</p>\n";
    }
    return out + "</section>\n";
}

std::string municipality_section(const v1::Picture& picture, const std::string& municipality,
                                 Language lang, std::int64_t now_ms) {
    Words w{lang};
    std::string items;
    for (const v1::MunicipalityView& m : picture.municipalities()) {
        if (m.municipality() != municipality) continue;
        for (const v1::SitrepCell& cell : m.cells()) {
            if (cell.pillar() != v1::VITAL_SERVICES) continue;
            items += "<li><strong>" + e(cell.topic()) +
                     "</strong>: " + severity_text(cell.severity(), w);
            if (!cell.area().empty()) items += " (" + e(cell.area()) + ")";
            if (!cell.text().empty()) items += ". " + e(cell.text());
            items += " <span class=\"age\">(" +
                     age_text(age_s(cell.source().created_ms(), now_ms), lang) + ")</span></li>\n";
        }
    }
    if (items.empty()) return "";
    std::string out = "<section class=\"municipality\">\n<h2>";
    out += w("Voorzieningen in gemeente ", "Services in municipality ");
    out += e(municipality) + "</h2>\n<ul>\n" + items + "</ul>\n</section>\n";
    return out;
}

const v1::SupportPointView* find_point(const v1::Picture& picture, const std::string& id) {
    for (const v1::SupportPointView& p : picture.support_points()) {
        if (p.support_point() == id) return &p;
    }
    return nullptr;
}

std::string point_title(const v1::SupportPointView& point) {
    if (!point.name().empty()) return point.name();
    if (!point.status().name().empty()) return point.status().name();
    return point.support_point();
}

}  // namespace

std::optional<std::string> render_notice_board(const v1::Picture& picture,
                                               const std::string& support_point, Language lang,
                                               std::int64_t now_ms) {
    const v1::SupportPointView* point = find_point(picture, support_point);
    if (point == nullptr) return std::nullopt;
    Words w{lang};
    std::string municipality = point->municipality();
    if (municipality.empty()) municipality = support_point.substr(0, support_point.find('-'));
    const std::string title = point_title(*point);

    std::string out = page_start(title, lang, true);
    out += language_switch(lang);
    out += "<header>\n<p class=\"kind\">";
    out += w("Noodsteunpunt", "Emergency support point");
    out += "</p>\n<h1>" + e(title) + "</h1>\n<p class=\"where\">" + e(support_point) + " &middot; ";
    out += w("gemeente ", "municipality ");
    out += e(municipality) + "</p>\n<p class=\"as-of\">";
    out += w("Stand van zaken op ", "As of ");
    out += clock_text(now_ms) + "</p>\n</header>\n<main>\n";
    out += status_section(*point, lang, now_ms);
    out += announcements_section(picture, support_point, municipality, lang, now_ms);
    out += needs_section(picture, support_point, lang, now_ms);
    out += municipality_section(picture, municipality, lang, now_ms);
    out += "</main>\n<footer>\n<p>";
    out +=
        w("Dit bord toont wat dit Baken-knooppunt op dat moment wist; bij elk gegeven staat "
          "hoe oud het is.",
          "This board shows what this Baken node knew at the time; every fact shows its "
          "age.");
    out += "</p>\n</footer>\n</body>\n</html>\n";
    return out;
}

std::string render_notice_index(const v1::Picture& picture, Language lang, std::int64_t now_ms) {
    Words w{lang};
    const std::string title = w("Noodsteunpunten", "Emergency support points");
    std::string out = page_start(title, lang, true);
    out += language_switch(lang);
    out += "<header>\n<h1>" + title + "</h1>\n<p class=\"as-of\">";
    out += w("Stand van zaken op ", "As of ");
    out += clock_text(now_ms) + "</p>\n</header>\n<main>\n";
    if (picture.support_points().empty()) {
        out += "<p>";
        out += w("Nog geen noodsteunpunten bekend.", "No support points known yet.");
        out += "</p>\n";
    } else {
        out += "<ul class=\"points\">\n";
        const std::string suffix = lang == Language::en ? "?lang=en" : "";
        for (const v1::SupportPointView& p : picture.support_points()) {
            // The id goes into a path: only ids of the documented form get a link.
            const bool linkable =
                trust::scope_level(p.support_point()) == trust::ScopeLevel::support_point &&
                p.support_point().find_first_not_of(
                    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") ==
                    std::string::npos;
            out += "<li>";
            if (linkable) out += "<a href=\"/notice/" + e(p.support_point()) + suffix + "\">";
            out += e(point_title(p));
            if (linkable) out += "</a>";
            out += " <span class=\"where\">(" + e(p.support_point()) + ")</span> &mdash; ";
            out += p.has_status() ? openness_text(p.status().openness(), w)
                                  : w("geen status", "no status");
            if (p.has_status()) {
                out += " <span class=\"age\">(" +
                       age_text(age_s(p.source().created_ms(), now_ms), lang) + ")</span>";
            }
            out += "</li>\n";
        }
        out += "</ul>\n";
    }
    out += "</main>\n</body>\n</html>\n";
    return out;
}

std::string render_plain_page(const std::string& title, const std::string& html, Language lang) {
    return page_start(title, lang, false) + "<main>\n<h1>" + e(title) + "</h1>\n<p>" + html +
           "</p>\n</main>\n</body>\n</html>\n";
}

std::string_view notice_stylesheet() {
    return R"(/* The notice board: large type, high contrast, one A4 page. */
@page { size: A4; margin: 14mm; }
html { background: #fff; color: #000; }
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 15pt;
       line-height: 1.35; margin: 0 auto; max-width: 48em; padding: 1em; }
h1 { font-size: 30pt; margin: 0.1em 0; }
h2 { font-size: 19pt; border-bottom: 3px solid #000; margin: 1em 0 0.4em; }
h3 { font-size: 16pt; margin: 0.6em 0 0.2em; }
.kind { font-size: 14pt; font-weight: bold; text-transform: uppercase; margin: 0; }
.where, .as-of, .age { color: #222; }
.age { font-size: 12pt; }
.openness { font-size: 24pt; font-weight: bold; padding: 0.2em 0.4em; border: 4px solid #000;
            display: inline-block; margin: 0.2em 0; }
.openness-closed { background: #000; color: #fff; }
.warning { font-weight: bold; border-left: 8px solid #000; padding-left: 0.5em; }
.instruction { font-size: 16pt; }
.announcement { border: 2px solid #000; padding: 0.2em 0.8em; margin: 0.5em 0;
                page-break-inside: avoid; break-inside: avoid; }
ul { padding-left: 1.2em; }
li { margin: 0.2em 0; }
a { color: #000; }
footer { margin-top: 1.5em; font-size: 11pt; border-top: 1px solid #000; }
@media print {
  .screen-only { display: none; }
  body { padding: 0; max-width: none; }
  a { text-decoration: none; }
}
)";
}

}  // namespace baken::web
