// The OASIS CAP 1.2 schema (CAP-v1.2.xsd in this directory), compiled into the program by
// embed_file.cmake: the daemon validates alerts without reading any file.
#pragma once

#include <string_view>

namespace baken::cap {

// The exact bytes of CAP-v1.2.xsd.
std::string_view cap_schema_xsd();

}  // namespace baken::cap
