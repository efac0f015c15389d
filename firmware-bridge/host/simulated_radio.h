// The modem's Radio on the host: instead of an SX1262, datagrams to and from
// baken-lora-channel (channel_protocol.h). Asynchronous like the chip: a command sends a
// datagram, and the channel's answer (transmit done, a frame heard, channel free or busy)
// comes out of poll() when it arrives. Half duplex like the chip: frames that arrive while
// it is not receiving are not heard.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include "core/radio.h"
#include "host/channel_protocol.h"
#include "host/udp_endpoint.h"

namespace baken::modem::host {

class SimulatedRadio final : public Radio {
  public:
    // How long configure() waits for the channel to confirm the attach.
    static constexpr int kAttachWaitMs = 250;

    // A radio on the channel at `channel`; `name` is how the channel's log calls it (1..32
    // printable ASCII). nullptr and `error` set when no socket could be opened.
    static std::unique_ptr<SimulatedRadio> open(const Endpoint& channel, std::string name,
                                                std::string& error);
    ~SimulatedRadio();
    SimulatedRadio(const SimulatedRadio&) = delete;
    SimulatedRadio& operator=(const SimulatedRadio&) = delete;

    // Attaches to the channel with these settings and waits (kAttachWaitMs at most) for its
    // answer: false when the channel is not there, as a radio that does not answer.
    bool configure(const RadioSettings& settings) override;
    void start_receive() override;
    void start_channel_check() override;
    // Computes the frame's airtime (lora_airtime.h) and puts it on the channel.
    bool start_transmit(const std::uint8_t* data, std::size_t length) override;
    RadioEvent poll(std::uint8_t* buffer, std::size_t capacity) override;

    // The socket, for the caller's poll(): readable when an event may be waiting.
    int fd() const { return fd_; }
    // Datagrams configure() set aside are waiting: poll() without sleeping.
    bool has_early_datagrams() const { return !early_.empty(); }

  private:
    enum class Mode : std::uint8_t { unconfigured, standby, receiving, checking, transmitting };

    SimulatedRadio(int fd, const Endpoint& channel, std::string name)
        : fd_(fd), channel_(channel), name_(std::move(name)) {}
    void send(const Datagram& datagram);
    bool next_datagram(Datagram& out);
    RadioEvent to_event(const Datagram& datagram, std::uint8_t* buffer, std::size_t capacity);

    int fd_;
    Endpoint channel_;
    std::string name_;
    RadioSettings settings_;
    Mode mode_ = Mode::unconfigured;
    // Datagrams that arrived while configure() waited for its answer, for poll().
    std::deque<Datagram> early_;
};

}  // namespace baken::modem::host
