// The modem serial fuzz harness: the whole LoRa modem (baken::modem::Modem,
// firmware-bridge/core/modem.h) fed untrusted bytes on its serial side, as a broken or hostile
// host (or line noise on the USB serial port) would. One function shared by the libFuzzer
// target (modem_serial_fuzz.cc), the corpus replay test (replay/modem_corpus_replay_test.cc)
// and the corpus generator (make_modem_corpus.cc).
//
// The modem runs with its default settings (869.525 MHz, SF9, 125 kHz: the 10 % sub-band)
// against a fake UART and a fake radio on a fake clock. The input chooses how the radio behaves
// while the host writes (byte 1 bits 6-7, RadioBehaviour below):
//   0 answers: every channel check is free, every transmission ends (transmit_done) when its
//     time on air has passed, nothing is received;
//   1 lost_checks: as 0, but every kMisbehaveEvery-th channel check is never answered;
//   2 hung_transmissions: as 0, but every kMisbehaveEvery-th transmission never reports
//     transmit_done (it hangs until the modem reconfigures the radio);
//   3 unreliable: a mix, chosen by a counter-driven generator seeded from the input (never
//     rand()): checks lost or answered busy, transmissions hung or refused (start_transmit
//     false), configure() refused, `fault` events at any poll, and frames of 1..255 random
//     bytes heard while the radio listens.
// Once the host stops writing the radio answers again (behaviour 0; a check already lost or
// a transmission already hung stays so until the modem reconfigures the radio).
//
// Input layout (a missing header byte reads 0):
//   byte 0        bits 0-2: n, how many chunk-size bytes follow (0..7);
//                 bits 3-4: how the host reads the modem's output: 0 all of it, 1 one byte
//                 per write, 2 37 bytes per write, 3 nothing until the input is used up;
//                 bits 5-7: the clock's step after each modem step: 1, 10, 100 ms, 1 s, 10 s,
//                 1 min, 10 min, or to the next thing due: the radio's next event, else
//                 the modem's next deadline (at least 1 ms on, at most 1 h)
//   byte 1        bits 0-1: the clock's start: 0, 1 h + 7 ms, 2^32 + 3 ms, 2^40 ms;
//                 bits 2-5: the modem's random seed (also seeds the unreliable radio);
//                 bits 6-7: the radio's behaviour while the host writes (above)
//   bytes 2..n+1  chunk sizes, used in turn: 1 + b * b / 32 bytes (1 .. 2033); with n = 0 the
//                 host writes one byte per step
//   rest          the byte stream the host writes to the modem
// One chunk arrives before each step; when the stream is used up the host reads everything
// and the harness steps the modem to its deadlines until it has nothing left to do (at most
// kSettleSteps steps).
//
// fuzz_modem_serial() aborts with a message on stderr when an invariant does not hold:
//   - every byte the modem writes to the UART is part of well-formed KISS frames: FEND, a
//     type byte of port 0 (data, or SetHardware with a reply or event op of kiss_commands.h),
//     a payload of at most kMaxKissPayload bytes with valid escapes, FEND; nothing between;
//   - replies never outnumber the SetHardware commands the host sent;
//   - the data frames the host reads are frames the radio heard, whole and in the order heard;
//     one heard but not delivered is counted in serial_overflow (the host did not read);
//   - every frame on the air is the payload of a data frame the host sent, each sent at most
//     once (so never more frames on air than data frames given), of 1..255 bytes;
//   - listen before talk: a transmission follows a free answer to a channel check, with no
//     transmission, configuration, reception or other check between; nothing starts while a
//     frame is on the air; the radio is used (checks, transmissions, reception) only after a
//     configure() it accepted, and after a `fault` only once configured again;
//   - the radio is reconfigured mid-transmission only when it faulted or the transmission is
//     overdue (its time on air has passed without transmit_done);
//   - the radio is configured only with settings check_settings() accepts, and transmits
//     only inside a sub-band this firmware knows;
//   - duty cycle, whatever the radio does: in every sub-band, the exact time on air (Semtech
//     formula, in microseconds) within any sliding hour stays within that sub-band's budget;
//     a hung or faulted transmission counts its whole time on air from its start;
//   - liveness: once the host stops writing (and the radio answers again) the modem settles
//     within kSettleSteps steps and within Modem::kMaxQueueAgeMs + 1 min of simulated time,
//     with nothing left to do (next_deadline_ms() is UINT64_MAX, so its queue is empty); every
//     data frame the host gave then went on the air or was reported dropped (frame_dropped),
//     save those whose event was lost to serial_overflow.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace baken::fuzz {

struct ModemSerialOutcome {
    std::size_t data_frames_given = 0;  // port 0 data frames of 1..255 bytes the host sent
    std::size_t commands_given = 0;     // port 0 SetHardware frames with an op byte
    std::size_t on_air = 0;             // frames the modem transmitted
    std::size_t replies = 0;            // SetHardware replies the modem wrote
    std::size_t holds = 0;              // duty_cycle_hold events the modem wrote
    std::size_t drops = 0;              // frame_dropped events the modem wrote
    std::uint32_t oversized = 0;        // the modem's serial_oversized at the end
    std::uint32_t bad_escape = 0;       // the modem's serial_bad_escape at the end
    std::size_t heard = 0;              // frames the radio reported received
    std::size_t data_to_host = 0;       // data frames (heard frames) the modem wrote
    std::uint32_t radio_faults = 0;     // the modem's radio_faults at the end
};

inline constexpr std::size_t kSettleSteps = 5000;
// Behaviours 1 and 2 lose every kMisbehaveEvery-th channel check / transmit_done.
inline constexpr std::size_t kMisbehaveEvery = 3;

ModemSerialOutcome fuzz_modem_serial(const std::uint8_t* data, std::size_t size);

// How the host reads (byte 0 bits 3-4) and the clock's step (bits 5-7), by name.
enum class HostReads : std::uint8_t { everything = 0, one_byte = 1, bytes_37 = 2, not_at_all = 3 };
enum class ClockStep : std::uint8_t {
    ms_1 = 0,
    ms_10 = 1,
    ms_100 = 2,
    s_1 = 3,
    s_10 = 4,
    min_1 = 5,
    min_10 = 6,
    to_deadline = 7,
};

// How the radio behaves while the host writes (byte 1 bits 6-7).
enum class RadioBehaviour : std::uint8_t {
    answers = 0,
    lost_checks = 1,
    hung_transmissions = 2,
    unreliable = 3,
};

// An input in the layout above. At most 7 chunk bytes are used; start_choice is 0..3, seed
// 0..15.
std::string modem_serial_input(HostReads reads, ClockStep step, std::uint8_t start_choice,
                               std::uint8_t seed, const std::vector<std::uint8_t>& chunk_bytes,
                               const std::string& stream,
                               RadioBehaviour radio = RadioBehaviour::answers);

}  // namespace baken::fuzz
