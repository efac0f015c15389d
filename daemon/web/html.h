// Small text helpers for server-rendered pages and hand-built JSON.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace baken::web {

// `text` safe between tags and inside double-quoted attributes: & < > " ' become entities.
// Bytes that are not valid UTF-8 and control characters other than tab and newline become
// U+FFFD, so a message cannot smuggle markup or confuse the browser's decoder.
std::string html_escape(std::string_view text);

// `text` as a JSON string literal with its quotes; < > & are written as \u003c etc. so the
// result is also safe inside HTML.
std::string json_string(std::string_view text);

enum class Language { nl, en };

// "zojuist", "5 min geleden", "3 uur geleden", "2 dagen geleden" (or the English).
std::string age_text(std::int64_t age_s, Language language);

// Local wall-clock time of `unix_ms` as "dd-mm-yyyy HH:MM" (the machine's time zone).
std::string clock_text(std::int64_t unix_ms);

}  // namespace baken::web
