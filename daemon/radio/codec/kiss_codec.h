// KISS framing between the host and a TNC (Chepponis & Karn, "The KISS TNC", 1987): the
// byte-stream protocol every standard packet-radio modem speaks over a serial port or TCP.
//
//   FEND type escaped(payload) FEND      type = port << 4 | command (0xFF: leave KISS)
//
// FEND and FESC inside a frame are sent as FESC TFEND and FESC TFESC. The encoder escapes the
// type byte too, so any port/command is safe. Sans-IO: the decoder takes whatever bytes the
// serial port or socket produced and hands back whole frames.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/bytes.h"

namespace baken::radio {

inline constexpr std::uint8_t kFend = 0xC0;   // frame end (and start)
inline constexpr std::uint8_t kFesc = 0xDB;   // frame escape
inline constexpr std::uint8_t kTfend = 0xDC;  // FESC TFEND stands for a FEND data byte
inline constexpr std::uint8_t kTfesc = 0xDD;  // FESC TFESC stands for a FESC data byte

// Dire Wolf silently truncates a KISS message longer than this after escaping (and still sends
// it with a valid checksum), so the link keeps its frames well under it.
inline constexpr std::size_t kDefaultMaxKissPayload = 2048;

// The low nibble of the type byte, and the whole byte 0xFF for "return" (leave KISS mode).
enum class KissCommand : std::uint8_t {
    data = 0,          // a frame to send / a frame heard
    tx_delay = 1,      // keyup delay, in 10 ms units
    persistence = 2,   // p-persistence, p = (value + 1) / 256
    slot_time = 3,     // in 10 ms units
    tx_tail = 4,       // obsolete; in 10 ms units
    full_duplex = 5,   // 0 half duplex, else full duplex
    set_hardware = 6,  // TNC specific
    return_from_kiss = 0xFF,
};

// A decoded frame. `command` may also hold another low nibble (7..15) a TNC sent: the decoder
// reports what it received and the caller ignores what it does not know.
struct KissFrame {
    std::uint8_t port = 0;  // 0..15; standard TNCs want 0
    KissCommand command = KissCommand::data;
    std::string payload;  // unescaped bytes after the type byte
    friend bool operator==(const KissFrame&, const KissFrame&) = default;
};

// FEND type escaped(payload) FEND. REQUIRES: frame.port < 16 (only its low nibble is sent).
// return_from_kiss is sent as the single type byte 0xFF, whatever the port.
std::string kiss_encode(const KissFrame& frame);

// A TNC parameter command with its one-byte value, e.g. kiss_parameter(KissCommand::tx_delay,
// 30) is C0 01 1E C0 (TXDELAY 300 ms). REQUIRES: a parameter command (tx_delay..set_hardware).
std::string kiss_parameter(KissCommand command, std::uint8_t value, std::uint8_t port = 0);

struct KissDecoderStats {
    std::uint64_t frames = 0;      // frames handed out
    std::uint64_t oversized = 0;   // frames dropped for a payload over max_payload
    std::uint64_t bad_escape = 0;  // frames dropped for FESC followed by anything but TFEND/TFESC
    std::uint64_t bytes = 0;       // bytes fed
};

// Turns the byte stream from a TNC into frames. Never throws; memory is bounded by
// max_payload whatever arrives:
//   - bytes before the first FEND (line noise, a TNC's banner) are ignored;
//   - FEND FEND (an empty frame, which TNCs send to flush noise) is ignored;
//   - a frame whose payload passes max_payload is dropped whole (counted); decoding resumes
//     at the next FEND;
//   - a bad escape (FESC followed by anything but TFEND/TFESC) drops that frame (counted);
//     a FEND right after the FESC still ends it, so the next frame is not lost.
class KissDecoder {
  public:
    explicit KissDecoder(std::size_t max_payload = kDefaultMaxKissPayload);

    // Feeds bytes in any chunking; appends each complete frame to `out`.
    void feed(ByteView bytes, std::vector<KissFrame>& out);

    const KissDecoderStats& stats() const { return stats_; }

  private:
    enum class State {
        hunting,   // before the first FEND
        in_frame,  // after a FEND: the type byte, then the payload
        escaped,   // after a FESC inside a frame
        dropping,  // after an oversized frame or a bad escape, until the next FEND
    };

    void accept(std::uint8_t data_byte);
    void end_frame(std::vector<KissFrame>& out);
    void drop(std::uint64_t& counter);

    std::size_t max_payload_;
    State state_ = State::hunting;
    bool have_type_ = false;
    KissFrame frame_;
    KissDecoderStats stats_;
};

}  // namespace baken::radio
