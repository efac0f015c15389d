// The picture as CSV (RFC 4180, UTF-8, CRLF line ends) for spreadsheets: support points, needs,
// or sitrep cells, one row each. Cells that a spreadsheet would run as a formula (starting with
// = + - @ or a tab) get a leading apostrophe: message text is untrusted.
#pragma once

#include <string>
#include <string_view>

#include "baken/v1/picture.pb.h"

namespace baken::picture {

enum class CsvTable { support_points, needs, sitreps };

std::string to_csv(const v1::Picture& picture, CsvTable table);

// One cell, quoted when needed and defused against formula injection.
std::string csv_cell(std::string_view text);

}  // namespace baken::picture
