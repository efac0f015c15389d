// See sync_session.h.
#include "sync/session/sync_session.h"

#include <algorithm>

#include "sync/channel/frame_codec.h"
#include "sync/channel/handshake.h"
#include "sync/channel/secure_channel.h"

namespace baken::sync {

// The byte-level parts: framing, then the handshake, then the channel it produces.
struct SyncSession::Channel {
    channel::FrameDecoder frames{kMaxFrameBytes};
    channel::Handshake handshake;
    std::optional<channel::SecureChannel> secure;
    explicit Channel(channel::Handshake h) : handshake(std::move(h)) {}
};

namespace {

channel::Handshake make_handshake(const SessionParams& p) {
    channel::HandshakeOptions options;
    options.expected_peer = p.expected_peer;
    options.timeout_ms = SyncSession::kHandshakeTimeoutMs;
    return p.role == Role::initiator
               ? channel::Handshake::initiator(p.identity, p.ephemeral_seed, p.now_ms, options)
               : channel::Handshake::responder(p.identity, p.ephemeral_seed, p.now_ms, options);
}

}  // namespace

SyncSession::SyncSession(const SessionParams& params, Store& store, ValidationPath& validation)
    : store_(store),
      validation_(validation),
      node_name_(params.node_name),
      role_(params.role),
      channel_(std::make_unique<Channel>(make_handshake(params))),
      started_ms_(params.now_ms),
      last_received_ms_(params.now_ms),
      last_sent_ms_(params.now_ms),
      flood_(params.flood),
      flood_tokens_(params.flood.burst_bytes),
      flood_refilled_ms_(params.now_ms) {
    if (role_ == Role::initiator) emit(channel_->handshake.initial_message(), false);
}

SyncSession::~SyncSession() = default;

std::string SyncSession::peer_name() const {
    return protocol_ ? protocol_->peer_name() : "";
}

void SyncSession::close(const std::string& reason) {
    if (close_reason_.empty()) close_reason_ = reason.empty() ? "closed" : reason;
}

// Token bucket over received bytes: a peer may burst, but not sustain more than the rate.
bool SyncSession::admit(std::size_t bytes, std::int64_t now_ms) {
    double elapsed_s =
        static_cast<double>(std::max<std::int64_t>(now_ms - flood_refilled_ms_, 0)) / 1000.0;
    flood_refilled_ms_ = now_ms;
    flood_tokens_ =
        std::min(flood_.burst_bytes, flood_tokens_ + elapsed_s * flood_.rate_bytes_per_s);
    flood_tokens_ -= static_cast<double>(bytes);
    return flood_tokens_ >= 0;
}

void SyncSession::on_bytes(ByteView bytes, std::int64_t now_ms) {
    if (closed()) return;
    counters_.bytes_in += bytes.size();
    last_received_ms_ = now_ms;
    while (!bytes.empty() && !closed()) {
        auto step = channel_->frames.feed(bytes);
        if (!step) return close(channel::describe(step.error()));
        bytes = bytes.subspan(step->consumed);
        bool within_rate = admit(step->consumed, now_ms);
        if (step->frame) {
            if (!within_rate) {
                return close("peer floods: more than " +
                             std::to_string(static_cast<int>(flood_.rate_bytes_per_s / 1024)) +
                             " KiB/s sustained of bytes that brought nothing new");
            }
            std::uint64_t new_before = new_message_bytes();
            on_frame(*step->frame, now_ms);
            // Messages new to this node are what sync is for: a peer delivering a backlog at
            // LAN speed is not flooding. Their bytes go back into the bucket (capped at the
            // burst); what drains it is everything else: duplicates, refused messages, chatter.
            refund(new_message_bytes() - new_before);
        }
        if (step->consumed == 0 && !step->frame) break;  // decoder wants nothing more now
    }
}

std::uint64_t SyncSession::new_message_bytes() const {
    return protocol_ ? protocol_->stats().useful_bytes_received : 0;
}

void SyncSession::refund(std::uint64_t bytes) {
    flood_tokens_ = std::min(flood_.burst_bytes, flood_tokens_ + static_cast<double>(bytes));
}

void SyncSession::on_frame(ByteView frame, std::int64_t now_ms) {
    if (!channel_->secure) return on_handshake_frame(frame, now_ms);
    auto plain = channel_->secure->open(frame);
    if (!plain) return close(channel::describe(plain.error()));
    auto handled = protocol_->on_frame(*plain, now_ms);
    if (!handled) close(handled.error().reason);
}

void SyncSession::on_handshake_frame(ByteView frame, std::int64_t now_ms) {
    auto reply = channel_->handshake.on_message(now_ms, frame);
    if (!reply) return close(channel::describe(reply.error()));
    if (!reply->empty()) emit(*reply, false);
    if (!channel_->handshake.complete()) return;
    channel_->secure.emplace(channel_->handshake.keys(),
                             kMaxFrameBytes - channel::SecureChannel::kTagBytes);
    peer_key_ = channel_->handshake.peer_key();
    protocol_ =
        std::make_unique<SyncProtocol>(store_, validation_, node_name_, role_,
                                       salt_for_session(channel_->handshake.session_id()), now_ms);
}

void SyncSession::emit(ByteView payload, bool encrypt) {
    Bytes sealed;
    if (encrypt) {
        auto s = channel_->secure->seal(payload);
        if (!s) return close(channel::describe(s.error()));
        sealed = std::move(s).value();
        payload = sealed;
    }
    auto framed = channel::encode_frame(payload, kMaxFrameBytes);
    if (!framed) return close(channel::describe(framed.error()));
    output_.append(as_chars(*framed));
    counters_.bytes_out += framed->size();
    if (!encrypt) counters_.handshake_bytes_out += framed->size();
}

std::string SyncSession::take_output(std::size_t max_bytes, std::int64_t now_ms) {
    if (protocol_ && !closed()) {
        // Leave room for the channel's tag and the frame header in every frame.
        constexpr std::size_t kFramePayload =
            kMaxFrameBytes - channel::SecureChannel::kTagBytes - 64;
        while (output_.size() < max_bytes) {
            auto frame = protocol_->next_frame(kFramePayload, now_ms);
            if (!frame) break;
            emit(as_bytes(*frame), true);
            if (closed()) break;
        }
    }
    if (!output_.empty()) last_sent_ms_ = now_ms;
    return std::exchange(output_, {});
}

std::int64_t SyncSession::next_deadline_ms() const {
    if (!protocol_)
        return channel_->handshake.deadline_ms().value_or(started_ms_ + kHandshakeTimeoutMs);
    return std::min(last_sent_ms_ + kPingIntervalMs, last_received_ms_ + kIdleTimeoutMs);
}

void SyncSession::on_timer(std::int64_t now_ms) {
    if (closed()) return;
    if (!protocol_) {
        if (channel_->handshake.on_timeout(now_ms)) close("handshake timeout");
        return;
    }
    if (now_ms >= last_received_ms_ + kIdleTimeoutMs) return close("peer silent for too long");
    if (now_ms >= last_sent_ms_ + kPingIntervalMs) {
        emit(as_bytes(SyncProtocol::ping_frame()), true);
        // Counted as sent now, though it may wait for the socket: else the deadline stays in
        // the past and the adapter's timer spins until the write completes.
        last_sent_ms_ = now_ms;
    }
}

void SyncSession::on_local_message(const MessageId& id) {
    if (protocol_ && !closed()) protocol_->on_local_message(id);
}

}  // namespace baken::sync
