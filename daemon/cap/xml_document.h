// Untrusted XML in, a libxml2 tree out — or an error value; and validation of a tree against
// the embedded CAP 1.2 schema. Nothing here throws or aborts, whatever the bytes.
//
// What parse_xml() refuses, and why:
//   - more than kMaxCapBytes (checked before parsing): bounds memory and time per request;
//   - a document type declaration (<!DOCTYPE ...>): CAP has none, and it is where entity
//     expansion ("billion laughs") and external entities (XXE) live. The parser stops at it;
//   - anything libxml2 finds not well-formed. No network access (XML_PARSE_NONET), no
//     entity substitution, no DTD loading, no XInclude, libxml2's default depth limit.
// Errors: too_large, not_xml (line and libxml2's message of the first error), internal.
#pragma once

#include <libxml/tree.h>

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "cap/cap_error.h"
#include "common/result.h"

namespace baken::cap {

// An alert, even a long one with detailed polygons, is far smaller than this.
inline constexpr std::size_t kMaxCapBytes = 64 * 1024;

inline constexpr std::string_view kCapNamespace = "urn:oasis:names:tc:emergency:cap:1.2";

struct XmlDocFree {
    void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using XmlDoc = std::unique_ptr<xmlDoc, XmlDocFree>;

Result<XmlDoc, CapError> parse_xml(std::string_view bytes);

// Validates `doc` against the embedded CAP 1.2 schema. Errors: invalid_cap with the line and
// the schema's message of the first violation (the others are in `all`, if given; at most 16),
// internal if the schema cannot be loaded.
Result<Done, CapError> validate_cap(const xmlDoc& doc, std::vector<CapError>* all = nullptr);

// parse_xml(), then validate_cap(): what an exporter's tests and an importer both want.
Result<XmlDoc, CapError> parse_valid_cap(std::string_view bytes);

// Tree helpers for a validated document (no hand-made parsing: libxml2 did that).
// The element's text content (its descendants' text, concatenated).
std::string text_of(const xmlNode* node);
// Whether `node` is an element `name` in `ns` (by namespace URI, not prefix).
bool is_element(const xmlNode* node, std::string_view name, std::string_view ns);

}  // namespace baken::cap
