// The EN 300 220 sub-band table and the sliding-hour duty-cycle limiter (see duty_cycle.h).
#include "core/duty_cycle.h"

#include <cstddef>
#include <cstdint>

namespace baken::modem {

namespace {

// Non-specific short range devices in 863–870 MHz, each with its own duty cycle counted per
// sub-band (LoRaWAN and the standard count them separately). Sources, looked up for this table:
// - ETSI EN 300 220-2 V3.2.1 (2018-06) Table B.1, as quoted in Lora-net/LoRaMac-node pull
//   request 750: band K 863–865 MHz 0.1 %, band N 868.700–869.200 MHz 0.1 %, separate bands.
// - Commission Implementing Decision (EU) 2017/1483 and ERC REC 70-03 Annex 1, as transposed in
//   the Spanish CNAF note UN-39: 868.000–868.600 MHz 25 mW e.r.p. 1 %; 868.700–869.200 MHz
//   25 mW 0.1 %; 869.400–869.650 MHz 500 mW 10 % (the whole band may be one channel).
// - EN 300 220 note 9 (cited in mcci-catena/arduino-lmic issue 401): 865–868 MHz 1 %.
// - 869.700–870.000 MHz: 5 mW without a duty cycle or 25 mW with 1 %; this modem always counts
//   the duty cycle, so it takes the 25 mW / 1 % row.
// The h1.x labels follow ERC REC 70-03 Annex 1 (h1.2 is 863–870 MHz at 0.1 %; only its lower
// part without a better row is listed). The gaps between rows (868.6–868.7, 869.2–869.4,
// 869.65–869.7 MHz) are left out on purpose: a channel there is refused, not guessed.
// e.r.p. limits in dBm rounded down from mW: 25 mW = 13.98 dBm -> 14 is the value everyone uses,
// 500 mW = 26.99 dBm -> 27 likewise; SX1262 power is set at the pin, so an antenna with gain
// above 0 dBd needs a lower setting (the operator's responsibility, documented in the README).
constexpr SubBand kSubBands[] = {
    {"h1.2", 863'000'000, 865'000'000, 1, 14},    // 0.1 %, 25 mW
    {"h1.3", 865'000'000, 868'000'000, 10, 14},   // 1 %, 25 mW
    {"h1.4", 868'000'000, 868'600'000, 10, 14},   // 1 %, 25 mW (LoRaWAN's 868.1/.3/.5)
    {"h1.5", 868'700'000, 869'200'000, 1, 14},    // 0.1 %, 25 mW
    {"h1.6", 869'400'000, 869'650'000, 100, 27},  // 10 %, 500 mW
    {"h1.7", 869'700'000, 870'000'000, 10, 14},   // 1 %, 25 mW
};

}  // namespace

const SubBand* sub_band_for(std::uint32_t frequency_hz, std::uint32_t bandwidth_hz) {
    // The channel occupies centre ± bandwidth/2; both edges must lie inside one sub-band.
    const std::uint32_t half = bandwidth_hz / 2;
    if (half > frequency_hz) return nullptr;
    const std::uint64_t low = frequency_hz - half;
    const std::uint64_t high = static_cast<std::uint64_t>(frequency_hz) + half;
    for (const SubBand& band : kSubBands) {
        if (band.low_hz <= low && high <= band.high_hz) return &band;
    }
    return nullptr;
}

namespace {

std::uint16_t capped_permille(std::uint16_t permille) {
    return permille > DutyCycleLimiter::kMaxPermille ? DutyCycleLimiter::kMaxPermille : permille;
}

}  // namespace

DutyCycleLimiter::DutyCycleLimiter(std::uint16_t permille) : permille_(capped_permille(permille)) {}

void DutyCycleLimiter::set_permille(std::uint16_t permille) {
    permille_ = capped_permille(permille);
}

std::uint32_t DutyCycleLimiter::budget_ms() const {
    // At most the whole hour (permille is capped at 1000).
    return kWindowMs / 1000 * permille_;
}

std::uint64_t DutyCycleLimiter::oldest_bucket(std::uint64_t now_ms) {
    // The hour is (now - 1 h, now]; the bucket holding now - 1 h still overlaps it.
    return now_ms < kWindowMs ? 0 : bucket_of(now_ms - kWindowMs);
}

std::uint64_t DutyCycleLimiter::oldest_stored_bucket() const {
    return newest_bucket_ + 1 >= kRingBuckets ? newest_bucket_ + 1 - kRingBuckets : 0;
}

std::uint32_t DutyCycleLimiter::slot_of(std::uint64_t bucket) const {
    const auto back = static_cast<std::uint32_t>(newest_bucket_ - bucket);  // < kRingBuckets
    return back <= newest_slot_ ? newest_slot_ - back : newest_slot_ + kRingBuckets - back;
}

std::uint64_t DutyCycleLimiter::charged_from(std::uint64_t first_bucket) const {
    const std::uint64_t oldest_stored = oldest_stored_bucket();
    const std::uint64_t first = first_bucket > oldest_stored ? first_bucket : oldest_stored;
    if (first > newest_bucket_) return 0;
    const auto count = static_cast<std::uint32_t>(newest_bucket_ - first) + 1;
    std::uint32_t slot = slot_of(first);
    std::uint64_t sum = 0;
    for (std::uint32_t i = 0; i < count; ++i, slot = next_slot(slot)) sum += buckets_[slot];
    return sum;
}

std::uint32_t DutyCycleLimiter::used_ms(std::uint64_t now_ms) const {
    // Includes what a transmission still on the air has charged to buckets after now.
    const std::uint64_t sum = charged_from(oldest_bucket(now_ms));
    return sum > UINT32_MAX ? UINT32_MAX : static_cast<std::uint32_t>(sum);
}

bool DutyCycleLimiter::allows(std::uint64_t now_ms, std::uint32_t airtime_ms) const {
    return charged_from(oldest_bucket(now_ms)) + airtime_ms <= budget_ms();
}

std::uint32_t DutyCycleLimiter::wait_ms(std::uint64_t now_ms, std::uint32_t airtime_ms) const {
    const std::uint32_t budget = budget_ms();
    if (airtime_ms > budget) return UINT32_MAX;
    const std::uint64_t oldest = oldest_bucket(now_ms);
    std::uint64_t charged = charged_from(oldest);
    if (charged + airtime_ms <= budget) return 0;  // allows(now_ms, airtime_ms)
    // Nothing new is charged while waiting, so the sum only falls, one bucket at a time: bucket
    // b leaves the hour at (b + 1) * kBucketMs + kWindowMs. Find the first bucket whose leaving
    // makes room: from then on only buckets from `first` on are counted. charged > 0, so some
    // bucket from max(oldest, oldest stored) to newest_bucket_ holds something.
    const std::uint32_t room = budget - airtime_ms;
    std::uint64_t first = oldest;
    if (first < oldest_stored_bucket()) first = oldest_stored_bucket();
    std::uint32_t slot = slot_of(first);
    while (charged > room && first <= newest_bucket_) {
        charged -= buckets_[slot];
        slot = next_slot(slot);
        ++first;
    }
    // Past newest_bucket_ nothing is charged, so the loop always ends with room.
    const std::uint64_t earliest = oldest + 1;  // allows(now) was false
    if (first < earliest) first = earliest;
    const std::uint64_t at = first * kBucketMs + kWindowMs;
    return at - now_ms > UINT32_MAX ? UINT32_MAX : static_cast<std::uint32_t>(at - now_ms);
}

void DutyCycleLimiter::advance(std::uint64_t newest_bucket) {
    if (newest_bucket <= newest_bucket_) return;
    if (newest_bucket - newest_bucket_ >= kRingBuckets) {
        // Every slot is reused: which one holds the newest bucket is free to choose.
        for (std::uint32_t& bucket : buckets_) bucket = 0;
    } else {
        const auto steps = static_cast<std::uint32_t>(newest_bucket - newest_bucket_);
        for (std::uint32_t i = 0; i < steps; ++i) {
            newest_slot_ = next_slot(newest_slot_);
            buckets_[newest_slot_] = 0;
        }
    }
    newest_bucket_ = newest_bucket;
}

void DutyCycleLimiter::record(std::uint64_t now_ms, std::uint32_t airtime_ms) {
    if (airtime_ms == 0) return;
    std::uint64_t first = bucket_of(now_ms);
    // Where in the first bucket the transmission starts: 32 bits from here on.
    auto offset = static_cast<std::uint32_t>(now_ms - first * kBucketMs);
    // A time older than the ring holds (a clock that went back) is charged to the oldest bucket
    // still held: later than it happened, so it is counted longer, never shorter.
    if (first < oldest_stored_bucket()) {
        first = oldest_stored_bucket();
        offset = 0;
    }
    // The last bucket it reaches, at most kFutureBuckets after the first (the horizon). Up to
    // the horizon's end offset + airtime stays below 370 000: a 32-bit division.
    const std::uint64_t horizon = first + kFutureBuckets;
    const std::uint32_t to_horizon_end = (kFutureBuckets + 1) * kBucketMs - offset;
    const std::uint64_t last =
        airtime_ms > to_horizon_end ? horizon : first + (offset + airtime_ms - 1) / kBucketMs;
    advance(last);
    // Each bucket gets the part of [start, start + airtime) inside it; the last one also any
    // excess beyond the horizon, so the total charged is always the whole airtime.
    std::uint32_t left = airtime_ms;
    std::uint32_t room_in_bucket = kBucketMs - offset;
    std::uint32_t slot = slot_of(first);
    for (std::uint64_t b = first; b <= last; ++b, slot = next_slot(slot)) {
        const std::uint32_t part = b == last || room_in_bucket > left ? left : room_in_bucket;
        const std::uint64_t sum = static_cast<std::uint64_t>(buckets_[slot]) + part;
        buckets_[slot] = sum > UINT32_MAX ? UINT32_MAX : static_cast<std::uint32_t>(sum);
        left -= part;
        room_in_bucket = kBucketMs;
    }
}

}  // namespace baken::modem
