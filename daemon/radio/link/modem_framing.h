// What wraps a link frame for the modem: an AX.25 UI frame with the operator's callsign
// (amateur TNCs; lawful mode needs it: the callsign travels in every frame), or nothing at all
// (raw KISS payloads for LoRa modems). The KISS layer around it is the service's.
//
// Received frames that are not for us are recognised here and ignored: AX.25 frames that are
// not UI frames with PID 0xF0 (no layer 3) addressed to our destination (other stations on a
// shared amateur channel: APRS, BBS traffic).
#pragma once

#include <optional>
#include <string>

#include "common/bytes.h"
#include "radio/codec/callsign.h"

namespace baken::radio {

struct ModemFramingSettings {
    bool ax25 = true;
    Callsign source;                   // ax25: the operator's callsign-SSID
    Callsign destination{"BAKEN", 0};  // ax25: all Baken stations listen to this address
};

struct UnwrappedFrame {
    std::string payload;  // the link frame
    std::string station;  // "PA3XYZ-7" with AX.25, empty with raw framing
};

class ModemFraming {
  public:
    explicit ModemFraming(ModemFramingSettings settings) : settings_(std::move(settings)) {}

    std::string wrap(std::string_view link_frame) const;
    std::optional<UnwrappedFrame> unwrap(ByteView modem_frame) const;
    // Bytes wrap() adds to every frame.
    std::size_t overhead() const;
    bool hdlc() const { return settings_.ax25; }
    const ModemFramingSettings& settings() const { return settings_; }

  private:
    ModemFramingSettings settings_;
};

}  // namespace baken::radio
