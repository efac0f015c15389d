// See frame_codec.h.
#include "sync/channel/frame_codec.h"

#include <algorithm>
#include <cassert>

namespace baken::channel {
namespace {

std::uint32_t read_be32(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
           std::uint32_t{p[3]};
}

}  // namespace

std::string_view frame_error_name(FrameErrorCode code) {
    switch (code) {
        case FrameErrorCode::oversized:
            return "oversized";
    }
    return "unknown";
}

std::string describe(const FrameError& error) {
    switch (error.code) {
        case FrameErrorCode::oversized:
            return "oversized frame: peer declared " + std::to_string(error.declared_bytes) +
                   " bytes, the limit is " + std::to_string(error.max_frame_bytes);
    }
    return std::string(frame_error_name(error.code));
}

Result<Bytes, FrameError> encode_frame(ByteView payload, std::size_t max_frame_bytes) {
    max_frame_bytes = std::min(max_frame_bytes, kLargestMaxFrameBytes);
    if (payload.size() > max_frame_bytes)
        return fail(FrameError{FrameErrorCode::oversized, payload.size(), max_frame_bytes});
    const auto n = static_cast<std::uint32_t>(payload.size());
    Bytes out;
    out.reserve(kFrameHeaderBytes + payload.size());
    out.push_back(static_cast<std::uint8_t>(n >> 24));
    out.push_back(static_cast<std::uint8_t>(n >> 16));
    out.push_back(static_cast<std::uint8_t>(n >> 8));
    out.push_back(static_cast<std::uint8_t>(n));
    out.insert(out.end(), payload.begin(), payload.end());
    return out;
}

FrameDecoder::FrameDecoder(std::size_t max_frame_bytes)
    : max_frame_bytes_(std::min(max_frame_bytes, kLargestMaxFrameBytes)) {}

// Copies header bytes of the current frame from `input`; returns how many it took. When the
// header completes, checks the declared length (which may fail the decoder).
std::size_t FrameDecoder::take_header(ByteView input) {
    const std::size_t n = std::min(kFrameHeaderBytes - header_have_, input.size());
    std::copy_n(input.begin(), n, header_ + header_have_);
    header_have_ += n;
    if (header_have_ == kFrameHeaderBytes) {
        const std::uint32_t declared = read_be32(header_);
        if (declared > max_frame_bytes_) {
            fail_oversized(declared);
        } else {
            payload_need_ = declared;
            // Exactly the frame's size, so the buffer never grows beyond max_frame_bytes_.
            payload_.reserve(payload_need_);
        }
    }
    return n;
}

// The decoder is done for good: remember why, and give back the buffer.
FrameError FrameDecoder::fail_oversized(std::uint32_t declared) {
    error_ = FrameError{FrameErrorCode::oversized, declared, max_frame_bytes_};
    Bytes().swap(payload_);
    return *error_;
}

FrameDecoder::Step FrameDecoder::finish_payload(std::size_t consumed) {
    // Invariant: a complete frame holds exactly the declared number of bytes.
    assert(header_have_ == kFrameHeaderBytes && payload_.size() == payload_need_);
    delivered_ = true;
    return Step{consumed, ByteView(payload_.data(), payload_.size())};
}

Result<FrameDecoder::Step, FrameError> FrameDecoder::feed(ByteView input) {
    if (error_) return fail(*error_);
    if (delivered_) {
        // The caller is done with the last frame: start the next one, keeping the capacity.
        payload_.clear();
        header_have_ = 0;
        payload_need_ = 0;
        delivered_ = false;
    }

    // A whole frame at the front of `input`, nothing buffered: hand it out without a copy.
    if (header_have_ == 0 && input.size() >= kFrameHeaderBytes) {
        const std::uint32_t declared = read_be32(input.data());
        if (declared > max_frame_bytes_) return fail(fail_oversized(declared));
        if (input.size() - kFrameHeaderBytes >= declared) {
            return Step{kFrameHeaderBytes + declared, input.subspan(kFrameHeaderBytes, declared)};
        }
    }

    std::size_t consumed = 0;
    if (header_have_ < kFrameHeaderBytes) {
        consumed += take_header(input);
        if (error_) return fail(*error_);
        if (header_have_ < kFrameHeaderBytes) return Step{consumed, std::nullopt};
    }
    const std::size_t want = payload_need_ - payload_.size();
    const std::size_t n = std::min(want, input.size() - consumed);
    payload_.insert(payload_.end(), input.begin() + static_cast<std::ptrdiff_t>(consumed),
                    input.begin() + static_cast<std::ptrdiff_t>(consumed + n));
    consumed += n;
    if (payload_.size() == payload_need_) return finish_payload(consumed);
    // Invariant: an incomplete frame means all of `input` went into it.
    assert(consumed == input.size());
    return Step{consumed, std::nullopt};
}

}  // namespace baken::channel
