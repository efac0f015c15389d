// See airtime_budget.h.
#include "radio/link/airtime_budget.h"

#include <algorithm>

namespace baken::radio {
namespace {

constexpr std::size_t kHdlcBytes = 4;  // opening and closing flag, 16-bit FCS

// Bits HDLC stuffs into `frame`: after five consecutive 1s (sent least significant bit first)
// the transmitter inserts a 0.
std::int64_t stuffed_bits(ByteView frame) {
    std::int64_t stuffed = 0;
    int ones = 0;
    for (std::uint8_t byte : frame) {
        for (int bit = 0; bit < 8; ++bit) {
            if ((byte >> bit) & 1) {
                if (++ones == 5) {
                    ++stuffed;
                    ones = 0;
                }
            } else {
                ones = 0;
            }
        }
    }
    return stuffed;
}

std::int64_t ms_for_bits(const AirtimeModel& model, std::int64_t bits) {
    std::int64_t rate = std::max<std::int64_t>(model.bit_rate, 1);
    return model.tx_delay_ms + (bits * 1000 + rate - 1) / rate;  // rounded up
}

}  // namespace

std::int64_t airtime_ms(const AirtimeModel& model, ByteView frame) {
    std::int64_t bits = static_cast<std::int64_t>(frame.size()) * 8;
    if (model.hdlc) bits += kHdlcBytes * 8 + stuffed_bits(frame) + 3;  // the FCS: at most 3
    return ms_for_bits(model, bits);
}

std::int64_t airtime_ms(const AirtimeModel& model, std::size_t bytes) {
    std::int64_t bits = static_cast<std::int64_t>(bytes) * 8;
    if (model.hdlc) bits += kHdlcBytes * 8;
    return ms_for_bits(model, bits);
}

std::int64_t mean_access_delay_ms(std::uint32_t persistence, std::uint32_t slot_time_ms) {
    std::int64_t p = std::min<std::uint32_t>(persistence, 255) + 1;
    return static_cast<std::int64_t>(slot_time_ms) * (256 - p) / p;
}

void AirtimeBudget::forget_before(std::int64_t now_ms) {
    while (!spent_.empty() && spent_.front().at_ms <= now_ms - window_ms_ - margin_ms_) {
        sum_ -= spent_.front().airtime_ms;
        spent_.pop_front();
    }
}

std::int64_t AirtimeBudget::used(std::int64_t now_ms) {
    forget_before(now_ms);
    return sum_;
}

std::int64_t AirtimeBudget::fits_at(std::int64_t now_ms, std::int64_t airtime) {
    if (airtime > budget_ms_) return INT64_MAX;  // never: the frame is larger than the budget
    std::int64_t left = used(now_ms);
    for (const Spent& s : spent_) {
        if (left + airtime <= budget_ms_) break;
        left -= s.airtime_ms;
        now_ms = s.at_ms + window_ms_ + margin_ms_;  // when that frame leaves the window
    }
    return now_ms;
}

std::int64_t AirtimeBudget::used_in_window(std::int64_t now_ms) {
    forget_before(now_ms);
    std::int64_t sum = 0;
    for (const Spent& s : spent_)
        if (s.at_ms > now_ms - window_ms_ && s.at_ms <= now_ms) sum += s.airtime_ms;
    return sum;
}

void AirtimeBudget::spend(std::int64_t now_ms, std::int64_t airtime, std::int64_t on_air_at_ms,
                          std::int64_t slack_ms) {
    forget_before(now_ms);
    std::int64_t at = std::max(on_air_at_ms, now_ms);
    if (!spent_.empty()) at = std::max(at, spent_.back().at_ms);  // keep the order
    spent_.push_back({at, std::max<std::int64_t>(airtime, 1), std::max<std::int64_t>(slack_ms, 0)});
    sum_ += spent_.back().airtime_ms;
}

void AirtimeBudget::postpone(std::int64_t from_ms, std::int64_t by_ms) {
    if (by_ms <= 0) return;
    // From the latest frame back to the first that went before: the TNC sends in order, so the
    // ones before that went too, and moving only the latest keeps the order.
    for (auto it = spent_.rbegin();
         it != spent_.rend() && it->at_ms + it->airtime_ms - it->slack_ms > from_ms; ++it)
        it->at_ms += by_ms;
}

}  // namespace baken::radio
