// The frames waiting for the air, in a fixed pool: highest precedence first, oldest first
// within a precedence. When the pool is full a new frame takes the place of the newest frame
// of a lower precedence, or is refused; every displaced or refused frame is counted. No heap.
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

    // Copies the frame in. refused_size: length 0 or above kMaxLoraPayload.
    PushResult push(Precedence precedence, const std::uint8_t* data, std::size_t length,
                    std::uint64_t now_ms);
    // The frame that goes next, or nullptr when empty. Valid until the next push()/pop().
    const QueuedFrame* front() const;
    void pop();  // removes front(); REQUIRES: !empty()
    // Drops frames queued before now_ms - max_age_ms; returns how many.
    std::size_t drop_older_than(std::uint64_t now_ms, std::uint32_t max_age_ms);
    std::size_t size() const { return count_; }
    bool empty() const { return count_ == 0; }

  private:
    QueuedFrame slots_[kCapacity];
    bool used_[kCapacity] = {};
    std::uint32_t sequence_[kCapacity] = {};  // arrival order, for oldest-first
    std::uint32_t next_sequence_ = 0;
    std::size_t count_ = 0;
};

// The precedence a KISS data payload gets. A Baken narrow-link frame (magic 0xBA, see
// daemon/radio/link/link_frame.h) whose type byte carries the urgent flag 0x20 (flash,
// immediate, revocations) is urgent; everything else, from any program, is normal.
Precedence classify_payload(const std::uint8_t* data, std::size_t length);

}  // namespace baken::modem
