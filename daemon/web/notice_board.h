// The printable notice board: one A4 page per support point for the door of the building
// when screens are dark, and an index of the points. Server-rendered HTML with no script,
// rendered from a picture value alone (so it is tested without the engine).
//
// What residents see, and what they never see (docs/web-ui.md):
//   * the point's name, id, municipality; open or closed, power, drinking water, the channels
//     that work and the point's note; with the time and age of the status;
//   * its needs that are still open, by category, amount and state only — never their free
//     text, notes, who is assigned, restricted content, or medical needs at all; the unit (free
//     text too) only when it is one of a fixed list of plain units (liter, kg, stuks, ...);
//   * active announcements whose audience is this point, its municipality or a region;
//   * the municipality's vital-services situation (power, water, ...) from its sitreps.
// Every string from a message is HTML-escaped. Dutch by default, English on request.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "baken/v1/picture.pb.h"
#include "web/html.h"

namespace baken::web {

// The page for `support_point`; nullopt when the picture holds no such point.
std::optional<std::string> render_notice_board(const v1::Picture& picture,
                                               const std::string& support_point, Language language,
                                               std::int64_t now_ms);

// Every support point in the picture, with its open/closed state and a link to its page.
std::string render_notice_index(const v1::Picture& picture, Language language, std::int64_t now_ms);

// A page with a title and one paragraph and no data (not found, sign-in needed). `title` is
// escaped; `html` is the paragraph's markup as given, so it must come from this program.
std::string render_plain_page(const std::string& title, const std::string& html, Language language);

// The print stylesheet the pages link to (/notice/style.css): the content security policy
// allows no inline style.
std::string_view notice_stylesheet();

}  // namespace baken::web
