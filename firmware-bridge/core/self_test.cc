// Known-answer checks of the core (self_test.h). The airtime values are the Semtech formula
// worked by hand (lora_airtime_test.cc shows the arithmetic).
#include "core/self_test.h"

#include <cstring>

#include "core/duty_cycle.h"
#include "core/frame_queue.h"
#include "core/kiss_serial.h"
#include "core/lora_airtime.h"
#include "core/radio_settings.h"

namespace baken::modem {
namespace {

bool kiss_round_trip() {
    const std::uint8_t payload[] = {0x01, kFend, 0x02, kFesc, kTfend, kTfesc, 0xFF};
    std::uint8_t wire[2 * sizeof payload + 4];
    std::size_t n = kiss_encode(0x00, payload, sizeof payload, wire, sizeof wire);
    KissSerialDecoder decoder;
    KissFrameView frame;
    bool got = false;
    for (std::size_t i = 0; i < n; ++i) got = decoder.push(wire[i], frame) || got;
    return got && frame.length == sizeof payload &&
           std::memcmp(frame.payload, payload, sizeof payload) == 0;
}

bool kiss_drops_oversized() {
    KissSerialDecoder decoder;
    KissFrameView frame;
    bool got = decoder.push(kFend, frame);
    for (std::size_t i = 0; i < kMaxKissPayload + 8; ++i) got = decoder.push(0x41, frame) || got;
    got = decoder.push(kFend, frame) || got;
    if (got || decoder.counters().oversized != 1) return false;
    const std::uint8_t next[] = {0x00, 0x42, kFend};
    for (std::uint8_t byte : next) got = decoder.push(byte, frame) || got;
    return got && frame.length == 1 && frame.payload[0] == 0x42;
}

bool airtime_is(std::uint8_t sf, std::uint8_t cr, std::uint16_t bytes, std::uint32_t us) {
    RadioSettings settings;
    settings.spreading_factor = sf;
    settings.coding_rate = cr;
    return lora_time_on_air_us(settings, bytes) == us;
}

// A sender that transmits 30 s frames whenever the limiter allows, for two hours: no hour may
// hold more than the 10 % band's 360 s, and it must be able to send again in the second hour.
// Coarse steps keep it quick on a Cortex-M0+ without a divider (it also runs on command).
bool duty_cycle_holds_an_hour() {
    DutyCycleLimiter limiter(100);
    std::uint32_t first_hour = 0, second_hour = 0;
    for (std::uint64_t t = 0; t < 2 * DutyCycleLimiter::kWindowMs; t += 30'000) {
        if (!limiter.allows(t, 30'000)) continue;
        limiter.record(t, 30'000);
        (t < DutyCycleLimiter::kWindowMs ? first_hour : second_hour) += 30'000;
    }
    return first_hour == 360'000 && second_hour > 0 && second_hour <= 360'000;
}

bool sub_bands_known() {
    const SubBand* ten = sub_band_for(869'525'000, 125'000);
    const SubBand* one = sub_band_for(868'100'000, 125'000);
    return ten && ten->permille == 100 && one && one->permille == 10 &&
           sub_band_for(869'525'000, 500'000) == nullptr;
}

bool queue_puts_urgent_first() {
    static FrameQueue queue;  // large: kept off the stack of a small microcontroller
    while (!queue.empty()) queue.pop();
    const std::uint8_t normal[] = {0x01};
    const std::uint8_t urgent[] = {0x02};
    queue.push(Precedence::normal, normal, 1, 0);
    queue.push(Precedence::urgent, urgent, 1, 1);
    bool ok = queue.front() && queue.front()->data[0] == 0x02;
    while (!queue.empty()) queue.pop();
    return ok;
}

bool default_settings_lawful() {
    return check_settings(RadioSettings{}) == SettingsError::ok;
}

struct Check {
    const char* name;
    bool (*run)();
};

bool airtime_sf7() {
    return airtime_is(7, 5, 10, 41'216);
}
bool airtime_sf9() {
    return airtime_is(9, 5, 20, 185'344);
}
bool airtime_sf12() {
    return airtime_is(12, 8, 51, 3'547'136);
}

constexpr Check kChecks[] = {
    {"kiss round trip", kiss_round_trip},
    {"kiss drops oversized frame", kiss_drops_oversized},
    {"airtime SF7 125 kHz 4/5 10 B = 41216 us", airtime_sf7},
    {"airtime SF9 125 kHz 4/5 20 B = 185344 us", airtime_sf9},
    {"airtime SF12 125 kHz 4/8 51 B = 3547136 us", airtime_sf12},
    {"duty cycle 10 % over two hours", duty_cycle_holds_an_hour},
    {"sub-bands 869.525 / 868.1 MHz", sub_bands_known},
    {"queue sends urgent first", queue_puts_urgent_first},
    {"default settings lawful", default_settings_lawful},
};

void report_line(SelfTestReport report, void* context, bool passed, const char* name) {
    if (report == nullptr) return;
    char line[80];
    const char* verdict = passed ? "PASS " : "FAIL ";
    std::size_t name_length = std::strlen(name);
    if (name_length > sizeof line - 6) name_length = sizeof line - 6;
    std::memcpy(line, verdict, 5);
    std::memcpy(line + 5, name, name_length);
    line[5 + name_length] = '\0';
    report(line, context);
}

}  // namespace

SelfTestResult run_self_test(SelfTestReport report, void* context) {
    SelfTestResult result;
    for (const Check& check : kChecks) {
        bool passed = check.run();
        ++result.total;
        if (passed) ++result.passed;
        report_line(report, context, passed, check.name);
    }
    return result;
}

}  // namespace baken::modem
