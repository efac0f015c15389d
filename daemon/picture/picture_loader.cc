// See picture_loader.h.
#include "picture/picture_loader.h"

#include "common/log.h"
#include "message/envelope_codec.h"

namespace baken::picture {

LoadReport load_picture(PictureEngine& engine, const Store& store) {
    engine.clear();
    LoadReport report;
    store.for_each_id([&](const MessageId& id) {
        auto stored = store.get(id);
        if (!stored) return true;  // removed meanwhile
        auto decoded = decode_envelope(as_bytes(stored->envelope_bytes));
        if (!decoded) {
            ++report.unreadable;
            log::warning("picture", "stored message " + to_hex(id) +
                                        " cannot be read, left out of the picture: " +
                                        describe(decoded.error()));
            return true;
        }
        engine.add(*decoded);
        ++report.loaded;
        return true;
    });
    return report;
}

}  // namespace baken::picture
