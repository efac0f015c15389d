// The web UI's files, compiled into bakend: every file under daemon/web/assets/ becomes one
// entry here at build time (embed_assets.cmake), so the daemon serves its UI without reading
// the disk and without any external request.
#pragma once

#include <span>
#include <string_view>

namespace baken::web {

struct EmbeddedAsset {
    std::string_view path;          // relative to assets/, e.g. "index.html", "js/app.js"
    std::string_view content_type;  // from the extension, e.g. "text/css; charset=utf-8"
    std::string_view etag;          // quoted, e.g. "\"3f2a...\"": the first 128 bits of SHA-256
    std::span<const unsigned char> bytes;
};

// Every embedded file, sorted by path.
std::span<const EmbeddedAsset> embedded_assets();

// The file at `path` (relative to assets/), or null.
inline const EmbeddedAsset* find_asset(std::string_view path) {
    for (const EmbeddedAsset& asset : embedded_assets()) {
        if (asset.path == path) return &asset;
    }
    return nullptr;
}

}  // namespace baken::web
