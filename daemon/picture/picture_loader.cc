// See picture_loader.h.
#include "picture/picture_loader.h"

#include <limits>

#include "common/log.h"
#include "message/envelope_codec.h"

namespace baken::picture {

PictureLoader::PictureLoader(PictureEngine& engine, const Store& store)
    : engine_(engine), store_(store), total_(store.stats().message_count) {
    engine_.clear();
    engine_.reserve(total_);
}

bool PictureLoader::step(std::size_t max) {
    if (done_) return true;
    std::size_t read = 0;
    const bool opened = store_.for_each_message(
        [&](const StoredMessage& stored) {
            if (read == max) return false;
            ++read;
            last_ = stored.id;
            auto decoded = decode_envelope(as_bytes(stored.envelope_bytes));
            if (!decoded) {
                ++report_.unreadable;
                log::warning("picture", "stored message " + to_hex(stored.id) +
                                            " cannot be read, left out of the picture: " +
                                            describe(decoded.error()));
                return true;
            }
            engine_.add(*decoded);
            ++report_.loaded;
            return true;
        },
        last_ ? &*last_ : nullptr);
    if (!opened) {
        // Not done: a picture that stopped here would look whole. The caller tries again.
        log::warning("picture", "cannot read the store now; the picture load tries again");
        return false;
    }
    done_ = read < max;
    return done_;
}

LoadReport load_picture(PictureEngine& engine, const Store& store) {
    PictureLoader loader(engine, store);
    loader.step(std::numeric_limits<std::size_t>::max());
    return loader.report();
}

std::optional<v1::Body> read_body(const Store& store, const MessageId& id) {
    auto stored = store.get(id);
    if (!stored) return std::nullopt;
    auto decoded = decode_envelope(as_bytes(stored->envelope_bytes));
    if (!decoded) return std::nullopt;
    return std::move(*decoded->message.mutable_body());
}

}  // namespace baken::picture
