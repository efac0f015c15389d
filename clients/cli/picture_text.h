// The picture (GET /api/v1/picture) as text for a terminal: what `baken cop` prints. Sections
// for support points, needs, sitreps per municipality, announcements and nodes, each fact with
// its age, so a person at a console sees what the web UI's overview shows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "baken/v1/picture.pb.h"

namespace baken::cli {

std::string render_picture(const v1::Picture& picture, std::size_t width);

}  // namespace baken::cli
