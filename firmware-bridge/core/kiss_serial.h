// KISS on the modem's serial side (KA9Q/K3MC 1987): FEND type escaped(payload) FEND, with
// FESC TFEND / FESC TFESC for the two special bytes. The decoder takes bytes in any chunking
// into one fixed buffer; a frame longer than the buffer or with a bad escape is dropped whole
// and counted, never truncated and passed on. No heap: fits the microcontroller build.
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
    std::uint8_t buffer_[1 + kMaxKissPayload] = {};  // type byte + payload
    std::size_t length_ = 0;
    bool in_frame_ = false;
    bool escaped_ = false;
    bool discarding_ = false;  // the current frame is already lost (oversized or bad escape)
    Counters counters_;
};

// Writes FEND type escaped(payload) FEND into out (capacity bytes). Returns the bytes written,
// or 0 if they do not fit (2 * length + 4 always does).
std::size_t kiss_encode(std::uint8_t type, const std::uint8_t* payload, std::size_t length,
                        std::uint8_t* out, std::size_t capacity);

}  // namespace baken::modem
