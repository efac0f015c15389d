// See kiss_serial.h.
#include "core/kiss_serial.h"

namespace baken::modem {

bool KissSerialDecoder::push(std::uint8_t byte, KissFrameView& frame) {
    if (byte == kFend) return end_frame(frame);
    if (!in_frame_ || loss_ != Loss::none) return false;
    if (escaped_) {
        escaped_ = false;
        if (byte == kTfend) {
            accept(kFend);
        } else if (byte == kTfesc) {
            accept(kFesc);
        } else {
            loss_ = Loss::bad_escape;
        }
        return false;
    }
    if (byte == kFesc) {
        escaped_ = true;
        return false;
    }
    accept(byte);
    return false;
}

bool KissSerialDecoder::end_frame(KissFrameView& frame) {
    // FESC FEND: the escape is broken, and the FEND still ends the frame (a host that lost
    // bytes resynchronises on the next FEND either way).
    if (escaped_ && loss_ == Loss::none) loss_ = Loss::bad_escape;
    const Loss loss = loss_;
    const std::size_t length = length_;
    const bool was_in_frame = in_frame_;
    in_frame_ = true;
    escaped_ = false;
    loss_ = Loss::none;
    length_ = 0;
    if (!was_in_frame) return false;
    if (loss == Loss::oversized) {
        ++counters_.oversized;
        return false;
    }
    if (loss == Loss::bad_escape) {
        ++counters_.bad_escape;
        return false;
    }
    if (length == 0) return false;  // FEND FEND: idle fill
    const std::uint8_t type = buffer_[0];
    if (type == 0xFF) {
        frame.port = 0;
        frame.command = kReturnFromKissCommand;
    } else {
        frame.port = static_cast<std::uint8_t>(type >> 4);
        frame.command = static_cast<std::uint8_t>(type & 0x0F);
    }
    frame.payload = buffer_ + 1;
    frame.length = length - 1;
    ++counters_.frames;
    return true;
}

void KissSerialDecoder::accept(std::uint8_t unescaped) {
    if (length_ == sizeof buffer_) {
        loss_ = Loss::oversized;
        return;
    }
    buffer_[length_++] = unescaped;
}

std::size_t kiss_encode(std::uint8_t type, const std::uint8_t* payload, std::size_t length,
                        std::uint8_t* out, std::size_t capacity) {
    std::size_t written = 0;
    auto put = [&](std::uint8_t b) {
        if (written < capacity) out[written] = b;
        ++written;
    };
    auto put_escaped = [&](std::uint8_t b) {
        if (b == kFend) {
            put(kFesc);
            put(kTfend);
        } else if (b == kFesc) {
            put(kFesc);
            put(kTfesc);
        } else {
            put(b);
        }
    };
    put(kFend);
    put_escaped(type);
    for (std::size_t i = 0; i < length; ++i) put_escaped(payload[i]);
    put(kFend);
    return written <= capacity ? written : 0;
}

}  // namespace baken::modem
