// The bundle reader fuzz harness: one function shared by the libFuzzer target
// (bundle_reader_fuzz.cc) and the corpus replay test (replay/bundle_corpus_replay_test.cc).
//
// Input layout:
//   byte 0         n = byte 0 % 8: how many chunk-size bytes follow
//   bytes 1..n     the chunk sizes, used in turn: 1 + b * b / 8 bytes (1 .. 8129), so both
//                  byte-at-a-time feeding and chunks larger than a record are reached
//   rest           the bundle file (untrusted: a USB stick)
// With n = 0 the second reading goes one byte at a time. An empty input is an empty file.
//
// fuzz_bundle_reader() reads the file twice, in one piece and in those chunks, the way the
// header of bundle_reader.h shows (drain next(), then feed or finish()), and aborts with a
// message on stderr when an invariant does not hold:
//   - next() stops: the events of a reading are at most 4 + bytes / 13 (every event but the
//     header, the verdict on the trailer, trailing bytes and a fatal damage consumes a record
//     of >= 13 bytes);
//     done() becomes true after finish() and draining, stays true, and then next() and feed()
//     do nothing;
//   - the buffer stays bounded: whenever next() has nothing, the bytes fed but not consumed
//     (fed - offset(), which is what the buffer holds after the next feed) are less than one
//     whole record of the largest size;
//   - the header comes first and once; a file that does not start with the magic gives exactly
//     one event, fatal not_a_bundle at offset 0;
//   - every MessageRecordRead has 0 < size <= kMaxMessageBytes and is exactly the body of the
//     'M' record at its offset in the file (offset + record size <= bytes fed);
//   - the offsets of records and damage strictly increase, all below the bytes fed;
//   - at most one fatal Damage, nothing after it, and then done();
//   - a reading ends in exactly one of: a fatal Damage, or the verdict on the trailer
//     (BundleVerified, trailer_mismatch or bad_signature), optionally followed by one
//     trailing_bytes (non-fatal) and nothing else;
//   - BundleVerified counts every message record (damaged ones too) and only comes when no
//     damage came before it. (That holds here because the fuzzer cannot sign: a damaged record
//     changes the content hash. An exporter that signs a record with a bad check gets
//     record_damaged and BundleVerified both.) verified() afterwards means exactly that, and
//     damaged() means some Damage came, which after BundleVerified can only be trailing_bytes:
//     verified() does not imply !damaged();
//   - message_records() counts MessageRecordRead and record_damaged events;
//   - both readings give the same events (the detail text of trailing_bytes aside, which says
//     how many bytes the reader happened to hold).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bundle/bundle_reader.h"

namespace baken::fuzz {

struct BundleReaderOutcome {
    std::size_t messages = 0;                // MessageRecordRead events
    std::vector<bundle::DamageKind> damage;  // in order
    std::optional<bundle::DamageKind> fatal;
    bool header = false;  // a BundleHeaderRead came
    bool verified = false;
};

BundleReaderOutcome fuzz_bundle_reader(const std::uint8_t* data, std::size_t size);

// The input for a bundle file read in chunks given by `chunk_bytes` (at most 7 of them; each
// gives 1 + b * b / 8 bytes, see above).
std::string bundle_reader_input(const std::vector<std::uint8_t>& chunk_bytes,
                                const std::string& file);

}  // namespace baken::fuzz
