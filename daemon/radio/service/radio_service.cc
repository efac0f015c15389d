// See radio_service.h.
#include "radio/service/radio_service.h"

#include <sodium.h>

#include <boost/asio/post.hpp>

#include <chrono>

#include "common/log.h"
#include "message/envelope_codec.h"
#include "message/kind.h"
#include "radio/codec/callsign.h"

namespace baken::radio {
namespace {

// What the link sends: the exact stored bytes.
class StoreSource : public EnvelopeSource {
  public:
    explicit StoreSource(const Store& store) : store_(store) {}
    std::optional<std::string> envelope(const MessageId& id) override {
        auto stored = store_.get(id);
        if (!stored) return std::nullopt;
        return std::move(stored->envelope_bytes);
    }

  private:
    const Store& store_;
};

Result<RadioLinkSettings, std::string> link_settings(const RadioInterfaceConfig& c,
                                                     const Identity& identity) {
    std::vector<Kind> kinds;
    for (const std::string& name : c.kinds) {
        auto kind = kind_from_name(name);
        if (!kind) return fail("radio " + c.name + ": unknown kind " + name);
        kinds.push_back(*kind);
    }
    std::vector<v1::Precedence> precedences;
    for (const std::string& name : c.precedences) {
        auto precedence = precedence_from_name(name);
        if (!precedence) return fail("radio " + c.name + ": unknown precedence " + name);
        precedences.push_back(*precedence);
    }
    RadioLinkSettings s;
    s.self = link_id_of(identity.public_key());
    s.policy = make_policy(kinds, precedences, c.lawful);
    s.frame_bytes = c.frame_bytes;
    s.airtime = {c.bit_rate, c.tx_delay_ms, c.framing == RadioFraming::ax25};
    s.window_ms = c.duty_cycle_window_s * 1000;
    s.duty_cycle = c.duty_cycle_percent / 100.0;
    s.compress = c.compress;
    s.access_delay_ms = mean_access_delay_ms(c.persistence, c.slot_time_ms);
    return s;
}

Result<ModemFraming, std::string> modem_framing(const RadioInterfaceConfig& c) {
    ModemFramingSettings f;
    f.ax25 = c.framing == RadioFraming::ax25;
    if (f.ax25) {
        auto source = parse_callsign(c.callsign);
        if (!source) return fail("radio " + c.name + ": callsign: " + source.error());
        auto destination = parse_callsign(c.destination);
        if (!destination) return fail("radio " + c.name + ": destination: " + destination.error());
        f.source = *source;
        f.destination = *destination;
    }
    return ModemFraming(f);
}

std::string to_hex32(std::uint32_t v) {
    std::uint8_t b[4] = {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
                         static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
    return to_hex(ByteView(b, 4));
}

// Whether the link may ignore this tag from now on: only when the bytes are the tag's message
// (a forged payload under a genuine tag must not silence the genuine message) and the reason
// holds for these bytes whatever happens next (a full disk, a missing credential or a clock
// ahead of ours may all change).
bool refused_for_good(const ReceivedEnvelope& received, const Reject& reject) {
    switch (reject.code) {
        case RejectCode::storage_full:
        case RejectCode::storage_error:
        case RejectCode::unknown_author:
        case RejectCode::from_the_future:
            return false;
        default:
            break;
    }
    auto decoded = decode_envelope(as_bytes(received.bytes));
    return decoded && std::equal(received.tag.begin(), received.tag.end(), decoded->id.begin());
}

std::uint8_t in_tens_of_ms(std::uint32_t ms) {
    return static_cast<std::uint8_t>(std::min(ms / 10, 255u));
}

}  // namespace

struct RadioService::Interface {
    RadioInterfaceConfig config;
    RadioLink link;
    std::unique_ptr<ModemConnection> modem;
    KissDecoder kiss{2048};
    boost::asio::steady_timer timer;
    bool up = false;
    std::string modem_state = "not opened yet";

    Interface(boost::asio::io_context& io, RadioInterfaceConfig c, RadioLinkSettings settings,
              ModemFraming framing)
        : config(std::move(c)),
          link(std::move(settings), std::move(framing),
               (std::uint64_t{randombytes_random()} << 32) | randombytes_random()),
          timer(io) {}
};

RadioService::RadioService(boost::asio::io_context& io, Store& store, ValidationPath& validation,
                           const Clock& clock)
    : io_(io), store_(store), validation_(validation), clock_(clock) {}

RadioService::~RadioService() {
    stop();
}

Result<std::unique_ptr<RadioService>, std::string> RadioService::create(
    boost::asio::io_context& io, const std::vector<RadioInterfaceConfig>& interfaces,
    const Identity& identity, Store& store, ValidationPath& validation, const Clock& clock) {
    std::unique_ptr<RadioService> service(new RadioService(io, store, validation, clock));
    for (const RadioInterfaceConfig& c : interfaces) {
        auto settings = link_settings(c, identity);
        if (!settings) return fail(settings.error());
        auto framing = modem_framing(c);
        if (!framing) return fail(framing.error());
        auto iface = std::make_unique<Interface>(io, c, std::move(*settings), std::move(*framing));
        if (!c.device.empty())
            iface->modem = make_serial_modem(io, c.device, c.baud);
        else
            iface->modem = make_kiss_tcp_modem(io, c.tnc_address, c.tnc_port);
        service->interfaces_.push_back(std::move(iface));
    }
    return service;
}

// Every held message, so that summaries cover them and requests can be answered. One pass
// over the store at start (only when a radio is configured).
void RadioService::load_held() {
    auto started = std::chrono::steady_clock::now();
    std::int64_t now = clock_.now_ms();
    std::size_t count = 0;
    store_.for_each_message([&](const StoredMessage& stored) {
        auto decoded = decode_envelope(as_bytes(stored.envelope_bytes));
        if (!decoded) return true;  // the picture loader logs unreadable records
        HeldMessage held = describe_held(*decoded);
        for (auto& iface : interfaces_) iface->link.held(held, false, now);
        ++count;
        return true;
    });
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - started)
                  .count();
    log::info("radio", std::to_string(count) + " held messages indexed for " +
                           std::to_string(interfaces_.size()) + " radio interface(s) in " +
                           std::to_string(ms) + " ms");
}

void RadioService::start() {
    if (interfaces_.empty()) return;
    load_held();
    for (auto& owned : interfaces_) {
        Interface* iface = owned.get();
        log::info(
            "radio",
            iface->config.name + ": " + iface->modem->describe() + ", " +
                (iface->config.framing == RadioFraming::ax25 ? "AX.25 as " + iface->config.callsign
                                                             : std::string("raw KISS")) +
                (iface->config.lawful ? ", lawful mode (signed, never encrypted)" : "") +
                ", airtime budget " + std::to_string(iface->config.duty_cycle_percent) + " % of " +
                std::to_string(iface->config.duty_cycle_window_s) + " s");
        iface->modem->start(
            [this, iface](ByteView bytes) { modem_bytes(*iface, bytes); },
            [this, iface](bool up, const std::string& why) { modem_state(*iface, up, why); });
        pump(*iface);
    }
}

void RadioService::stop() {
    for (auto& iface : interfaces_) {
        iface->timer.cancel();
        if (iface->modem) iface->modem->stop();
    }
}

void RadioService::modem_state(Interface& iface, bool up, const std::string& why) {
    iface.up = up;
    iface.modem_state = why;
    if (!up) {
        log::warning("radio", iface.config.name + ": modem down: " + why);
        return;
    }
    log::info("radio", iface.config.name + ": modem " + why);
    // A TNC forgets its parameters when it restarts; say them every time it comes back.
    const RadioInterfaceConfig& c = iface.config;
    iface.modem->send(kiss_parameter(KissCommand::tx_delay, in_tens_of_ms(c.tx_delay_ms)));
    iface.modem->send(
        kiss_parameter(KissCommand::persistence, static_cast<std::uint8_t>(c.persistence)));
    iface.modem->send(kiss_parameter(KissCommand::slot_time, in_tens_of_ms(c.slot_time_ms)));
    iface.modem->send(kiss_parameter(KissCommand::full_duplex, 0));
    pump(iface);
}

void RadioService::modem_bytes(Interface& iface, ByteView bytes) {
    std::vector<KissFrame> frames;
    iface.kiss.feed(bytes, frames);
    std::int64_t now = clock_.now_ms();
    for (const KissFrame& frame : frames)
        if (frame.command == KissCommand::data && frame.port == 0)
            iface.link.on_modem_frame(as_bytes(frame.payload), now);
    validate_received(iface);
    pump(iface);
}

void RadioService::validate_received(Interface& iface) {
    std::vector<ReceivedEnvelope> received = iface.link.take_received();
    if (received.empty()) return;
    std::vector<ByteView> envelopes;
    for (const ReceivedEnvelope& r : received) envelopes.push_back(as_bytes(r.bytes));
    arriving_from_ = &iface;
    std::vector<Verdict> verdicts = validation_.submit_batch(envelopes, Origin::relayed);
    arriving_from_ = nullptr;
    for (std::size_t i = 0; i < received.size(); ++i) {
        bool held = verdicts[i].ok();
        if (!held)
            log::info("radio",
                      iface.config.name + ": refused a message: " + describe(verdicts[i].error()));
        iface.link.received_outcome(received[i].tag, held,
                                    !held && refused_for_good(received[i], verdicts[i].error()));
    }
}

void RadioService::pump(Interface& iface) {
    std::int64_t now = clock_.now_ms();
    if (iface.up) {
        StoreSource source(store_);
        for (int i = 0; i < 64; ++i) {  // the link paces itself; this only bounds one turn
            auto frame = iface.link.next_frame(now, source);
            if (!frame) break;
            iface.modem->send(kiss_encode({0, KissCommand::data, std::move(*frame)}));
        }
    }
    // While the modem is down nothing can be sent: the timer waits for it to come back
    // (modem_state pumps then), instead of waking for work it cannot do.
    if (!iface.up) return;
    std::int64_t wake = iface.link.next_wakeup_ms(now);
    iface.timer.expires_after(std::chrono::milliseconds(std::max<std::int64_t>(wake - now, 1)));
    iface.timer.async_wait([this, &iface](const boost::system::error_code& ec) {
        if (!ec) pump(iface);
    });
}

void RadioService::stored(const DecodedMessage& message) {
    if (interfaces_.empty()) return;
    HeldMessage held = describe_held(message);
    std::int64_t now = clock_.now_ms();
    for (auto& iface : interfaces_) {
        iface->link.held(held, iface.get() != arriving_from_, now);
        // Pushed at once when urgent: the timer may be far off.
        if (iface.get() != arriving_from_)
            boost::asio::post(io_, [this, p = iface.get()] { pump(*p); });
    }
}

void RadioService::removed(std::span<const MessageId> ids) {
    for (auto& iface : interfaces_)
        for (const MessageId& id : ids) iface->link.gone(id);
}

v1::RadioLinkList RadioService::status() const {
    v1::RadioLinkList list;
    std::int64_t now = clock_.now_ms();
    for (const auto& iface : interfaces_) {
        const RadioInterfaceConfig& c = iface->config;
        LinkStats s = iface->link.stats(now);
        v1::RadioLinkView* v = list.add_links();
        v->set_name(c.name);
        v->set_modem(iface->modem->describe());
        v->set_up(iface->up);
        v->set_modem_state(iface->modem_state);
        v->set_framing(c.framing == RadioFraming::ax25 ? "ax25" : "raw");
        v->set_callsign(c.callsign);
        v->set_lawful(c.lawful);
        v->set_bit_rate(c.bit_rate);
        v->set_frames_sent(s.frames_sent);
        v->set_frames_received(s.frames_received);
        v->set_bytes_sent(s.bytes_sent);
        v->set_bytes_received(s.bytes_received);
        v->set_frames_ignored(s.frames_ignored);
        v->set_messages_sent(s.messages_sent);
        v->set_messages_received(s.messages_received);
        v->set_retries(s.retries);
        v->set_summaries_sent(s.summaries_sent);
        v->set_budget_waits(s.budget_waits);
        v->set_airtime_used_ms(s.airtime_used_ms);
        v->set_airtime_budget_ms(s.airtime_budget_ms);
        v->set_window_s(s.window_ms / 1000);
        v->set_airtime_total_ms(s.airtime_total_ms);
        v->set_duty_cycle_percent(c.duty_cycle_percent);
        v->set_modem_dropped_bytes(iface->modem->dropped_bytes());
        v->set_kiss_errors(iface->kiss.stats().oversized + iface->kiss.stats().bad_escape);
        for (const auto& [id, n] : s.neighbours) {
            v1::RadioNeighbourView* nv = v->add_neighbours();
            nv->set_link_id(to_hex32(id));
            nv->set_station(n.station);
            nv->set_last_heard_ms(n.last_heard_ms);
            nv->set_frames(n.frames);
            nv->set_summary_count(n.summary_count);
            nv->set_in_sync(n.in_sync);
            nv->set_last_summary_ms(n.last_summary_ms);
        }
    }
    return list;
}

}  // namespace baken::radio
