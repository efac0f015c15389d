// The frames waiting for the air, in a fixed pool: highest precedence first, oldest first
// within a precedence. When the pool is full a new frame takes the place of the newest frame
// of a lower precedence, or is refused; push() says which, so the modem counts every displaced
// or refused frame and tells the host. No heap.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/radio_settings.h"

namespace baken::modem {

enum class Precedence : std::uint8_t { normal = 0, urgent = 1 };

struct QueuedFrame {
    Precedence precedence = Precedence::normal;
    std::uint64_t queued_at_ms = 0;
    std::uint16_t length = 0;
    std::uint8_t data[kMaxLoraPayload] = {};
};

class FrameQueue {
  public:
    static constexpr std::size_t kCapacity = 16;

    enum class PushResult : std::uint8_t { queued, queued_displacing, refused_full, refused_size };

    // Copies the frame in. refused_size: length 0 or above kMaxLoraPayload. When full, the
    // newest frame of a lower precedence is displaced (the one that has waited least, so
    // what has waited longest still goes first); with none, the new frame is refused_full.
    PushResult push(Precedence precedence, const std::uint8_t* data, std::size_t length,
                    std::uint64_t now_ms);
    // The frame that goes next, or nullptr when empty. Valid until the next push()/pop().
    const QueuedFrame* front() const;
    void pop();  // removes front(); REQUIRES: !empty()
    // Drops frames queued before now_ms - max_age_ms; returns how many.
    std::size_t drop_older_than(std::uint64_t now_ms, std::uint32_t max_age_ms);
    // When the oldest waiting frame was queued; UINT64_MAX when empty.
    std::uint64_t oldest_queued_at_ms() const;
    std::size_t size() const { return count_; }
    bool empty() const { return count_ == 0; }

  private:
    // The used slot that goes first (highest precedence, then earliest arrival), or kCapacity.
    std::size_t front_slot() const;
    // The used slot of a precedence below `precedence` that arrived last, or kCapacity.
    std::size_t newest_below(Precedence precedence) const;
    // Arrival order that survives the 32-bit sequence wrapping (at most kCapacity frames are
    // ever compared, so their sequences are always within 2^31 of each other).
    bool arrived_before(std::size_t a, std::size_t b) const;
    void store(std::size_t slot, Precedence precedence, const std::uint8_t* data,
               std::size_t length, std::uint64_t now_ms);

    QueuedFrame slots_[kCapacity];
    bool used_[kCapacity] = {};
    std::uint32_t sequence_[kCapacity] = {};  // arrival order, for oldest-first
    std::uint32_t next_sequence_ = 0;
    std::size_t count_ = 0;
};

// The precedence a KISS data payload gets. A Baken narrow-link data frame (magic 0xBA, see
// daemon/radio/link/link_frame.h), sent raw as LoRa modems get it or as the information field
// of an AX.25 UI frame (PID 0xF0) as the daemon sends it with a callsign, whose type byte
// carries the urgent flag 0x20 (flash, immediate, revocations) is urgent; everything else,
// from any program, is normal. Only the magic and the type byte are read, not the check
// (BLAKE2b is the daemon's business): a foreign frame that mimics the header only gets itself
// sent sooner.
Precedence classify_payload(const std::uint8_t* data, std::size_t length);

}  // namespace baken::modem
