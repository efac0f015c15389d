// CAP 1.2 XML and the Atom feed of alerts, written with libxml2's xmlTextWriter.
//
// write_cap() validates what it wrote against the embedded schema before returning it, so an
// alert it returns is valid CAP 1.2 (xmllint --schema CAP-v1.2.xsd agrees: see the tests).
// Text is written as UTF-8; characters XML 1.0 cannot carry (C0 controls other than tab,
// newline, carriage return) are left out.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cap/cap_alert.h"
#include "cap/cap_error.h"
#include "common/result.h"

namespace baken::cap {

// Errors: internal — libxml2 failed, or the result is not valid CAP (the schema's reason).
// REQUIRES (for a valid result): the alert has what CAP requires (identifier, sender, status,
// msgType, scope; each info a category, event, urgency, severity, certainty) — true of every
// alert export_alert() makes from a stored announcement and of every alert read_cap() read.
Result<std::string, CapError> write_cap(const CapAlert& alert);

inline constexpr std::string_view kAtomNamespace = "http://www.w3.org/2005/Atom";
inline constexpr std::string_view kCapMediaType = "application/cap+xml";

struct FeedEntry {
    std::string id;     // an IRI, e.g. "urn:baken:message:<hex>"
    std::string title;  // the Dutch headline
    std::string summary;
    std::int64_t updated_ms = 0;
    std::string href;  // where the CAP alert is, e.g. "/api/v1/export/cap/<hex>"
};

struct Feed {
    std::string id;
    std::string title;
    std::string author;  // the node's name
    std::string self_href;
    std::int64_t updated_ms = 0;
    std::vector<FeedEntry> entries;
};

// An Atom 1.0 feed (RFC 4287); each entry links to its alert with type application/cap+xml.
Result<std::string, CapError> write_atom_feed(const Feed& feed);

// The hrefs of a feed's entries' CAP links, in order (for a client; the bytes are untrusted:
// same parser and limits as read_cap). Errors: too_large, not_xml, invalid_cap (not an Atom
// feed).
Result<std::vector<std::string>, CapError> read_atom_feed_links(std::string_view bytes);

}  // namespace baken::cap
