// A CAP 1.2 alert as Baken keeps it: every element the reader reads and the writer writes,
// with CAP's own words for its enumerations ("Actual", "Immediate", ...). Not kept: <resource>
// (attachments), <restriction>/<addresses> (Baken relays Public alerts only) and XML
// signatures; docs/cap.md lists the mapping. Two alerts that compare equal are equivalent CAP.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace baken::cap {

struct CapPair {  // valueName / value
    std::string name;
    std::string value;
    bool operator==(const CapPair&) const = default;
};

struct CapAreaXml {
    std::string description;  // areaDesc
    std::vector<std::string> polygons;
    std::vector<std::string> circles;
    std::vector<CapPair> geocodes;
    std::string altitude;  // as written (xs:decimal)
    std::string ceiling;
    bool operator==(const CapAreaXml&) const = default;
};

struct CapInfo {
    std::string language;                 // as written; "" when absent (CAP's default is en-US)
    std::vector<std::string> categories;  // at least one
    std::string event;
    std::vector<std::string> response_types;
    std::string urgency;
    std::string severity;
    std::string certainty;
    std::string audience;
    std::vector<CapPair> event_codes;
    std::optional<std::int64_t> effective_ms;
    std::optional<std::int64_t> onset_ms;
    std::optional<std::int64_t> expires_ms;
    std::string sender_name;
    std::string headline;
    std::string description;
    std::string instruction;
    std::string web;
    std::string contact;
    std::vector<CapPair> parameters;
    std::vector<CapAreaXml> areas;
    int resources = 0;  // <resource> elements seen (read only; never written)
    bool operator==(const CapInfo&) const = default;
};

struct CapAlert {
    std::string identifier;
    std::string sender;
    std::int64_t sent_ms = 0;
    int utc_offset_minutes = 0;  // of <sent>; the writer uses it for every time
    std::string status;          // Actual | Exercise | System | Test | Draft
    std::string msg_type;        // Alert | Update | Cancel | Ack | Error
    std::string source;
    std::string scope;  // Public | Restricted | Private
    std::string restriction;
    std::string addresses;
    std::vector<std::string> codes;
    std::string note;
    std::string references;
    std::string incidents;
    std::vector<CapInfo> infos;
    bool operator==(const CapAlert&) const = default;
};

}  // namespace baken::cap
