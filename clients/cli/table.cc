// See table.h.
#include "table.h"

#include <algorithm>
#include <cassert>

#include "terminal_text.h"

namespace baken::cli {
namespace {

constexpr std::size_t kGap = 2;

std::vector<std::size_t> column_widths(const Row& headers, const std::vector<Row>& rows) {
    std::vector<std::size_t> widths;
    for (const std::string& h : headers) widths.push_back(display_width(h));
    for (const Row& row : rows) {
        assert(row.size() == headers.size());
        for (std::size_t i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], display_width(row[i]));
    }
    return widths;
}

std::string render_row(const Row& row, const std::vector<std::size_t>& widths,
                       std::size_t last_width) {
    std::string line;
    for (std::size_t i = 0; i + 1 < row.size(); ++i) {
        line += row[i] + std::string(widths[i] - display_width(row[i]) + kGap, ' ');
    }
    line += truncate_to_width(row.back(), last_width);
    return line + "\n";
}

}  // namespace

std::string render_table(const Row& headers, const std::vector<Row>& rows, std::size_t width) {
    std::vector<std::size_t> widths = column_widths(headers, rows);
    std::size_t used = 0;
    for (std::size_t i = 0; i + 1 < widths.size(); ++i) used += widths[i] + kGap;
    std::size_t last_width = width > used + kMinLastColumn ? width - used : kMinLastColumn;
    std::string out = render_row(headers, widths, last_width);
    for (const Row& row : rows) out += render_row(row, widths, last_width);
    return out;
}

}  // namespace baken::cli
