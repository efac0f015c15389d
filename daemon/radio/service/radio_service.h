// Runs one RadioLink per [[radio]] interface on the daemon's event loop: the Asio adapter
// between a modem (serial port or KISS over TCP), the KISS codec, the sans-IO narrow-link
// protocol (link/radio_link.h) and the node's store and validation path.
//
// What arrives by radio takes the one validation path (as relayed messages, like a peer's);
// what the node stores from anywhere is told to every interface, which pushes flash and
// immediate messages at once (but not back onto the interface it came from). A modem that is
// down is reopened by its connection; meanwhile the link keeps its state and sends nothing.
// At start the TNC gets its KISS parameters (TXDELAY, persistence, slot time, half duplex),
// again every time it comes back.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "baken/v1/api.pb.h"
#include "common/clock.h"
#include "config/config.h"
#include "crypto/identity.h"
#include "radio/codec/kiss_codec.h"
#include "radio/link/radio_link.h"
#include "radio/transport/modem_connection.h"
#include "store/store.h"
#include "validation/validation_path.h"

namespace baken::radio {

class RadioService {
  public:
    // Errors: an interface's settings cannot be used (a message naming it).
    static Result<std::unique_ptr<RadioService>, std::string> create(
        boost::asio::io_context& io, const std::vector<RadioInterfaceConfig>& interfaces,
        const Identity& identity, Store& store, ValidationPath& validation, const Clock& clock);
    ~RadioService();

    // Tells every interface what the store holds, then opens the modems.
    void start();
    void stop();

    // The node's store: a message stored (from any entry point) or removed.
    void stored(const DecodedMessage& message);
    void removed(std::span<const MessageId> ids);

    v1::RadioLinkList status() const;
    bool empty() const { return interfaces_.empty(); }

  private:
    struct Interface;
    RadioService(boost::asio::io_context& io, Store& store, ValidationPath& validation,
                 const Clock& clock);
    void modem_bytes(Interface& iface, ByteView bytes);
    void modem_state(Interface& iface, bool up, const std::string& why);
    void validate_received(Interface& iface);
    void pump(Interface& iface);
    void load_held();

    boost::asio::io_context& io_;
    Store& store_;
    ValidationPath& validation_;
    const Clock& clock_;
    std::vector<std::unique_ptr<Interface>> interfaces_;
    Interface* arriving_from_ = nullptr;  // set while a radio's envelopes are being stored
};

}  // namespace baken::radio
