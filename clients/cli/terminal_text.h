// Text for a terminal: its width in columns, cutting it to fit, and making text from other
// nodes safe to print.
//
// Message text comes from any node in the mesh, so it is untrusted: a control character or
// an escape sequence in a sitrep must not move the cursor, recolour or retitle the terminal of
// the person reading it. Every string from a message goes through printable() before output.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace baken::cli {

// Control characters (C0, DEL, C1) replaced by a space; with keep_newlines, '\n' stays.
std::string printable(std::string_view utf8, bool keep_newlines = false);

// Columns the text takes: one per code point (good enough for Dutch and English text).
std::size_t display_width(std::string_view utf8);

// At most `width` columns, ending in "…" when cut; never splits a UTF-8 sequence.
std::string truncate_to_width(std::string_view utf8, std::size_t width);

// Columns of the terminal on stdout; 100 when stdout is not a terminal (a pipe, a file).
std::size_t output_width();

}  // namespace baken::cli
