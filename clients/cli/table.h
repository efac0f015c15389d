// A plain text table for `baken list`: left-aligned columns two spaces apart, the last column
// cut with "…" so each row fits the width (no wrapping: one message, one line, greppable).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace baken::cli {

using Row = std::vector<std::string>;

// REQUIRES: every row has headers.size() cells, already printable() (terminal_text.h).
// The last column keeps at least kMinLastColumn columns even if that overflows `width`.
std::string render_table(const Row& headers, const std::vector<Row>& rows, std::size_t width);

inline constexpr std::size_t kMinLastColumn = 20;

}  // namespace baken::cli
