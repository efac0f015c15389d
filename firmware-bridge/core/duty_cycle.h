// Duty-cycle accounting per ETSI EN 300 220-2 sub-band (ERC REC 70-03 Annex 1, bands h1.2 to
// h1.7; EN 300 220-2 V3.2.1 Table B.1): at most 1 % of any hour in 868.000–868.600 MHz (h1.4),
// 10 % in 869.400–869.650 MHz (h1.6), and the other sub-bands with their own shares (the table
// and its sources are in duty_cycle.cc). A frame that would take the hour over its sub-band's
// budget is refused, and the limiter says how long until it would fit.
//
// The sliding hour is kept in fixed memory: buckets of 10 s holding the milliseconds sent in
// each. A transmission is charged to every bucket it overlaps (the part of it inside each), and
// a new transmission of airtime a is allowed at `now` only when everything charged to buckets
// overlapping (now - 1 h, now] or later, plus a, fits the budget. Every exact hour that overlaps
// the new transmission starts after now - 1 h, so what it holds is at most that sum: no exact
// sliding hour ever goes above budget. The price is an over-estimate by what was sent in at most
// one bucket's edge and one airtime's length more than the hour; a 3-hour simulation still
// fills exact hours to the full budget (duty_cycle_test.cc). Memory: 398 buckets, 1.6 KB.
#pragma once

#include <cstdint>

namespace baken::modem {

struct SubBand {
    const char* name;         // "h1.4"
    std::uint32_t low_hz;     // inclusive lower edge
    std::uint32_t high_hz;    // inclusive upper edge
    std::uint16_t permille;   // duty cycle in 0.1 %: 10 = 1 %, 100 = 10 %
    std::int8_t max_erp_dbm;  // power limit (e.r.p.)
};

// The sub-band wholly containing the channel centred at frequency_hz with bandwidth_hz, or
// nullptr (then the modem refuses to transmit on it).
const SubBand* sub_band_for(std::uint32_t frequency_hz, std::uint32_t bandwidth_hz);

class DutyCycleLimiter {
  public:
    static constexpr std::uint32_t kWindowMs = 3'600'000;
    static constexpr std::uint32_t kBucketMs = 10'000;
    static constexpr std::uint32_t kBuckets = kWindowMs / kBucketMs;

    // The largest share: the whole hour. A larger permille is capped to it (more than the
    // whole hour means nothing, and the cap keeps budget_ms() within the window).
    static constexpr std::uint16_t kMaxPermille = 1000;

    // Budget of `permille` per hour (0 refuses everything; above kMaxPermille is capped).
    explicit DutyCycleLimiter(std::uint16_t permille = 100);

    // Changes the share (a new frequency's sub-band); what was sent stays counted. Above
    // kMaxPermille is capped to it.
    void set_permille(std::uint16_t permille);
    std::uint32_t budget_ms() const;
    // Milliseconds charged to the hour that ends at now_ms.
    std::uint32_t used_ms(std::uint64_t now_ms) const;
    // Whether a transmission of airtime_ms starting at now_ms keeps the hour within budget.
    bool allows(std::uint64_t now_ms, std::uint32_t airtime_ms) const;
    // How long from now_ms until allows() would be true for airtime_ms: 0 if it is now,
    // UINT32_MAX if never (airtime_ms above the whole budget).
    std::uint32_t wait_ms(std::uint64_t now_ms, std::uint32_t airtime_ms) const;
    // Charges a transmission of airtime_ms starting at now_ms (call it when the transmission
    // starts, with the airtime rounded up). Times must not go backwards.
    void record(std::uint64_t now_ms, std::uint32_t airtime_ms);

  private:
    // Buckets a transmission may reach beyond the one it starts in: 36 hold 360 s, the longest
    // any sub-band's budget allows (10 %). A longer one (only recorded against allows()'s
    // advice) has its excess charged to the last of them, so it is still counted in full.
    static constexpr std::uint32_t kFutureBuckets = 36;
    // The hour (now - 1 h, now] overlaps 361 buckets when `now` is not on a bucket edge, and a
    // transmission starting now may reach kFutureBuckets more.
    static constexpr std::uint32_t kRingBuckets = kBuckets + 1 + kFutureBuckets;

    // The Cortex-M0+ has no divider: a 64-bit division is a library call (__aeabi_uldivmod) of
    // hundreds of cycles. So each public call divides a time by kBucketMs at most once, and
    // the loops over buckets step a ring slot with compare-and-wrap instead of `% kRingBuckets`.
    static std::uint64_t bucket_of(std::uint64_t time_ms) { return time_ms / kBucketMs; }
    // The oldest bucket that overlaps the hour ending at now_ms.
    static std::uint64_t oldest_bucket(std::uint64_t now_ms);
    // The oldest bucket the ring still holds (older slots were reused for newer buckets).
    std::uint64_t oldest_stored_bucket() const;
    // The slot of a bucket the ring holds (oldest_stored_bucket() to newest_bucket_), counted
    // back from newest_slot_.
    std::uint32_t slot_of(std::uint64_t bucket) const;
    static std::uint32_t next_slot(std::uint32_t slot) {
        return slot + 1 == kRingBuckets ? 0 : slot + 1;
    }
    // Milliseconds charged to first_bucket and every newer one (64 bits: never saturates).
    std::uint64_t charged_from(std::uint64_t first_bucket) const;
    void advance(std::uint64_t newest_bucket);  // clears the ring slots a newer bucket reuses

    // Bucket newest_bucket_ - k (k < kRingBuckets) is in slot newest_slot_ - k, wrapping.
    std::uint32_t buckets_[kRingBuckets] = {};
    std::uint64_t newest_bucket_ = 0;  // index (time / kBucketMs) of the newest bucket written
    std::uint32_t newest_slot_ = 0;    // its slot in buckets_
    std::uint16_t permille_;
};

}  // namespace baken::modem
