// The one error type of the CAP module: where in the document, and what is wrong.
#pragma once

#include <string>

namespace baken::cap {

struct CapError {
    enum class Kind {
        too_large,    // the bytes are above kMaxCapBytes; nothing was parsed
        not_xml,      // not well-formed XML (or a DTD / entity declaration, which we refuse)
        invalid_cap,  // well-formed, but not valid against the CAP 1.2 schema
        unsupported,  // valid CAP that Baken cannot carry as an announcement (reason says why)
        no_area,      // valid, but nothing says which area it is for: the caller must say
        internal,     // libxml2 ran out of memory or the embedded schema did not load
    };
    Kind kind = Kind::internal;
    int line = 0;        // 1-based line of the first problem in the document; 0 if none applies
    std::string reason;  // libxml2's or our words, for a person; never empty

    // "line 12: Element 'urgency': [facet 'enumeration'] ..." (or just the reason).
    std::string describe() const {
        return line > 0 ? "line " + std::to_string(line) + ": " + reason : reason;
    }
};

}  // namespace baken::cap
