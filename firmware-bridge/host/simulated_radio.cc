// See simulated_radio.h.
#include "host/simulated_radio.h"

#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

#include "core/lora_airtime.h"

namespace baken::modem::host {
namespace {

ChannelSettings channel_settings(const RadioSettings& s) {
    return ChannelSettings{s.frequency_hz, s.spreading_factor, s.bandwidth_hz};
}

// Datagrams handled per poll() at most, so stray traffic cannot keep the modem's loop here.
constexpr int kDatagramsPerPoll = 32;

}  // namespace

std::unique_ptr<SimulatedRadio> SimulatedRadio::open(const Endpoint& channel, std::string name,
                                                     std::string& error) {
    int fd = open_udp_socket(Endpoint{0x7F000001, 0}, error);
    if (fd < 0) return nullptr;
    return std::unique_ptr<SimulatedRadio>(new SimulatedRadio(fd, channel, std::move(name)));
}

SimulatedRadio::~SimulatedRadio() {
    ::close(fd_);
}

void SimulatedRadio::send(const Datagram& datagram) {
    auto bytes = encode(datagram);
    send_datagram(fd_, channel_, bytes.data(), bytes.size());
}

bool SimulatedRadio::configure(const RadioSettings& settings) {
    Datagram attach;
    attach.type = DatagramType::attach;
    attach.settings = channel_settings(settings);
    attach.name = name_;
    send(attach);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kAttachWaitMs);
    while (true) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                        deadline - std::chrono::steady_clock::now())
                        .count();
        pollfd socket{fd_, POLLIN, 0};
        if (left <= 0 || ::poll(&socket, 1, static_cast<int>(left)) <= 0) return false;
        std::uint8_t buffer[kMaxDatagram + 1];
        Endpoint from;
        ssize_t got = receive_datagram(fd_, buffer, sizeof buffer, from);
        Datagram d;
        if (got < 0 || !(from == channel_) ||
            decode(buffer, static_cast<std::size_t>(got), d) != DecodeError::ok)
            continue;
        if (d.type == DatagramType::attached) break;
        early_.push_back(std::move(d));
    }
    settings_ = settings;
    mode_ = Mode::standby;
    return true;
}

void SimulatedRadio::start_receive() {
    if (mode_ != Mode::unconfigured) mode_ = Mode::receiving;
}

void SimulatedRadio::start_channel_check() {
    if (mode_ == Mode::unconfigured) return;
    Datagram check;
    check.type = DatagramType::check;
    check.settings = channel_settings(settings_);
    send(check);
    mode_ = Mode::checking;
}

bool SimulatedRadio::start_transmit(const std::uint8_t* data, std::size_t length) {
    if (mode_ == Mode::unconfigured || mode_ == Mode::transmitting || length == 0 ||
        length > kMaxLoraPayload)
        return false;
    Datagram transmit;
    transmit.type = DatagramType::transmit;
    transmit.settings = channel_settings(settings_);
    transmit.airtime_us = lora_time_on_air_us(settings_, static_cast<std::uint16_t>(length));
    transmit.payload.assign(data, data + length);
    send(transmit);
    mode_ = Mode::transmitting;
    return true;
}

bool SimulatedRadio::next_datagram(Datagram& out) {
    if (!early_.empty()) {
        out = std::move(early_.front());
        early_.pop_front();
        return true;
    }
    std::uint8_t buffer[kMaxDatagram + 1];
    Endpoint from;
    ssize_t got = receive_datagram(fd_, buffer, sizeof buffer, from);
    if (got < 0) return false;
    // Anything malformed or from elsewhere is noise on a socket, not an event.
    if (!(from == channel_) ||
        decode(buffer, static_cast<std::size_t>(got), out) != DecodeError::ok)
        out.type = DatagramType::attached;  // ignored by to_event()
    return true;
}

RadioEvent SimulatedRadio::poll(std::uint8_t* buffer, std::size_t capacity) {
    Datagram d;
    for (int i = 0; i < kDatagramsPerPoll && next_datagram(d); ++i) {
        RadioEvent event = to_event(d, buffer, capacity);
        if (event.kind != RadioEvent::Kind::none) return event;
    }
    return RadioEvent{};
}

RadioEvent SimulatedRadio::to_event(const Datagram& d, std::uint8_t* buffer, std::size_t capacity) {
    RadioEvent event;
    switch (d.type) {
        case DatagramType::transmit_done:
            if (mode_ != Mode::transmitting) break;
            mode_ = Mode::standby;  // as the SX1262 after TxDone
            event.kind = RadioEvent::Kind::transmit_done;
            break;
        case DatagramType::channel_state:
            if (mode_ != Mode::checking) break;
            mode_ = Mode::standby;  // as the SX1262 after CadDone
            event.kind = d.busy ? RadioEvent::Kind::channel_busy : RadioEvent::Kind::channel_free;
            break;
        case DatagramType::frame:
            if (mode_ != Mode::receiving) break;  // half duplex: not listening, not heard
            event.rssi_dbm = d.rssi_dbm;
            event.snr_db = d.snr_db;
            if (d.payload.size() > capacity) {
                event.kind = RadioEvent::Kind::receive_error;
                break;
            }
            std::memcpy(buffer, d.payload.data(), d.payload.size());
            event.kind = RadioEvent::Kind::received;
            event.length = static_cast<std::uint16_t>(d.payload.size());
            break;
        default:
            break;
    }
    return event;
}

}  // namespace baken::modem::host
