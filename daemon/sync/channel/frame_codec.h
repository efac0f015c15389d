// Length-prefixed frames on a byte stream (peer sync over TCP).
//
// Wire format: a 4-byte big-endian payload length, then that many payload bytes. A frame may be
// empty (length 0). There is no other header, no padding and no checksum: the payload is
// either a handshake message (handshake.h) or a SecureChannel ciphertext (secure_channel.h),
// both of which authenticate themselves.
//
//   +----------------+---------------------------+
//   | length (u32 BE)| payload (length bytes)    |
//   +----------------+---------------------------+
//
// The largest payload a peer may send is the decoder's `max_frame_bytes` (default 64 KiB). A
// larger declared length is refused as soon as its 4 header bytes have arrived, before any of
// the payload is read or buffered: the peer is broken or hostile, so drop it.
//
// FrameDecoder follows the shape of Asio's HTTP request_parser: the I/O object hands it
// whatever bytes the socket produced; each feed() consumes bytes up to the end of at most one
// frame and says how many it consumed and whether a frame is complete. It never throws, never
// aborts, never allocates more than one frame's payload (<= max_frame_bytes), and keeps no
// more than one frame's header and payload (4 + max_frame_bytes bytes) between calls.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "common/result.h"

namespace baken::channel {

inline constexpr std::size_t kFrameHeaderBytes = 4;
inline constexpr std::size_t kDefaultMaxFrameBytes = 64 * 1024;
// The length field is 32 bits: no decoder can be configured for more than this.
inline constexpr std::size_t kLargestMaxFrameBytes = 0xffffffffu;

enum class FrameErrorCode {
    oversized,  // the declared length exceeds the maximum frame size
};

struct FrameError {
    FrameErrorCode code;
    std::uint64_t declared_bytes = 0;  // the length the header declared (for oversized)
    std::size_t max_frame_bytes = 0;   // the limit it exceeded
};

// Stable machine name: "oversized".
std::string_view frame_error_name(FrameErrorCode code);
// For logs: "oversized frame: peer declared 1347703880 bytes, the limit is 65536".
std::string describe(const FrameError& error);

// One frame on the wire: header and payload.
// Errors: oversized, when payload.size() > max_frame_bytes (nothing is produced).
Result<Bytes, FrameError> encode_frame(ByteView payload,
                                       std::size_t max_frame_bytes = kDefaultMaxFrameBytes);

class FrameDecoder {
  public:
    // What one feed() call did.
    struct Step {
        // Bytes taken from the front of `input`. Less than input.size() only when a frame is
        // complete: feed the rest (input.subspan(consumed)) in the next call.
        std::size_t consumed = 0;
        // The payload of the frame that the consumed bytes completed; nullopt when more bytes
        // are needed. It points either into `input` (a whole frame in one piece, not copied)
        // or into the decoder's buffer, and stays valid until the next feed() call and for
        // no longer than `input` does.
        std::optional<ByteView> frame;
    };

    // REQUIRES: max_frame_bytes <= kLargestMaxFrameBytes (a larger value is clamped to it).
    explicit FrameDecoder(std::size_t max_frame_bytes = kDefaultMaxFrameBytes);

    // Consumes bytes from the front of `input`, up to the end of at most one frame.
    //
    // Errors: oversized (a header declared more than max_frame_bytes). The caller must drop
    // the peer: the stream cannot be resynchronised. The decoder stays failed, and every later
    // feed() returns the same error and consumes nothing.
    //
    // Typical use, once per read from the socket:
    //   while (!input.empty()) {
    //       auto step = decoder.feed(input);
    //       if (!step) return drop_peer(describe(step.error()));
    //       input = input.subspan(step->consumed);
    //       if (step->frame) handle(*step->frame);
    //   }
    // A frame completes in the call that delivers its last byte (for an empty frame: the last
    // header byte); an empty `input` consumes nothing and completes nothing.
    Result<Step, FrameError> feed(ByteView input);

    // Bytes received of a frame not yet complete (header plus payload so far); 0 between
    // frames and once failed. Always <= kFrameHeaderBytes + max_frame_bytes().
    std::size_t buffered_bytes() const {
        return delivered_ || error_ ? 0 : header_have_ + payload_.size();
    }
    // True between frames: nothing of a next frame has arrived yet (and not failed). A peer
    // that closes the connection anywhere else cut a frame short.
    bool at_frame_boundary() const { return buffered_bytes() == 0 && !error_; }
    bool failed() const { return error_.has_value(); }
    std::size_t max_frame_bytes() const { return max_frame_bytes_; }

  private:
    std::size_t take_header(ByteView input);
    Step finish_payload(std::size_t consumed);
    FrameError fail_oversized(std::uint32_t declared);

    std::size_t max_frame_bytes_;
    std::uint8_t header_[kFrameHeaderBytes] = {};
    std::size_t header_have_ = 0;   // header bytes of the current frame received so far
    std::size_t payload_need_ = 0;  // valid once header_have_ == kFrameHeaderBytes
    Bytes payload_;                 // payload bytes so far; capacity <= max_frame_bytes_
    bool delivered_ = false;        // payload_ holds the frame returned by the last feed()
    std::optional<FrameError> error_;
};

}  // namespace baken::channel
