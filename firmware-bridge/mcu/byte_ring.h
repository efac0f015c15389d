// A fixed-size byte queue between one producer and one consumer that may run in different
// contexts (an interrupt handler filling it, the main loop draining it). Each index is written
// by one side only and published with release/acquire ordering, so no lock or disabling of
// interrupts is needed; plain word loads and stores are atomic on the Cortex-M0+.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace baken::mcu {

template <std::size_t Capacity>
class ByteRing {
    static_assert(Capacity >= 2 && (Capacity & (Capacity - 1)) == 0,
                  "a power of two, so the free-running indices wrap correctly");

  public:
    // Producer side. false when full: the byte is lost, and the caller counts it.
    bool push(std::uint8_t byte) {
        std::uint32_t head = head_.load(std::memory_order_relaxed);
        if (head - tail_.load(std::memory_order_acquire) == Capacity) return false;
        bytes_[head % Capacity] = byte;
        head_.store(head + 1, std::memory_order_release);
        return true;
    }
    // Consumer side. false when empty.
    bool pop(std::uint8_t& byte) {
        std::uint32_t tail = tail_.load(std::memory_order_relaxed);
        if (head_.load(std::memory_order_acquire) == tail) return false;
        byte = bytes_[tail % Capacity];
        tail_.store(tail + 1, std::memory_order_release);
        return true;
    }
    bool full() const {
        return head_.load(std::memory_order_acquire) - tail_.load(std::memory_order_acquire) ==
               Capacity;
    }

  private:
    std::uint8_t bytes_[Capacity] = {};
    std::atomic<std::uint32_t> head_{0};  // next slot to write; only the producer stores
    std::atomic<std::uint32_t> tail_{0};  // next slot to read; only the consumer stores
};

}  // namespace baken::mcu
