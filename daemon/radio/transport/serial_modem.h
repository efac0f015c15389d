// A KISS TNC on a serial port: a USB TNC (/dev/ttyUSB0, /dev/ttyACM0), a Raspberry Pi's UART,
// or a LoRa modem running our firmware bridge. Opened raw, 8N1, no flow control, at the
// configured host<->modem speed; reopened when the device goes away and comes back.
#pragma once

#include <boost/asio/serial_port.hpp>
#include <filesystem>

#include "radio/transport/reopening_connection.h"

namespace baken::radio {

class SerialModem final : public ReopeningConnection {
  public:
    SerialModem(boost::asio::io_context& io, std::filesystem::path device, unsigned baud,
                ReopenDelays delays);
    std::string describe() const override;

  private:
    void open_stream(OpenDone done) override;
    void read_some(boost::asio::mutable_buffer into, IoDone done) override;
    void write_all(boost::asio::const_buffer bytes, IoDone done) override;
    void close_stream() override;
    std::string up_text() const override { return "open"; }
    std::string closed_text() const override;
    std::string configure();  // empty on success, else why not

    const std::filesystem::path device_;
    const unsigned baud_;
    boost::asio::serial_port port_;
};

}  // namespace baken::radio
