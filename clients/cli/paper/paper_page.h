// The paper copy: one self-contained HTML page to print on A4, with per message the text a
// person reads out over a voice radio and beside it the QR codes that hold the message's exact
// signed bytes (paper_codes.h), so the paper can also be scanned back into any node.
//
// The page loads nothing and runs nothing: inline CSS and inline SVG only, a Content Security
// Policy of default-src 'none' to make sure. Message text comes from the mesh and is escaped.
// Each code is drawn 3 CSS px (0.79 mm printed) per module with a 4-module quiet zone, about
// 80 mm a side for a full code; on screen at 1 device pixel per CSS pixel (a headless
// screenshot) the modules are whole pixels.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"

namespace baken::cli::paper {

inline constexpr int kModulePx = 3;

struct PaperEntry {
    std::string title;           // one line above the text, e.g. "sitrep · flash · K7QM-..."
    std::string reading_text;    // what to read aloud; lines kept as they are
    std::string envelope_bytes;  // the exact signed envelope; the codes carry these
};

struct PageInfo {
    std::string printed_at;  // local time the page was made
    std::string printed_by;  // the node: name and fingerprint
};

// The HTML document. Error: an entry's bytes are not an envelope (paper_codes), or a code does
// not fit a QR code (cannot happen with kMaxChunkBytes); the message says which entry.
Result<std::string, std::string> paper_page(const std::vector<PaperEntry>& entries,
                                            const PageInfo& info);

// `text` with & < > " ' as character references.
std::string html_escape(std::string_view text);

}  // namespace baken::cli::paper
