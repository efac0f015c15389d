// See cap_mapping.h and docs/cap.md.
#include "cap/cap_mapping.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "cap/cap_time.h"
#include "common/bytes.h"
#include "message/limits.h"
#include "message/structure_check.h"
#include "trust/authorisation.h"

namespace baken::cap {
namespace {

constexpr std::array<std::pair<std::string_view, v1::CapCategory>, 12> kCategories{{
    {"Geo", v1::GEO},
    {"Met", v1::MET},
    {"Safety", v1::SAFETY},
    {"Security", v1::SECURITY},
    {"Rescue", v1::RESCUE},
    {"Fire", v1::FIRE},
    {"Health", v1::HEALTH},
    {"Env", v1::ENV},
    {"Transport", v1::TRANSPORT_CATEGORY},
    {"Infra", v1::INFRA},
    {"CBRNE", v1::CBRNE},
    {"Other", v1::OTHER_CATEGORY},
}};
constexpr std::array<std::pair<std::string_view, v1::CapUrgency>, 5> kUrgencies{{
    {"Immediate", v1::URGENCY_IMMEDIATE},
    {"Expected", v1::URGENCY_EXPECTED},
    {"Future", v1::URGENCY_FUTURE},
    {"Past", v1::URGENCY_PAST},
    {"Unknown", v1::URGENCY_UNKNOWN},
}};
constexpr std::array<std::pair<std::string_view, v1::CapSeverity>, 5> kSeverities{{
    {"Extreme", v1::SEVERITY_EXTREME},
    {"Severe", v1::SEVERITY_SEVERE},
    {"Moderate", v1::SEVERITY_MODERATE},
    {"Minor", v1::SEVERITY_MINOR},
    {"Unknown", v1::SEVERITY_UNKNOWN},
}};
constexpr std::array<std::pair<std::string_view, v1::CapCertainty>, 5> kCertainties{{
    {"Observed", v1::CERTAINTY_OBSERVED},
    {"Likely", v1::CERTAINTY_LIKELY},
    {"Possible", v1::CERTAINTY_POSSIBLE},
    {"Unlikely", v1::CERTAINTY_UNLIKELY},
    {"Unknown", v1::CERTAINTY_UNKNOWN},
}};

// The schema has checked the word, so an unknown one cannot occur; 0 (UNSPECIFIED) if it did.
template <typename Enum, std::size_t N>
Enum to_enum(const std::array<std::pair<std::string_view, Enum>, N>& table, std::string_view word) {
    for (const auto& [name, value] : table) {
        if (name == word) return value;
    }
    return Enum{};
}

template <typename Enum, std::size_t N>
std::string to_word(const std::array<std::pair<std::string_view, Enum>, N>& table, int value) {
    for (const auto& [name, v] : table) {
        if (static_cast<int>(v) == value) return std::string(name);
    }
    return "Unknown";
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// "nl", "nl-NL", "NL-be" -> nl; "en", "en-GB", and no language at all (CAP's default en-US)
// -> en.
bool is_language(std::string_view tag, std::string_view language) {
    const std::string l = lower(tag);
    if (tag.empty()) return language == "en";
    return l == language || l.rfind(std::string(language) + "-", 0) == 0;
}

bool is_municipality_code(std::string_view text) {
    return trust::scope_level(text) == trust::ScopeLevel::municipality;
}

Failure<CapError> unsupported(std::string reason) {
    return fail(CapError{CapError::Kind::unsupported, 0, std::move(reason)});
}

v1::CapValue to_value(const CapPair& pair) {
    v1::CapValue v;
    v.set_name(pair.name);
    v.set_value(pair.value);
    return v;
}

CapPair to_pair(const v1::CapValue& value) {
    return {value.name(), value.value()};
}

// The first CBS municipality code among the info's geocodes, or "".
std::string geocode_area(const CapInfo& info) {
    for (const CapAreaXml& area : info.areas) {
        for (const CapPair& geocode : area.geocodes) {
            if (is_municipality_code(geocode.value)) return geocode.value;
        }
    }
    return {};
}

// The parts every info of an alert shares in an announcement: those of the Dutch info.
bool same_shared_parts(const CapInfo& a, const CapInfo& b) {
    return a.categories == b.categories && a.response_types == b.response_types &&
           a.urgency == b.urgency && a.severity == b.severity && a.certainty == b.certainty &&
           a.audience == b.audience && a.event_codes == b.event_codes &&
           a.effective_ms == b.effective_ms && a.onset_ms == b.onset_ms &&
           a.expires_ms == b.expires_ms && a.web == b.web && a.parameters == b.parameters &&
           a.areas == b.areas;
}

void copy_alert_parts(const CapAlert& alert, v1::Announcement& a) {
    a.set_cap_identifier(alert.identifier);
    a.set_cap_sender(alert.sender);
    a.set_cap_sent_ms(alert.sent_ms);
    a.set_cap_utc_offset_minutes(alert.utc_offset_minutes);
    a.set_cap_status(alert.status);
    a.set_cap_msg_type(alert.msg_type);
    a.set_cap_source(alert.source);
    a.set_cap_note(alert.note);
    a.set_cap_references(alert.references);
    a.set_cap_incidents(alert.incidents);
    for (const auto& code : alert.codes) a.add_cap_codes(code);
}

void copy_info_parts(const CapInfo& nl, const CapInfo* en, v1::Announcement& a) {
    a.set_category(to_enum(kCategories, nl.categories.front()));
    for (std::size_t i = 1; i < nl.categories.size(); ++i)
        a.add_cap_extra_categories(to_enum(kCategories, nl.categories[i]));
    a.set_urgency(to_enum(kUrgencies, nl.urgency));
    a.set_severity(to_enum(kSeverities, nl.severity));
    a.set_certainty(to_enum(kCertainties, nl.certainty));
    a.set_effective_ms(nl.effective_ms.value_or(0));
    a.set_expires_ms(nl.expires_ms.value_or(0));
    a.set_cap_onset_ms(nl.onset_ms.value_or(0));
    a.set_cap_audience(nl.audience);
    a.set_cap_web(nl.web);
    for (const auto& r : nl.response_types) a.add_cap_response_types(r);
    for (const auto& p : nl.event_codes) *a.add_cap_event_codes() = to_value(p);
    for (const auto& p : nl.parameters) *a.add_cap_parameters() = to_value(p);
    for (const CapAreaXml& area : nl.areas) {
        v1::CapArea* out = a.add_cap_areas();
        out->set_description(area.description);
        for (const auto& p : area.polygons) out->add_polygons(p);
        for (const auto& c : area.circles) out->add_circles(c);
        for (const auto& g : area.geocodes) *out->add_geocodes() = to_value(g);
        out->set_altitude(area.altitude);
        out->set_ceiling(area.ceiling);
    }
    a.set_cap_language_nl(nl.language);
    a.mutable_headline()->set_nl(nl.headline);
    a.mutable_text()->set_nl(nl.description);
    a.mutable_instruction()->set_nl(nl.instruction);
    a.mutable_cap_event()->set_nl(nl.event);
    a.mutable_cap_sender_name()->set_nl(nl.sender_name);
    a.mutable_cap_contact()->set_nl(nl.contact);
    if (en == nullptr) return;
    a.set_cap_language_en(en->language);
    a.mutable_headline()->set_en(en->headline);
    a.mutable_text()->set_en(en->description);
    a.mutable_instruction()->set_en(en->instruction);
    a.mutable_cap_event()->set_en(en->event);
    a.mutable_cap_sender_name()->set_en(en->sender_name);
    a.mutable_cap_contact()->set_en(en->contact);
}

// Lifetime of the relayed message: until the alert expires (at most 90 days), else the
// node's default. Error: the alert has expired.
Result<std::int64_t, CapError> ttl_seconds(const CapInfo& nl, std::int64_t now_ms,
                                           std::vector<std::string>& notes) {
    if (!nl.expires_ms) {
        notes.push_back("the alert has no expiry: relayed for the node's default lifetime");
        return std::int64_t{0};
    }
    const std::int64_t left_ms = *nl.expires_ms - now_ms;
    if (left_ms <= 0) return unsupported("the alert expired before now: nothing to relay");
    constexpr std::int64_t kMaxSeconds = limits::kMaxLifetimeMs / 1000;
    const std::int64_t seconds = (left_ms + 999) / 1000;
    if (seconds > kMaxSeconds) {
        notes.push_back("the alert expires more than 90 days from now: relayed for 90 days");
        return kMaxSeconds;
    }
    return seconds;
}

// One "sender,identifier,sent" triple of <references>.
struct Reference {
    std::string sender;
    std::string identifier;
    std::int64_t sent_ms = 0;
};

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The triples of <references> (space-separated; CAP forbids spaces and commas inside a sender
// or identifier). A triple that is not three parts with a CAP time last names no alert this
// node could hold, so it is skipped.
std::vector<Reference> references_of(std::string_view text) {
    std::vector<Reference> out;
    std::size_t at = 0;
    while (at < text.size()) {
        while (at < text.size() && is_space(text[at])) ++at;
        std::size_t end = at;
        while (end < text.size() && !is_space(text[end])) ++end;
        const std::string_view triple = text.substr(at, end - at);
        at = end;
        const std::size_t first = triple.find(',');
        if (first == std::string_view::npos) continue;
        const std::size_t second = triple.find(',', first + 1);
        if (second == std::string_view::npos) continue;
        if (triple.find(',', second + 1) != std::string_view::npos) continue;
        auto sent = parse_cap_time(triple.substr(second + 1));
        if (!sent) continue;
        out.push_back({std::string(triple.substr(0, first)),
                       std::string(triple.substr(first + 1, second - first - 1)), sent->unix_ms});
    }
    return out;
}

// msgType Update: supersede the latest held alert among its references, or say it stands alone.
void link_update(const CapAlert& alert, const std::vector<HeldAlert>& held, CapImport& out) {
    const HeldAlert* replaced = nullptr;
    for (const Reference& r : references_of(alert.references)) {
        for (const HeldAlert& h : held) {
            if (h.sender == r.sender && h.identifier == r.identifier && h.sent_ms == r.sent_ms &&
                (replaced == nullptr || h.sent_ms > replaced->sent_ms)) {
                replaced = &h;
            }
        }
    }
    if (replaced != nullptr) {
        out.draft.set_supersedes(replaced->message_id);
        out.notes.push_back("this Update replaces announcement " + replaced->message_id +
                            " (alert " + replaced->identifier +
                            "): relaying it withdraws that announcement");
        return;
    }
    out.notes.push_back(
        "this Update refers to no alert this node holds as an announcement: it is relayed as a "
        "standalone announcement, and nothing is withdrawn");
}

}  // namespace

std::optional<HeldAlert> held_alert(const v1::Message& message, const MessageId& id) {
    const v1::Announcement& a = message.body().announcement();
    if (a.cap_identifier().empty()) return std::nullopt;
    return HeldAlert{a.cap_sender(), a.cap_identifier(), a.cap_sent_ms(), to_hex(id)};
}

const HeldAlert* find_held(const std::vector<HeldAlert>& held, const CapAlert& alert) {
    for (const HeldAlert& h : held) {
        if (h.sender == alert.sender && h.identifier == alert.identifier &&
            h.sent_ms == alert.sent_ms) {
            return &h;
        }
    }
    return nullptr;
}

v1::Precedence precedence_for(std::string_view status, std::string_view urgency,
                              std::string_view severity) {
    if (status != "Actual") return v1::ROUTINE;
    const bool now = urgency == "Immediate";
    const bool soon = now || urgency == "Expected";
    const bool later = urgency == "Future" || urgency == "Unknown";
    const bool grave = severity == "Extreme" || severity == "Severe";
    if (now && severity == "Extreme") return v1::FLASH;
    if (soon && grave) return v1::IMMEDIATE;
    if ((soon && severity == "Moderate") || (later && grave)) return v1::PRIORITY;
    return v1::ROUTINE;
}

Result<CapImport, CapError> import_alert(const CapAlert& alert, const ImportOptions& options) {
    if (alert.msg_type == "Ack" || alert.msg_type == "Error") {
        return unsupported("msgType " + alert.msg_type +
                           " answers another alert; it is not an announcement for residents");
    }
    if (alert.status != "Actual") {
        return unsupported("a " + alert.status +
                           " alert is not relayed to residents; only status Actual is");
    }
    if (alert.msg_type == "Cancel") {
        return unsupported(
            "msgType Cancel: Baken does not withdraw an announcement because of a CAP Cancel; "
            "to end it, post a replacement announcement that says the alert is over, with "
            "supersedes set to the announcement's id (baken post announcement --supersedes ID, "
            "or POST /api/v1/messages) and a lifetime at least as long as the announcement's");
    }
    if (alert.scope != "Public") {
        return unsupported("scope " + alert.scope +
                           ": Baken relays Public alerts only (every node shows announcements "
                           "to everyone)");
    }
    CapImport out;
    const CapInfo* nl = nullptr;
    const CapInfo* en = nullptr;
    for (const CapInfo& info : alert.infos) {
        if (nl == nullptr && is_language(info.language, "nl")) {
            nl = &info;
        } else if (en == nullptr && is_language(info.language, "en")) {
            en = &info;
        } else {
            out.notes.push_back("left out: the info in language '" +
                                (info.language.empty() ? "en-US" : info.language) +
                                "' (an announcement holds one Dutch and one English text)");
        }
    }
    if (nl == nullptr) {
        return unsupported(
            "the alert has no Dutch info (<language>nl-NL</language>); an announcement needs "
            "its text in Dutch");
    }
    if (nl->headline.empty()) return unsupported("the Dutch info has no <headline>");
    if (nl->description.empty()) return unsupported("the Dutch info has no <description>");
    if (en != nullptr && !same_shared_parts(*nl, *en)) {
        out.notes.push_back(
            "the English info differs from the Dutch one in more than its texts: the Dutch "
            "info's categories, times, parameters and areas are kept for both");
    }
    if (!alert.restriction.empty() || !alert.addresses.empty())
        out.notes.push_back("left out: <restriction> and <addresses> (the alert is Public)");
    int resources = nl->resources + (en ? en->resources : 0);
    if (resources > 0) {
        out.notes.push_back("left out: " + std::to_string(resources) +
                            " <resource> (attachments are not relayed over the mesh)");
    }

    v1::Announcement& a = *out.draft.mutable_body()->mutable_announcement();
    copy_alert_parts(alert, a);
    copy_info_parts(*nl, en, a);

    std::string area = options.area;
    if (area.empty()) {
        area = geocode_area(*nl);
        if (area.empty()) {
            return fail(CapError{
                CapError::Kind::no_area, 0,
                "the alert names no CBS municipality code (a geocode like GM0344) in its areas; "
                "say for which area it is: a municipality GMxxxx, a region VRnn or a support "
                "point id (API: ?area=GM0344, baken import cap: --area GM0344)"});
        }
    } else if (trust::scope_level(area) == trust::ScopeLevel::invalid) {
        return unsupported("area '" + area.substr(0, 32) +
                           "' is not a municipality (GM0344), a region (VR09) or a support "
                           "point id (GM0344-SP07)");
    }
    a.set_audience_area(area);
    out.draft.set_precedence(precedence_for(alert.status, nl->urgency, nl->severity));

    auto ttl = ttl_seconds(*nl, options.now_ms, out.notes);
    if (!ttl) return fail(ttl.error());
    out.draft.set_ttl_seconds(*ttl);
    if (alert.msg_type == "Update") link_update(alert, options.held, out);

    // What the validation path will say about it, so a person learns before confirming.
    DecodedMessage probe;
    probe.message.set_format_version(limits::kFormatVersion);
    probe.message.set_precedence(out.draft.precedence());
    probe.message.set_created_ms(options.now_ms);
    probe.message.set_expires_ms(options.now_ms + (*ttl > 0 ? *ttl : 3600) * 1000);
    *probe.message.mutable_body() = out.draft.body();
    if (auto reject = check_structure(probe, options.now_ms))
        return unsupported("Baken cannot carry this alert: " + reject->detail);
    // Signature, author and header add about 150 bytes to the body.
    constexpr std::size_t kRoom = limits::kMaxEnvelopeBytes - 512;
    if (out.draft.body().ByteSizeLong() > kRoom) {
        return unsupported("the alert is too large to relay over the mesh (" +
                           std::to_string(out.draft.body().ByteSizeLong()) +
                           " bytes as a message; at most " + std::to_string(kRoom) +
                           "): shorter texts or simpler polygons would fit");
    }
    return out;
}

std::string export_identifier(const v1::Message& message, const MessageId& id) {
    const v1::Announcement& a = message.body().announcement();
    return a.cap_identifier().empty() ? "baken-" + to_hex(id) : a.cap_identifier();
}

namespace {

CapInfo export_info(const v1::Message& message, bool english) {
    const v1::Announcement& a = message.body().announcement();
    const bool imported = !a.cap_identifier().empty();
    auto pick = [english](const v1::LocalizedText& t) { return english ? t.en() : t.nl(); };
    CapInfo info;
    if (imported) {
        info.language = english ? a.cap_language_en() : a.cap_language_nl();
    } else {
        info.language = english ? "en-GB" : "nl-NL";
    }
    info.categories.push_back(to_word(kCategories, a.category()));
    for (int c : a.cap_extra_categories()) info.categories.push_back(to_word(kCategories, c));
    info.event = pick(a.cap_event());
    if (info.event.empty() && !imported) info.event = english ? "Announcement" : "Bekendmaking";
    info.response_types.assign(a.cap_response_types().begin(), a.cap_response_types().end());
    info.urgency = to_word(kUrgencies, a.urgency());
    info.severity = to_word(kSeverities, a.severity());
    info.certainty = to_word(kCertainties, a.certainty());
    info.audience = a.cap_audience();
    for (const auto& v : a.cap_event_codes()) info.event_codes.push_back(to_pair(v));
    if (a.effective_ms() != 0) info.effective_ms = a.effective_ms();
    if (a.cap_onset_ms() != 0) info.onset_ms = a.cap_onset_ms();
    if (a.expires_ms() != 0) {
        info.expires_ms = a.expires_ms();
    } else if (!imported) {
        info.expires_ms = message.expires_ms();  // a native announcement lasts as its message
    }
    info.sender_name = pick(a.cap_sender_name());
    info.headline = pick(a.headline());
    info.description = pick(a.text());
    info.instruction = pick(a.instruction());
    info.web = a.cap_web();
    info.contact = pick(a.cap_contact());
    for (const auto& v : a.cap_parameters()) info.parameters.push_back(to_pair(v));
    for (const v1::CapArea& area : a.cap_areas()) {
        CapAreaXml out;
        out.description = area.description();
        out.polygons.assign(area.polygons().begin(), area.polygons().end());
        out.circles.assign(area.circles().begin(), area.circles().end());
        for (const auto& g : area.geocodes()) out.geocodes.push_back(to_pair(g));
        out.altitude = area.altitude();
        out.ceiling = area.ceiling();
        info.areas.push_back(std::move(out));
    }
    if (!imported) {
        CapAreaXml area;
        area.description = a.audience_area();
        if (is_municipality_code(a.audience_area()))
            area.geocodes.push_back({"CBS", a.audience_area()});
        info.areas.push_back(std::move(area));
    }
    return info;
}

bool has_english(const v1::Announcement& a) {
    return !a.headline().en().empty() || !a.text().en().empty() || !a.cap_language_en().empty();
}

}  // namespace

CapAlert export_alert(const v1::Message& message, const MessageId& id) {
    const v1::Announcement& a = message.body().announcement();
    const bool imported = !a.cap_identifier().empty();
    CapAlert alert;
    alert.identifier = export_identifier(message, id);
    if (imported) {
        alert.sender = a.cap_sender();
        alert.sent_ms = a.cap_sent_ms();
        alert.utc_offset_minutes = a.cap_utc_offset_minutes();
    } else {
        PublicKey author{};
        if (message.author().size() == author.size())
            std::copy(message.author().begin(), message.author().end(), author.begin());
        alert.sender = fingerprint(author) + "@baken.invalid";
        alert.sent_ms = message.created_ms();
    }
    alert.status = a.cap_status().empty() ? "Actual" : a.cap_status();
    alert.msg_type = a.cap_msg_type().empty() ? "Alert" : a.cap_msg_type();
    alert.source = a.cap_source();
    alert.scope = "Public";
    alert.codes.assign(a.cap_codes().begin(), a.cap_codes().end());
    alert.note = a.cap_note();
    alert.references = a.cap_references();
    alert.incidents = a.cap_incidents();
    alert.infos.push_back(export_info(message, false));
    if (has_english(a)) alert.infos.push_back(export_info(message, true));
    return alert;
}

}  // namespace baken::cap
