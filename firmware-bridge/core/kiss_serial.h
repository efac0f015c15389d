// KISS on the modem's serial side (KA9Q/K3MC 1987): FEND type escaped(payload) FEND, with
// FESC TFEND / FESC TFESC for the two special bytes. The decoder takes bytes in any chunking
// into one fixed buffer; a frame longer than the buffer or with a bad escape is dropped whole
// and counted, never truncated and passed on. No heap: fits the microcontroller build.
//
// How the decoder reads the stream:
//   - bytes before the first FEND are line noise or a terminal's banner: ignored, not counted;
//   - FEND FEND (an empty frame, which hosts send as idle fill or to flush line noise) is
//     skipped without a count; one FEND both ends a frame and starts the next;
//   - the type byte splits into port (high nibble) and command (low nibble), except the whole
//     byte 0xFF, "return from KISS", which the KISS paper defines for every port at once: it
//     is handed out as port 0, command 0xFF (kReturnFromKissCommand), so no port's command 15
//     is mistaken for it;
//   - a frame is dropped when its payload passes kMaxKissPayload (oversized) or when FESC is
//     followed by anything but TFEND/TFESC, FEND included (bad_escape); it is counted once, when
//     the FEND that ends it arrives (a frame that never ends is neither handed out nor counted),
//     and the frame after it decodes normally.
#pragma once

#include <cstddef>
#include <cstdint>

namespace baken::modem {

inline constexpr std::uint8_t kFend = 0xC0;
inline constexpr std::uint8_t kFesc = 0xDB;
inline constexpr std::uint8_t kTfend = 0xDC;
inline constexpr std::uint8_t kTfesc = 0xDD;

// The low nibble of a KISS type byte.
enum class KissCommand : std::uint8_t {
    data = 0,
    tx_delay = 1,
    persistence = 2,
    slot_time = 3,
    tx_tail = 4,
    full_duplex = 5,
    set_hardware = 6,  // this modem's settings and statistics (kiss_commands.h)
    return_from_kiss = 15,
};

// KissFrameView::command for the type byte 0xFF (return from KISS, on every port).
inline constexpr std::uint8_t kReturnFromKissCommand = 0xFF;

// Largest KISS payload (after the type byte) the decoder accepts: a LoRa packet is at most
// 255 bytes; command frames are smaller.
inline constexpr std::size_t kMaxKissPayload = 256;

struct KissFrameView {
    std::uint8_t port = 0;                  // high nibble of the type byte
    std::uint8_t command = 0;               // low nibble (0xFF for the whole return_from_kiss byte)
    const std::uint8_t* payload = nullptr;  // valid until the next push()
    std::size_t length = 0;
};

class KissSerialDecoder {
  public:
    struct Counters {
        std::uint32_t frames = 0;      // whole frames handed out
        std::uint32_t oversized = 0;   // dropped: longer than kMaxKissPayload
        std::uint32_t bad_escape = 0;  // dropped: FESC followed by anything but TFEND/TFESC
    };

    // Feeds one byte; true when it completed a frame, which `frame` then describes. Empty
    // frames (FEND FEND, used as idle fill) are skipped silently.
    bool push(std::uint8_t byte, KissFrameView& frame);
    const Counters& counters() const { return counters_; }

  private:
    // Why the frame being read is already lost; counted when its closing FEND arrives.
    enum class Loss : std::uint8_t { none, oversized, bad_escape };

    bool end_frame(KissFrameView& frame);  // at a FEND: hands out, counts or skips the frame
    void accept(std::uint8_t unescaped);   // one byte of the frame after unescaping

    std::uint8_t buffer_[1 + kMaxKissPayload] = {};  // type byte + payload
    std::size_t length_ = 0;
    bool in_frame_ = false;  // a FEND has been seen: bytes belong to a frame
    bool escaped_ = false;   // the previous byte was FESC
    Loss loss_ = Loss::none;
    Counters counters_;
};

// Writes FEND type escaped(payload) FEND into out (capacity bytes). Returns the bytes written,
// or 0 if they do not fit (2 * length + 4 always does; the type byte is escaped too, so even
// 0xC0 and 0xDB round-trip).
std::size_t kiss_encode(std::uint8_t type, const std::uint8_t* payload, std::size_t length,
                        std::uint8_t* out, std::size_t capacity);

}  // namespace baken::modem
