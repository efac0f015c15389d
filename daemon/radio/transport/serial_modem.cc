// See serial_modem.h.
#include "radio/transport/serial_modem.h"

#include <sys/ioctl.h>

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <utility>

namespace baken::radio {
namespace asio = boost::asio;
using Port = asio::serial_port_base;

SerialModem::SerialModem(asio::io_context& io, std::filesystem::path device, unsigned baud,
                         ReopenDelays delays)
    : ReopeningConnection(io, delays), device_(std::move(device)), baud_(baud), port_(io) {}

std::string SerialModem::describe() const {
    return "serial " + device_.string() + " at " + std::to_string(baud_) + " baud";
}

// Asio opens the port non-blocking and raw (no echo, no line editing, no translation of CR
// or LF, 8 bits, receiver on, modem lines ignored); the line settings are made explicit here.
std::string SerialModem::configure() {
    boost::system::error_code ec;
    port_.set_option(Port::baud_rate(baud_), ec);
    if (ec)
        return "set " + std::to_string(baud_) + " baud on " + device_.string() + ": " +
               ec.message();
    port_.set_option(Port::character_size(8), ec);
    if (!ec) port_.set_option(Port::parity(Port::parity::none), ec);
    if (!ec) port_.set_option(Port::stop_bits(Port::stop_bits::one), ec);
    if (!ec) port_.set_option(Port::flow_control(Port::flow_control::none), ec);
    if (ec) return "set 8N1 without flow control on " + device_.string() + ": " + ec.message();
    // Exclusive use: a second program writing into the same TNC would interleave KISS frames.
    // Best effort: not every driver supports it, and root may open the port regardless.
    ::ioctl(port_.native_handle(), TIOCEXCL);
    return {};
}

void SerialModem::open_stream(OpenDone done) {
    boost::system::error_code ec;
    port_.open(device_.string(), ec);
    std::string failure = ec ? "open " + device_.string() + ": " + ec.message() : configure();
    // The result is reported from the io_context, as the interface promises.
    asio::post(io(), [done = std::move(done), failure = std::move(failure)] { done(failure); });
}

void SerialModem::read_some(asio::mutable_buffer into, IoDone done) {
    port_.async_read_some(into, std::move(done));
}

void SerialModem::write_all(asio::const_buffer bytes, IoDone done) {
    asio::async_write(port_, bytes, std::move(done));
}

void SerialModem::close_stream() {
    boost::system::error_code ignored;
    port_.close(ignored);
}

std::string SerialModem::closed_text() const {
    return device_.string() + " was closed (unplugged, or the modem hung up)";
}

std::unique_ptr<ModemConnection> make_serial_modem(asio::io_context& io,
                                                   std::filesystem::path device, unsigned baud,
                                                   ReopenDelays delays) {
    return std::make_unique<SerialModem>(io, std::move(device), baud, delays);
}

}  // namespace baken::radio
