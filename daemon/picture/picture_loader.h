// Fills a picture from everything the store holds (at start, and to rebuild).
#pragma once

#include <cstddef>

#include "picture/picture_engine.h"
#include "store/store.h"

namespace baken::picture {

struct LoadReport {
    std::size_t loaded = 0;
    std::size_t unreadable = 0;  // stored bytes that no longer decode: damage on disk, logged
};

// Clears `engine` and adds every held message. The store verified each message on the way in,
// so this decodes without checking signatures again.
LoadReport load_picture(PictureEngine& engine, const Store& store);

}  // namespace baken::picture
