// See modem_framing.h.
#include "radio/link/modem_framing.h"

#include "radio/codec/ax25_frame.h"

namespace baken::radio {

std::string ModemFraming::wrap(std::string_view link_frame) const {
    if (!settings_.ax25) return std::string(link_frame);
    Ax25UiFrame frame;
    frame.destination = settings_.destination;
    frame.source = settings_.source;
    frame.pid = 0xF0;
    frame.info = std::string(link_frame);
    return ax25_encode_ui(frame);
}

std::optional<UnwrappedFrame> ModemFraming::unwrap(ByteView modem_frame) const {
    if (!settings_.ax25) return UnwrappedFrame{std::string(as_chars(modem_frame)), {}};
    auto frame = ax25_parse(modem_frame);
    if (!frame || frame->pid != 0xF0 || frame->destination.call != settings_.destination.call)
        return std::nullopt;
    return UnwrappedFrame{std::move(frame->info), to_string(frame->source)};
}

std::size_t ModemFraming::overhead() const {
    return settings_.ax25 ? ax25_header_size(0) : 0;
}

}  // namespace baken::radio
