// See channel_protocol.h.
#include "host/channel_protocol.h"

namespace baken::modem::host {
namespace {

constexpr std::size_t kHeaderBytes = 4;

void put_u16(std::vector<std::uint8_t>& out, std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v));
}
void put_u32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    put_u16(out, static_cast<std::uint16_t>(v >> 16));
    put_u16(out, static_cast<std::uint16_t>(v));
}
void put_settings(std::vector<std::uint8_t>& out, const ChannelSettings& s) {
    put_u32(out, s.frequency_hz);
    out.push_back(s.spreading_factor);
    put_u32(out, s.bandwidth_hz);
}

// Reads fields front to back; every read checks the remaining length first.
class Reader {
  public:
    Reader(const std::uint8_t* data, std::size_t length) : data_(data), left_(length) {}
    bool u8(std::uint8_t& v) {
        if (left_ < 1) return false;
        v = *data_++;
        --left_;
        return true;
    }
    bool u16(std::uint16_t& v) {
        std::uint8_t hi = 0, lo = 0;
        if (left_ < 2) return false;
        u8(hi);
        u8(lo);
        v = static_cast<std::uint16_t>(hi << 8 | lo);
        return true;
    }
    bool u32(std::uint32_t& v) {
        std::uint16_t hi = 0, lo = 0;
        if (left_ < 4) return false;
        u16(hi);
        u16(lo);
        v = static_cast<std::uint32_t>(hi) << 16 | lo;
        return true;
    }
    std::size_t left() const { return left_; }
    const std::uint8_t* rest() const { return data_; }

  private:
    const std::uint8_t* data_;
    std::size_t left_;
};

bool settings_valid(const ChannelSettings& s) {
    bool bandwidth =
        s.bandwidth_hz == 125'000 || s.bandwidth_hz == 250'000 || s.bandwidth_hz == 500'000;
    // The SX1262's frequency range.
    bool frequency = s.frequency_hz >= 150'000'000 && s.frequency_hz <= 960'000'000;
    return s.spreading_factor >= 7 && s.spreading_factor <= 12 && bandwidth && frequency;
}

DecodeError read_settings(Reader& in, ChannelSettings& s) {
    if (!in.u32(s.frequency_hz) || !in.u8(s.spreading_factor) || !in.u32(s.bandwidth_hz))
        return DecodeError::too_short;
    return settings_valid(s) ? DecodeError::ok : DecodeError::bad_settings;
}

DecodeError read_payload(Reader& in, std::vector<std::uint8_t>& payload) {
    if (in.left() == 0) return DecodeError::bad_payload;
    if (in.left() > kMaxChannelPayload) return DecodeError::too_long;
    payload.assign(in.rest(), in.rest() + in.left());
    return DecodeError::ok;
}

DecodeError read_attach(Reader& in, Datagram& out) {
    if (DecodeError e = read_settings(in, out.settings); e != DecodeError::ok) return e;
    std::uint8_t length = 0;
    if (!in.u8(length)) return DecodeError::too_short;
    if (length == 0 || length > kMaxModemName) return DecodeError::bad_name;
    if (in.left() < length) return DecodeError::too_short;
    if (in.left() > length) return DecodeError::too_long;
    out.name.assign(reinterpret_cast<const char*>(in.rest()), length);
    for (char c : out.name)
        if (c < 0x21 || c > 0x7E) return DecodeError::bad_name;  // it goes into a log line
    return DecodeError::ok;
}

DecodeError read_transmit(Reader& in, Datagram& out) {
    if (DecodeError e = read_settings(in, out.settings); e != DecodeError::ok) return e;
    if (!in.u32(out.airtime_us)) return DecodeError::too_short;
    if (out.airtime_us == 0 || out.airtime_us > kMaxAirtimeUs) return DecodeError::bad_airtime;
    return read_payload(in, out.payload);
}

DecodeError read_frame(Reader& in, Datagram& out) {
    std::uint16_t rssi = 0;
    std::uint8_t snr = 0;
    if (!in.u16(rssi) || !in.u8(snr)) return DecodeError::too_short;
    out.rssi_dbm = static_cast<std::int16_t>(rssi);
    out.snr_db = static_cast<std::int8_t>(snr);
    return read_payload(in, out.payload);
}

DecodeError read_channel_state(Reader& in, Datagram& out) {
    std::uint8_t busy = 0;
    if (!in.u8(busy)) return DecodeError::too_short;
    if (busy > 1) return DecodeError::bad_flag;
    out.busy = busy == 1;
    return in.left() == 0 ? DecodeError::ok : DecodeError::too_long;
}

DecodeError read_body(Reader& in, Datagram& out) {
    switch (out.type) {
        case DatagramType::attach:
            return read_attach(in, out);
        case DatagramType::transmit:
            return read_transmit(in, out);
        case DatagramType::check: {
            DecodeError e = read_settings(in, out.settings);
            if (e != DecodeError::ok) return e;
            return in.left() == 0 ? DecodeError::ok : DecodeError::too_long;
        }
        case DatagramType::attached:
        case DatagramType::transmit_done:
            return in.left() == 0 ? DecodeError::ok : DecodeError::too_long;
        case DatagramType::frame:
            return read_frame(in, out);
        case DatagramType::channel_state:
            return read_channel_state(in, out);
    }
    return DecodeError::unknown_type;
}

}  // namespace

const char* decode_error_name(DecodeError error) {
    switch (error) {
        case DecodeError::ok:
            return "ok";
        case DecodeError::too_short:
            return "too_short";
        case DecodeError::too_long:
            return "too_long";
        case DecodeError::bad_magic:
            return "bad_magic";
        case DecodeError::bad_version:
            return "bad_version";
        case DecodeError::unknown_type:
            return "unknown_type";
        case DecodeError::bad_settings:
            return "bad_settings";
        case DecodeError::bad_name:
            return "bad_name";
        case DecodeError::bad_airtime:
            return "bad_airtime";
        case DecodeError::bad_payload:
            return "bad_payload";
        case DecodeError::bad_flag:
            return "bad_flag";
    }
    return "unknown";
}

std::vector<std::uint8_t> encode(const Datagram& d) {
    std::vector<std::uint8_t> out{kChannelMagic0, kChannelMagic1, kChannelVersion,
                                  static_cast<std::uint8_t>(d.type)};
    switch (d.type) {
        case DatagramType::attach:
            put_settings(out, d.settings);
            out.push_back(static_cast<std::uint8_t>(d.name.size()));
            out.insert(out.end(), d.name.begin(), d.name.end());
            break;
        case DatagramType::transmit:
            put_settings(out, d.settings);
            put_u32(out, d.airtime_us);
            out.insert(out.end(), d.payload.begin(), d.payload.end());
            break;
        case DatagramType::check:
            put_settings(out, d.settings);
            break;
        case DatagramType::frame:
            put_u16(out, static_cast<std::uint16_t>(d.rssi_dbm));
            out.push_back(static_cast<std::uint8_t>(d.snr_db));
            out.insert(out.end(), d.payload.begin(), d.payload.end());
            break;
        case DatagramType::channel_state:
            out.push_back(d.busy ? 1 : 0);
            break;
        case DatagramType::attached:
        case DatagramType::transmit_done:
            break;
    }
    return out;
}

DecodeError decode(const std::uint8_t* data, std::size_t length, Datagram& out) {
    if (length < kHeaderBytes) return DecodeError::too_short;
    if (length > kMaxDatagram) return DecodeError::too_long;
    if (data[0] != kChannelMagic0 || data[1] != kChannelMagic1) return DecodeError::bad_magic;
    if (data[2] != kChannelVersion) return DecodeError::bad_version;
    std::uint8_t type = data[3];
    if (type < static_cast<std::uint8_t>(DatagramType::attach) ||
        type > static_cast<std::uint8_t>(DatagramType::channel_state))
        return DecodeError::unknown_type;
    out = Datagram{};
    out.type = static_cast<DatagramType>(type);
    Reader in(data + kHeaderBytes, length - kHeaderBytes);
    return read_body(in, out);
}

}  // namespace baken::modem::host
