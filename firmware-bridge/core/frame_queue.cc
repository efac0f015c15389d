// See frame_queue.h.
#include "core/frame_queue.h"

#include <cstring>

namespace baken::modem {

FrameQueue::PushResult FrameQueue::push(Precedence precedence, const std::uint8_t* data,
                                        std::size_t length, std::uint64_t now_ms) {
    if (length == 0 || length > kMaxLoraPayload) return PushResult::refused_size;
    if (count_ < kCapacity) {
        for (std::size_t slot = 0; slot < kCapacity; ++slot) {
            if (used_[slot]) continue;
            store(slot, precedence, data, length, now_ms);
            ++count_;
            return PushResult::queued;
        }
    }
    const std::size_t victim = newest_below(precedence);
    if (victim == kCapacity) return PushResult::refused_full;
    store(victim, precedence, data, length, now_ms);
    return PushResult::queued_displacing;
}

const QueuedFrame* FrameQueue::front() const {
    const std::size_t slot = front_slot();
    return slot == kCapacity ? nullptr : &slots_[slot];
}

void FrameQueue::pop() {
    const std::size_t slot = front_slot();
    if (slot == kCapacity) return;
    used_[slot] = false;
    --count_;
}

std::size_t FrameQueue::drop_older_than(std::uint64_t now_ms, std::uint32_t max_age_ms) {
    if (now_ms < max_age_ms) return 0;
    const std::uint64_t oldest_kept = now_ms - max_age_ms;
    std::size_t dropped = 0;
    for (std::size_t slot = 0; slot < kCapacity; ++slot) {
        if (!used_[slot] || slots_[slot].queued_at_ms >= oldest_kept) continue;
        used_[slot] = false;
        --count_;
        ++dropped;
    }
    return dropped;
}

std::uint64_t FrameQueue::oldest_queued_at_ms() const {
    std::uint64_t oldest = UINT64_MAX;
    for (std::size_t slot = 0; slot < kCapacity; ++slot)
        if (used_[slot] && slots_[slot].queued_at_ms < oldest) oldest = slots_[slot].queued_at_ms;
    return oldest;
}

std::size_t FrameQueue::front_slot() const {
    std::size_t best = kCapacity;
    for (std::size_t slot = 0; slot < kCapacity; ++slot) {
        if (!used_[slot]) continue;
        if (best == kCapacity || slots_[slot].precedence > slots_[best].precedence ||
            (slots_[slot].precedence == slots_[best].precedence && arrived_before(slot, best)))
            best = slot;
    }
    return best;
}

std::size_t FrameQueue::newest_below(Precedence precedence) const {
    std::size_t newest = kCapacity;
    for (std::size_t slot = 0; slot < kCapacity; ++slot) {
        if (!used_[slot] || slots_[slot].precedence >= precedence) continue;
        // Among lower precedences the lowest goes first, then the newest within it.
        if (newest == kCapacity || slots_[slot].precedence < slots_[newest].precedence ||
            (slots_[slot].precedence == slots_[newest].precedence && arrived_before(newest, slot)))
            newest = slot;
    }
    return newest;
}

bool FrameQueue::arrived_before(std::size_t a, std::size_t b) const {
    return static_cast<std::int32_t>(sequence_[a] - sequence_[b]) < 0;
}

void FrameQueue::store(std::size_t slot, Precedence precedence, const std::uint8_t* data,
                       std::size_t length, std::uint64_t now_ms) {
    QueuedFrame& frame = slots_[slot];
    frame.precedence = precedence;
    frame.queued_at_ms = now_ms;
    frame.length = static_cast<std::uint16_t>(length);
    std::memcpy(frame.data, data, length);
    used_[slot] = true;
    sequence_[slot] = next_sequence_++;
}

namespace {

constexpr std::uint8_t kLinkMagic = 0xBA;
constexpr std::uint8_t kLinkDataType = 0x05;    // low nibble of the type byte
constexpr std::uint8_t kLinkUrgentFlag = 0x20;  // high nibble
// Only the magic and the type byte are looked at: a shorter link frame would be refused by the
// daemon at the far end anyway, and sending junk sooner costs nothing but its own place.
constexpr std::size_t kLinkMinimumSize = 1 + 1;

constexpr std::size_t kAx25AddressSize = 7;
constexpr std::size_t kAx25MaxAddresses = 2 + 8;  // destination, source, 8 digipeaters
constexpr std::uint8_t kAx25Ui = 0x03;
constexpr std::uint8_t kAx25NoLayer3 = 0xF0;

bool is_urgent_link_frame(const std::uint8_t* data, std::size_t length) {
    return length >= kLinkMinimumSize && data[0] == kLinkMagic &&
           (data[1] & 0x0F) == kLinkDataType && (data[1] & kLinkUrgentFlag) != 0;
}

// The information field of an AX.25 UI frame without layer 3, or nullptr. The address field
// ends with the address whose last byte has bit 0 set.
const std::uint8_t* ax25_ui_info(const std::uint8_t* data, std::size_t length,
                                 std::size_t& info_length) {
    for (std::size_t n = 2; n <= kAx25MaxAddresses; ++n) {
        const std::size_t end = n * kAx25AddressSize;
        if (end + 2 > length) return nullptr;
        if ((data[end - 1] & 0x01) == 0) continue;
        if (data[end] != kAx25Ui || data[end + 1] != kAx25NoLayer3) return nullptr;
        info_length = length - end - 2;
        return data + end + 2;
    }
    return nullptr;
}

}  // namespace

Precedence classify_payload(const std::uint8_t* data, std::size_t length) {
    if (is_urgent_link_frame(data, length)) return Precedence::urgent;
    std::size_t info_length = 0;
    const std::uint8_t* info = ax25_ui_info(data, length, info_length);
    if (info != nullptr && is_urgent_link_frame(info, info_length)) return Precedence::urgent;
    return Precedence::normal;
}

}  // namespace baken::modem
