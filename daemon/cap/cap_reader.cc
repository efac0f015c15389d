// See cap_reader.h. The document is validated first; the walk below then relies on what the
// schema guarantees (element names, order, required children) and reads text only.
#include "cap/cap_reader.h"

#include <string>

#include "cap/cap_time.h"
#include "cap/xml_document.h"

namespace baken::cap {
namespace {

bool is(const xmlNode* node, std::string_view name) {
    return is_element(node, name, kCapNamespace);
}

std::string name_of(const xmlNode* node) {
    return reinterpret_cast<const char*>(node->name);
}

// xs:string keeps whitespace; the enumerations and times are compared after trimming it,
// as the schema's whitespace facet does for them.
std::string trimmed(const xmlNode* node) {
    std::string text = text_of(node);
    const auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos) return {};
    const auto end = text.find_last_not_of(" \t\r\n");
    return text.substr(begin, end - begin + 1);
}

// Walks the element children of `parent`.
template <typename Visit>
void for_children(const xmlNode* parent, Visit visit) {
    for (const xmlNode* child = parent->children; child != nullptr; child = child->next) {
        if (child->type == XML_ELEMENT_NODE) visit(child);
    }
}

CapPair pair_of(const xmlNode* node) {
    CapPair pair;
    for_children(node, [&](const xmlNode* c) {
        if (is(c, "valueName")) pair.name = text_of(c);
        if (is(c, "value")) pair.value = text_of(c);
    });
    return pair;
}

struct Reader {
    std::optional<CapError> problem;

    std::optional<std::int64_t> time(const xmlNode* node, int* offset = nullptr) {
        auto t = parse_cap_time(text_of(node));
        if (!t) {
            if (!problem) {
                problem = CapError{CapError::Kind::invalid_cap, static_cast<int>(node->line),
                                   "Element '" + name_of(node) + "': '" + trimmed(node) +
                                       "' is not a date and time like 2024-05-01T14:30:00+02:00"};
            }
            return std::nullopt;
        }
        if (offset) *offset = t->offset_minutes;
        return t->unix_ms;
    }

    CapAreaXml area(const xmlNode* node) {
        CapAreaXml a;
        for_children(node, [&](const xmlNode* c) {
            if (is(c, "areaDesc")) a.description = text_of(c);
            if (is(c, "polygon")) a.polygons.push_back(trimmed(c));
            if (is(c, "circle")) a.circles.push_back(trimmed(c));
            if (is(c, "geocode")) a.geocodes.push_back(pair_of(c));
            if (is(c, "altitude")) a.altitude = trimmed(c);
            if (is(c, "ceiling")) a.ceiling = trimmed(c);
        });
        return a;
    }

    CapInfo info(const xmlNode* node) {
        CapInfo i;
        for_children(node, [&](const xmlNode* c) {
            if (is(c, "language")) i.language = trimmed(c);
            if (is(c, "category")) i.categories.push_back(trimmed(c));
            if (is(c, "event")) i.event = text_of(c);
            if (is(c, "responseType")) i.response_types.push_back(trimmed(c));
            if (is(c, "urgency")) i.urgency = trimmed(c);
            if (is(c, "severity")) i.severity = trimmed(c);
            if (is(c, "certainty")) i.certainty = trimmed(c);
            if (is(c, "audience")) i.audience = text_of(c);
            if (is(c, "eventCode")) i.event_codes.push_back(pair_of(c));
            if (is(c, "effective")) i.effective_ms = time(c);
            if (is(c, "onset")) i.onset_ms = time(c);
            if (is(c, "expires")) i.expires_ms = time(c);
            if (is(c, "senderName")) i.sender_name = text_of(c);
            if (is(c, "headline")) i.headline = text_of(c);
            if (is(c, "description")) i.description = text_of(c);
            if (is(c, "instruction")) i.instruction = text_of(c);
            if (is(c, "web")) i.web = trimmed(c);
            if (is(c, "contact")) i.contact = text_of(c);
            if (is(c, "parameter")) i.parameters.push_back(pair_of(c));
            if (is(c, "resource")) ++i.resources;
            if (is(c, "area")) i.areas.push_back(area(c));
        });
        return i;
    }

    CapAlert alert(const xmlNode* root) {
        CapAlert a;
        for_children(root, [&](const xmlNode* c) {
            if (is(c, "identifier")) a.identifier = text_of(c);
            if (is(c, "sender")) a.sender = text_of(c);
            if (is(c, "sent")) a.sent_ms = time(c, &a.utc_offset_minutes).value_or(0);
            if (is(c, "status")) a.status = trimmed(c);
            if (is(c, "msgType")) a.msg_type = trimmed(c);
            if (is(c, "source")) a.source = text_of(c);
            if (is(c, "scope")) a.scope = trimmed(c);
            if (is(c, "restriction")) a.restriction = text_of(c);
            if (is(c, "addresses")) a.addresses = text_of(c);
            if (is(c, "code")) a.codes.push_back(text_of(c));
            if (is(c, "note")) a.note = text_of(c);
            if (is(c, "references")) a.references = text_of(c);
            if (is(c, "incidents")) a.incidents = text_of(c);
            if (is(c, "info")) a.infos.push_back(info(c));
        });
        return a;
    }
};

}  // namespace

Result<CapAlert, CapError> read_cap(std::string_view bytes) {
    auto doc = parse_valid_cap(bytes);
    if (!doc) return fail(doc.error());
    Reader reader;
    CapAlert alert = reader.alert(xmlDocGetRootElement(doc->get()));
    if (reader.problem) return fail(*reader.problem);
    return alert;
}

}  // namespace baken::cap
