// See xml_document.h. libxml2 reports errors through callbacks; they are collected into
// CapError values here and never printed.
#include "cap/xml_document.h"

#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include <string>

#include "cap/cap_schema.h"

namespace baken::cap {
namespace {

constexpr std::size_t kMaxCollectedErrors = 16;

// No network, no entity substitution, no DTD loading or validation, no XInclude: only what the
// flags below turn on. XML_PARSE_NONET also keeps any remaining resolver off the network.
constexpr int kParseOptions = XML_PARSE_NONET;

void init_libxml2() {
    static const bool ready = [] {
        xmlInitParser();
        return true;
    }();
    (void)ready;
}

std::string tidy(const char* message) {
    std::string text = message ? message : "";
    // The schema names elements with their namespace: "{urn:...:cap:1.2}urgency". The
    // namespace is always CAP's here, so leave it out for the person reading.
    const std::string ns = "{" + std::string(kCapNamespace) + "}";
    for (auto at = text.find(ns); at != std::string::npos; at = text.find(ns, at))
        text.erase(at, ns.size());
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text.empty() ? "unknown XML error" : text;
}

struct Collector {
    CapError::Kind kind;
    std::vector<CapError> errors;
};

// libxml2 2.9's xmlStructuredErrorFunc takes a non-const xmlErrorPtr.
void collect(void* context, xmlErrorPtr error) {
    auto* collector = static_cast<Collector*>(context);
    if (collector == nullptr || error == nullptr || error->level == XML_ERR_WARNING) return;
    if (collector->errors.size() >= kMaxCollectedErrors) return;
    collector->errors.push_back(CapError{collector->kind, error->line, tidy(error->message)});
}

// Routes this thread's libxml2 errors to `collector` for the scope (libxml2 keeps the
// structured handler per thread), then restores whatever was there.
class ErrorScope {
  public:
    explicit ErrorScope(Collector* collector)
        : previous_(xmlStructuredError), previous_context_(xmlStructuredErrorContext) {
        xmlSetStructuredErrorFunc(collector, collect);
    }
    ~ErrorScope() { xmlSetStructuredErrorFunc(previous_context_, previous_); }
    ErrorScope(const ErrorScope&) = delete;
    ErrorScope& operator=(const ErrorScope&) = delete;

  private:
    xmlStructuredErrorFunc previous_;
    void* previous_context_;
};

// The parse running on this thread, for the DOCTYPE hook below.
struct ParseState {
    xmlParserCtxtPtr context = nullptr;
    bool saw_doctype = false;
    int doctype_line = 0;
};
thread_local ParseState* current_parse = nullptr;

// SAX hook for "<!DOCTYPE name ...": called before any declaration inside it is read, so no
// entity is ever declared, let alone expanded.
void refuse_doctype(void*, const xmlChar*, const xmlChar*, const xmlChar*) {
    ParseState* state = current_parse;
    if (state == nullptr || state->context == nullptr) return;
    state->saw_doctype = true;
    state->doctype_line = state->context->input ? state->context->input->line : 0;
    xmlStopParser(state->context);
}

struct ParserContextFree {
    void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};

struct Schema {
    xmlSchemaPtr schema = nullptr;
    std::string problem;  // why it did not load
};

const Schema& embedded_schema() {
    static const Schema loaded = [] {
        init_libxml2();
        Schema s;
        Collector collector{CapError::Kind::internal, {}};
        const std::string_view xsd = cap_schema_xsd();
        xmlSchemaParserCtxtPtr parser =
            xmlSchemaNewMemParserCtxt(xsd.data(), static_cast<int>(xsd.size()));
        if (parser == nullptr) {
            s.problem = "cannot create a schema parser (out of memory?)";
            return s;
        }
        xmlSchemaSetParserStructuredErrors(parser, collect, &collector);
        {
            ErrorScope scope(&collector);
            s.schema = xmlSchemaParse(parser);
        }
        xmlSchemaFreeParserCtxt(parser);
        if (s.schema == nullptr) {
            s.problem = "the embedded CAP 1.2 schema did not load" +
                        (collector.errors.empty() ? std::string()
                                                  : ": " + collector.errors.front().describe());
        }
        return s;
    }();
    return loaded;
}

}  // namespace

Result<XmlDoc, CapError> parse_xml(std::string_view bytes) {
    if (bytes.size() > kMaxCapBytes) {
        return fail(CapError{CapError::Kind::too_large, 0,
                             "the document is " + std::to_string(bytes.size()) +
                                 " bytes; a CAP alert may be at most " +
                                 std::to_string(kMaxCapBytes)});
    }
    if (bytes.empty()) return fail(CapError{CapError::Kind::not_xml, 0, "the document is empty"});
    init_libxml2();
    std::unique_ptr<xmlParserCtxt, ParserContextFree> context(xmlNewParserCtxt());
    if (!context || context->sax == nullptr) {
        return fail(CapError{CapError::Kind::internal, 0, "cannot create an XML parser"});
    }
    context->sax->internalSubset = refuse_doctype;

    Collector collector{CapError::Kind::not_xml, {}};
    ParseState state{context.get()};
    XmlDoc doc;
    {
        ErrorScope scope(&collector);
        current_parse = &state;
        doc.reset(xmlCtxtReadMemory(context.get(), bytes.data(), static_cast<int>(bytes.size()),
                                    "alert.xml", nullptr, kParseOptions));
        current_parse = nullptr;
    }
    if (state.saw_doctype) {
        return fail(CapError{CapError::Kind::not_xml, state.doctype_line,
                             "a document type declaration (<!DOCTYPE ...>) is not allowed: CAP "
                             "has none, and entities are refused"});
    }
    if (!collector.errors.empty()) return fail(collector.errors.front());
    if (!doc || !context->wellFormed || xmlDocGetRootElement(doc.get()) == nullptr) {
        return fail(CapError{CapError::Kind::not_xml, 0, "not well-formed XML"});
    }
    return doc;
}

Result<Done, CapError> validate_cap(const xmlDoc& doc, std::vector<CapError>* all) {
    const Schema& schema = embedded_schema();
    if (schema.schema == nullptr)
        return fail(CapError{CapError::Kind::internal, 0, schema.problem});
    xmlSchemaValidCtxtPtr validator = xmlSchemaNewValidCtxt(schema.schema);
    if (validator == nullptr) {
        return fail(CapError{CapError::Kind::internal, 0, "cannot create a schema validator"});
    }
    Collector collector{CapError::Kind::invalid_cap, {}};
    xmlSchemaSetValidStructuredErrors(validator, collect, &collector);
    int rc = 0;
    {
        ErrorScope scope(&collector);
        rc = xmlSchemaValidateDoc(validator, const_cast<xmlDoc*>(&doc));
    }
    xmlSchemaFreeValidCtxt(validator);
    if (all != nullptr) *all = collector.errors;
    if (rc == 0 && collector.errors.empty()) return Done{};
    if (!collector.errors.empty()) return fail(collector.errors.front());
    if (rc > 0) return fail(CapError{CapError::Kind::invalid_cap, 0, "not valid CAP 1.2"});
    return fail(CapError{CapError::Kind::internal, 0,
                         "the schema validator failed (code " + std::to_string(rc) + ")"});
}

Result<XmlDoc, CapError> parse_valid_cap(std::string_view bytes) {
    auto doc = parse_xml(bytes);
    if (!doc) return doc;
    if (auto valid = validate_cap(*doc.value()); !valid) return fail(valid.error());
    return doc;
}

std::string text_of(const xmlNode* node) {
    xmlChar* content = xmlNodeGetContent(node);
    if (content == nullptr) return {};
    std::string text(reinterpret_cast<const char*>(content));
    xmlFree(content);
    return text;
}

bool is_element(const xmlNode* node, std::string_view name, std::string_view ns) {
    if (node == nullptr || node->type != XML_ELEMENT_NODE || node->name == nullptr) return false;
    if (name != reinterpret_cast<const char*>(node->name)) return false;
    if (node->ns == nullptr || node->ns->href == nullptr) return ns.empty();
    return ns == reinterpret_cast<const char*>(node->ns->href);
}

}  // namespace baken::cap
