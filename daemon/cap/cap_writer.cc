// See cap_writer.h. Element order follows the schema's sequences exactly.
#include "cap/cap_writer.h"

#include <libxml/xmlwriter.h>

#include <memory>

#include "cap/cap_time.h"
#include "cap/xml_document.h"

namespace baken::cap {
namespace {

// XML 1.0 cannot carry C0 control characters other than tab, newline and carriage return.
std::string xml_safe(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x20 || c == '\t' || c == '\n' || c == '\r') out.push_back(c);
    }
    return out;
}

const xmlChar* x(const char* text) {
    return reinterpret_cast<const xmlChar*>(text);
}

// A thin, failure-remembering front to xmlTextWriter: every call after a failure is a no-op,
// and finish() says whether all of them worked.
class Writer {
  public:
    Writer() : buffer_(xmlBufferCreate()) {
        if (buffer_) writer_ = xmlNewTextWriterMemory(buffer_, 0);
        ok_ = writer_ != nullptr;
        if (ok_) {
            check(xmlTextWriterSetIndent(writer_, 1));
            check(xmlTextWriterSetIndentString(writer_, x("  ")));
            check(xmlTextWriterStartDocument(writer_, nullptr, "UTF-8", nullptr));
        }
    }
    ~Writer() {
        if (writer_) xmlFreeTextWriter(writer_);
        if (buffer_) xmlBufferFree(buffer_);
    }
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    void start(const char* name, std::string_view ns = {}) {
        if (!ok_) return;
        if (ns.empty()) {
            check(xmlTextWriterStartElement(writer_, x(name)));
        } else {
            const std::string uri(ns);
            check(xmlTextWriterStartElementNS(writer_, nullptr, x(name), x(uri.c_str())));
        }
    }
    void end() {
        if (ok_) check(xmlTextWriterEndElement(writer_));
    }
    void attribute(const char* name, std::string_view value) {
        if (!ok_) return;
        const std::string v = xml_safe(value);
        check(xmlTextWriterWriteAttribute(writer_, x(name), x(v.c_str())));
    }
    // <name>text</name>, always.
    void element(const char* name, std::string_view text) {
        if (!ok_) return;
        const std::string v = xml_safe(text);
        check(xmlTextWriterWriteElement(writer_, x(name), x(v.c_str())));
    }
    // <name>text</name> unless the text is empty (an optional element that was absent).
    void optional(const char* name, std::string_view text) {
        if (!text.empty()) element(name, text);
    }

    Result<std::string, CapError> finish() {
        if (ok_) check(xmlTextWriterEndDocument(writer_));
        if (writer_) {
            xmlFreeTextWriter(writer_);  // flushes into the buffer
            writer_ = nullptr;
        }
        if (!ok_ || buffer_ == nullptr)
            return fail(CapError{CapError::Kind::internal, 0, "libxml2 could not write the XML"});
        return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer_)),
                           static_cast<std::size_t>(xmlBufferLength(buffer_)));
    }

  private:
    void check(int rc) {
        if (rc < 0) ok_ = false;
    }
    xmlBufferPtr buffer_ = nullptr;
    xmlTextWriterPtr writer_ = nullptr;
    bool ok_ = false;
};

void write_pair(Writer& w, const char* element, const CapPair& pair) {
    w.start(element);
    w.element("valueName", pair.name);
    w.element("value", pair.value);
    w.end();
}

void write_area(Writer& w, const CapAreaXml& area) {
    w.start("area");
    w.element("areaDesc", area.description);
    for (const auto& p : area.polygons) w.element("polygon", p);
    for (const auto& c : area.circles) w.element("circle", c);
    for (const auto& g : area.geocodes) write_pair(w, "geocode", g);
    w.optional("altitude", area.altitude);
    w.optional("ceiling", area.ceiling);
    w.end();
}

void write_info(Writer& w, const CapInfo& info, int offset) {
    auto time = [&](const char* name, const std::optional<std::int64_t>& ms) {
        if (ms) w.element(name, format_cap_time(*ms, offset));
    };
    w.start("info");
    w.optional("language", info.language);
    for (const auto& c : info.categories) w.element("category", c);
    w.element("event", info.event);
    for (const auto& r : info.response_types) w.element("responseType", r);
    w.element("urgency", info.urgency);
    w.element("severity", info.severity);
    w.element("certainty", info.certainty);
    w.optional("audience", info.audience);
    for (const auto& e : info.event_codes) write_pair(w, "eventCode", e);
    time("effective", info.effective_ms);
    time("onset", info.onset_ms);
    time("expires", info.expires_ms);
    w.optional("senderName", info.sender_name);
    w.optional("headline", info.headline);
    w.optional("description", info.description);
    w.optional("instruction", info.instruction);
    w.optional("web", info.web);
    w.optional("contact", info.contact);
    for (const auto& p : info.parameters) write_pair(w, "parameter", p);
    for (const auto& a : info.areas) write_area(w, a);
    w.end();
}

}  // namespace

Result<std::string, CapError> write_cap(const CapAlert& alert) {
    Writer w;
    w.start("alert", kCapNamespace);
    w.element("identifier", alert.identifier);
    w.element("sender", alert.sender);
    w.element("sent", format_cap_time(alert.sent_ms, alert.utc_offset_minutes));
    w.element("status", alert.status);
    w.element("msgType", alert.msg_type);
    w.optional("source", alert.source);
    w.element("scope", alert.scope);
    w.optional("restriction", alert.restriction);
    w.optional("addresses", alert.addresses);
    for (const auto& code : alert.codes) w.element("code", code);
    w.optional("note", alert.note);
    w.optional("references", alert.references);
    w.optional("incidents", alert.incidents);
    for (const CapInfo& info : alert.infos) write_info(w, info, alert.utc_offset_minutes);
    w.end();
    auto xml = w.finish();
    if (!xml) return xml;
    // Never hand out CAP that is not CAP.
    auto doc = parse_valid_cap(*xml);
    if (!doc) {
        return fail(CapError{CapError::Kind::internal, doc.error().line,
                             "the alert written is not valid CAP 1.2: " + doc.error().reason});
    }
    return xml;
}

Result<std::string, CapError> write_atom_feed(const Feed& feed) {
    Writer w;
    w.start("feed", kAtomNamespace);
    w.element("id", feed.id);
    w.element("title", feed.title);
    w.element("updated", format_utc(feed.updated_ms));
    w.start("author");
    w.element("name", feed.author);
    w.end();
    w.start("link");
    w.attribute("rel", "self");
    w.attribute("href", feed.self_href);
    w.end();
    for (const FeedEntry& e : feed.entries) {
        w.start("entry");
        w.element("id", e.id);
        w.element("title", e.title);
        w.element("updated", format_utc(e.updated_ms));
        w.start("link");
        w.attribute("rel", "alternate");
        w.attribute("type", kCapMediaType);
        w.attribute("href", e.href);
        w.end();
        w.optional("summary", e.summary);
        w.end();
    }
    w.end();
    return w.finish();
}

Result<std::vector<std::string>, CapError> read_atom_feed_links(std::string_view bytes) {
    auto doc = parse_xml(bytes);
    if (!doc) return fail(doc.error());
    const xmlNode* root = xmlDocGetRootElement(doc->get());
    if (!is_element(root, "feed", kAtomNamespace))
        return fail(CapError{CapError::Kind::invalid_cap, root ? static_cast<int>(root->line) : 0,
                             "not an Atom feed (the root element is not atom:feed)"});
    std::vector<std::string> links;
    for (const xmlNode* entry = root->children; entry != nullptr; entry = entry->next) {
        if (!is_element(entry, "entry", kAtomNamespace)) continue;
        for (const xmlNode* link = entry->children; link != nullptr; link = link->next) {
            if (!is_element(link, "link", kAtomNamespace)) continue;
            xmlChar* type = xmlGetProp(link, x("type"));
            xmlChar* href = xmlGetProp(link, x("href"));
            if (type && href && kCapMediaType == reinterpret_cast<const char*>(type))
                links.emplace_back(reinterpret_cast<const char*>(href));
            xmlFree(type);
            xmlFree(href);
        }
    }
    return links;
}

}  // namespace baken::cap
