// Times in exports: RFC 3339 in UTC ("2026-11-29T12:00:00Z"), which GIS tools and
// spreadsheets read without guessing.
#pragma once

#include <cstdint>
#include <string>

namespace baken::picture {

std::string utc_text(std::int64_t unix_ms);

}  // namespace baken::picture
