// Untrusted bytes -> a CapAlert, only if they are a valid CAP 1.2 alert (the official schema,
// embedded). Never throws past this module, never aborts.
//
// Errors (CapError::Kind):
//   too_large    above kMaxCapBytes; nothing parsed
//   not_xml      not well-formed, or has a <!DOCTYPE> (refused: no entities, no DTDs);
//                the line and libxml2's message
//   invalid_cap  not valid against CAP-v1.2.xsd: the line and the schema's message of the
//                first violation (e.g. "Element 'urgency': [facet 'enumeration'] ...")
//   internal     libxml2 out of memory; the schema did not load
// A valid alert whose times the schema's pattern lets through but which are no real date
// (a comma as the offset sign) is invalid_cap too, naming the element.
#pragma once

#include <string_view>

#include "cap/cap_alert.h"
#include "cap/cap_error.h"
#include "common/result.h"

namespace baken::cap {

Result<CapAlert, CapError> read_cap(std::string_view bytes);

}  // namespace baken::cap
