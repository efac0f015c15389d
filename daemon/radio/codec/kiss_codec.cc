// KISS encoding and the byte-at-a-time decoder state machine (see kiss_codec.h).
#include "radio/codec/kiss_codec.h"

#include <cassert>

namespace baken::radio {
namespace {

constexpr std::uint8_t kReturnType = 0xFF;

std::uint8_t type_byte(std::uint8_t port, KissCommand command) {
    if (command == KissCommand::return_from_kiss) return kReturnType;
    return static_cast<std::uint8_t>((port & 0x0F) << 4 |
                                     (static_cast<std::uint8_t>(command) & 0x0F));
}

void append_escaped(std::string& out, std::uint8_t b) {
    if (b == kFend) {
        out.push_back(static_cast<char>(kFesc));
        out.push_back(static_cast<char>(kTfend));
    } else if (b == kFesc) {
        out.push_back(static_cast<char>(kFesc));
        out.push_back(static_cast<char>(kTfesc));
    } else {
        out.push_back(static_cast<char>(b));
    }
}

}  // namespace

std::string kiss_encode(const KissFrame& frame) {
    assert(frame.port < 16);
    std::string out;
    // Worst case every byte is escaped.
    out.reserve(4 + 2 * frame.payload.size());
    out.push_back(static_cast<char>(kFend));
    append_escaped(out, type_byte(frame.port, frame.command));
    for (char c : frame.payload) append_escaped(out, static_cast<std::uint8_t>(c));
    out.push_back(static_cast<char>(kFend));
    return out;
}

std::string kiss_parameter(KissCommand command, std::uint8_t value, std::uint8_t port) {
    assert(command != KissCommand::data && command != KissCommand::return_from_kiss);
    return kiss_encode(KissFrame{port, command, std::string(1, static_cast<char>(value))});
}

KissDecoder::KissDecoder(std::size_t max_payload) : max_payload_(max_payload) {}

void KissDecoder::feed(ByteView bytes, std::vector<KissFrame>& out) {
    stats_.bytes += bytes.size();
    for (std::uint8_t b : bytes) {
        if (b == kFend) {
            // A FEND ends whatever came before it and starts the next frame.
            if (state_ == State::escaped) drop(stats_.bad_escape);
            end_frame(out);
            continue;
        }
        switch (state_) {
            case State::hunting:
            case State::dropping:
                break;
            case State::in_frame:
                if (b == kFesc) {
                    state_ = State::escaped;
                } else {
                    accept(b);
                }
                break;
            case State::escaped:
                if (b == kTfend) {
                    state_ = State::in_frame;
                    accept(kFend);
                } else if (b == kTfesc) {
                    state_ = State::in_frame;
                    accept(kFesc);
                } else {
                    drop(stats_.bad_escape);
                }
                break;
        }
    }
}

// One unescaped byte of the frame: the type byte first, then the payload.
void KissDecoder::accept(std::uint8_t data_byte) {
    if (!have_type_) {
        have_type_ = true;
        if (data_byte == kReturnType) {
            frame_.port = 0;
            frame_.command = KissCommand::return_from_kiss;
        } else {
            frame_.port = static_cast<std::uint8_t>(data_byte >> 4);
            frame_.command = static_cast<KissCommand>(data_byte & 0x0F);
        }
        return;
    }
    if (frame_.payload.size() >= max_payload_) {
        drop(stats_.oversized);
        return;
    }
    frame_.payload.push_back(static_cast<char>(data_byte));
}

// At a FEND: hands out the frame if there is one (a type byte at least), and starts the next.
void KissDecoder::end_frame(std::vector<KissFrame>& out) {
    if (state_ == State::in_frame && have_type_) {
        out.push_back(std::move(frame_));
        ++stats_.frames;
    }
    frame_ = KissFrame{};
    have_type_ = false;
    state_ = State::in_frame;
}

// Forgets the frame so far; bytes are ignored until the next FEND.
void KissDecoder::drop(std::uint64_t& counter) {
    ++counter;
    frame_ = KissFrame{};
    have_type_ = false;
    state_ = State::dropping;
}

}  // namespace baken::radio
