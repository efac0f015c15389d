// Duty-cycle accounting per ETSI EN 300 220-2 sub-band (Annex B / ERC REC 70-03 Annex 1,
// band h1.4 and h1.6): at most 1 % of any hour in 868.000–868.600 MHz, 10 % in
// 869.400–869.650 MHz (plus the other h1.x sub-bands with their own shares). A frame that
// would take the last hour over its sub-band's budget is refused, and the limiter says how
// long until it would fit.
//
// The sliding hour is kept in fixed memory: 360 buckets of 10 s holding the milliseconds sent
// in each. A transmission is charged to every bucket it overlaps, and the window counts every
// bucket that overlaps the last hour, so the sum can only over-estimate what any exact sliding
// hour contains (by at most one bucket's worth): never above budget.
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

    // Budget of `permille` per hour (0 refuses everything).
    explicit DutyCycleLimiter(std::uint16_t permille = 100);

    // Changes the share (a new frequency's sub-band); what was sent stays counted.
    void set_permille(std::uint16_t permille);
    std::uint32_t budget_ms() const;
    // Milliseconds charged to the hour that ends at now_ms.
    std::uint32_t used_ms(std::uint64_t now_ms) const;
    // Whether a transmission of airtime_ms starting at now_ms keeps the hour within budget.
    bool allows(std::uint64_t now_ms, std::uint32_t airtime_ms) const;
    // How long from now_ms until allows() would be true for airtime_ms: 0 if it is now,
    // UINT32_MAX if never (airtime_ms above the whole budget).
    std::uint32_t wait_ms(std::uint64_t now_ms, std::uint32_t airtime_ms) const;
    // Charges a transmission of airtime_ms starting at now_ms.
    void record(std::uint64_t now_ms, std::uint32_t airtime_ms);

  private:
    void advance(std::uint64_t now_ms);  // used by record(): clears buckets that left the hour
    std::uint32_t buckets_[kBuckets] = {};
    std::uint64_t newest_bucket_ = 0;  // index (time / kBucketMs) of the newest bucket written
    std::uint16_t permille_;
};

}  // namespace baken::modem
