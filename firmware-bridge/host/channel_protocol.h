// The datagrams between a simulated modem (SimulatedRadio) and the simulated shared LoRa
// channel (baken-lora-channel), over UDP on loopback. Every datagram:
//
//   magic 0x42 0x4C ("BL") | version 1 | type u8 | body          numbers big-endian
//
//   modem -> channel
//     1 attach         settings | name_length u8 | name
//                      "I listen on these settings"
//     3 transmit       settings | airtime_us u32 | payload
//                      "this frame is on the air for airtime_us"
//     4 check          settings
//                      channel activity detection
//   channel -> modem
//     2 attached       (no body) the answer to attach
//     5 transmit_done  (no body) the frame's airtime has elapsed
//     6 frame          rssi_dbm i16 | snr_db i8 | payload
//                      a frame heard (its airtime elapsed, no collision)
//     7 channel_state  busy u8 (0 or 1)
//                      the answer to check
//
//   settings = frequency_hz u32 | spreading_factor u8 | bandwidth_hz u32
//
// The modem computes the airtime (lora_airtime.h) because only it knows the coding rate and
// preamble; the channel only keeps time. A datagram comes from whatever may send to the port,
// so decode() checks every field and length before the caller sees any of it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace baken::modem::host {

inline constexpr std::uint8_t kChannelMagic0 = 0x42;
inline constexpr std::uint8_t kChannelMagic1 = 0x4C;
inline constexpr std::uint8_t kChannelVersion = 1;
inline constexpr std::size_t kMaxModemName = 32;
inline constexpr std::size_t kMaxChannelPayload = 255;  // one LoRa packet
// Nothing longer than the duty-cycle hour can be lawful; longer claims are malformed.
inline constexpr std::uint32_t kMaxAirtimeUs = 3'600'000'000u;
inline constexpr std::size_t kMaxDatagram = 4 + 9 + 4 + kMaxChannelPayload;

enum class DatagramType : std::uint8_t {
    attach = 1,
    attached = 2,
    transmit = 3,
    check = 4,
    transmit_done = 5,
    frame = 6,
    channel_state = 7,
};

// What decides who hears whom: the same frequency, spreading factor and bandwidth.
struct ChannelSettings {
    std::uint32_t frequency_hz = 0;
    std::uint8_t spreading_factor = 0;
    std::uint32_t bandwidth_hz = 0;
    bool operator==(const ChannelSettings&) const = default;
};

struct Datagram {
    DatagramType type = DatagramType::attached;
    ChannelSettings settings;           // attach, transmit, check
    std::string name;                   // attach: printable ASCII, 1..kMaxModemName
    std::uint32_t airtime_us = 0;       // transmit: 1..kMaxAirtimeUs
    std::vector<std::uint8_t> payload;  // transmit, frame: 1..kMaxChannelPayload bytes
    std::int16_t rssi_dbm = 0;          // frame
    std::int8_t snr_db = 0;             // frame
    bool busy = false;                  // channel_state
};

enum class DecodeError : std::uint8_t {
    ok = 0,
    too_short,     // shorter than the header or the type's fixed fields
    too_long,      // more bytes than the type allows
    bad_magic,     // not ours
    bad_version,   // a future or past protocol
    unknown_type,  // no such datagram type
    bad_settings,  // SF not 7..12, bandwidth not 125/250/500 kHz, frequency not 150..960 MHz
    bad_name,      // empty, too long or not printable ASCII
    bad_airtime,   // 0 or over kMaxAirtimeUs
    bad_payload,   // empty
    bad_flag,      // busy neither 0 nor 1
};

const char* decode_error_name(DecodeError error);

// The datagram's bytes. `datagram` must be valid (what decode() accepts); the encoder does
// not check, so tests can also build malformed datagrams by hand.
std::vector<std::uint8_t> encode(const Datagram& datagram);
// Parses `length` bytes into `out`; anything but ok leaves `out` unspecified.
DecodeError decode(const std::uint8_t* data, std::size_t length, Datagram& out);

}  // namespace baken::modem::host
