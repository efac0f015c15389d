// Reads a bundle (docs/bundle-format.md) from untrusted bytes, as they arrive: sans-IO, one
// record in memory at a time, never throws, never aborts.
//
//   BundleReader reader;
//   for (;;) {
//       while (auto event = reader.next()) handle(*event);
//       if (reader.done()) break;
//       n = read(file, chunk); n > 0 ? reader.feed(chunk) : reader.finish();
//   }
//
// It reports every message record with its byte offset, and damage where it starts:
//   - a record whose check fails (flipped bytes) is skipped and reported; reading goes on
//     behind it, because its length still led to the next record's start;
//   - a record that cannot be framed (unknown type, impossible length, a header out of place)
//     stops the reading: nothing behind it can be trusted to start where it seems to;
//   - a file that ends before its trailer is truncated;
//   - a trailer whose count, content hash or signature does not match says the bundle is not
//     what its exporter wrote (or that a record was damaged).
// A message record is only bytes: whether it is a valid message is the validation path's call.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include <sodium.h>

#include "bundle/bundle_format.h"
#include "crypto/keys.h"

namespace baken::bundle {

struct BundleHeaderRead {
    PublicKey exporter{};
    std::int64_t created_ms = 0;
    std::string exporter_name;
};

struct MessageRecordRead {
    std::string envelope_bytes;
    std::uint64_t offset = 0;  // where its record starts in the file
};

enum class DamageKind {
    not_a_bundle,         // empty, or no magic
    unsupported_version,  // a header of a later format
    bad_header,           // the header record does not decode
    framing_lost,         // unknown record type, impossible length, record out of place
    record_damaged,       // the record's check fails; skipped
    truncated,            // the file ends before the trailer
    trailer_mismatch,     // message count or content hash differ from what was read
    bad_signature,        // the exporter's signature over the content does not verify
    trailing_bytes,       // bytes after the trailer
};
std::string_view damage_name(DamageKind kind);

struct Damage {
    DamageKind kind = DamageKind::not_a_bundle;
    std::uint64_t offset = 0;  // the first byte concerned
    std::string detail;        // for a person: what was found there
    bool fatal = false;        // nothing after it is read
};

// The trailer matched: every byte before it is what the exporter signed.
struct BundleVerified {
    std::uint64_t message_count = 0;
};

using BundleEvent = std::variant<BundleHeaderRead, MessageRecordRead, Damage, BundleVerified>;

class BundleReader {
  public:
    BundleReader();

    // Appends bytes read from the file. Feed when next() has nothing, not before: that keeps
    // the buffer at one record plus one chunk.
    void feed(ByteView bytes);
    // The file ended.
    void finish();
    // The next event, or nothing until more bytes are fed (or the reading is done).
    std::optional<BundleEvent> next();
    // No more events will come (trailer read, fatal damage, or finish() and all drained).
    bool done() const { return state_ == State::done; }

    std::uint64_t offset() const { return offset_; }  // bytes consumed so far
    std::uint64_t message_records() const { return message_records_; }
    bool verified() const { return verified_; }
    bool damaged() const { return damaged_; }

  private:
    enum class State { magic, records, after_trailer, done };

    std::optional<BundleEvent> read_magic();
    std::optional<BundleEvent> read_record();
    std::optional<BundleEvent> on_record(RecordType type, ByteView body, std::uint64_t at);
    std::optional<BundleEvent> on_header(ByteView body, std::uint64_t at);
    std::optional<BundleEvent> on_trailer(ByteView body, std::uint64_t at);
    std::optional<BundleEvent> at_end();
    Damage stop(DamageKind kind, std::uint64_t at, std::string detail);
    Damage note(DamageKind kind, std::uint64_t at, std::string detail);
    void consume(std::size_t n, bool hashed);
    std::size_t available() const { return buffer_.size() - start_; }
    ByteView pending() const { return ByteView(buffer_).subspan(start_); }

    State state_ = State::magic;
    Bytes buffer_;
    std::size_t start_ = 0;  // first unconsumed byte in buffer_
    std::uint64_t offset_ = 0;
    bool ended_ = false;
    bool have_header_ = false;
    PublicKey exporter_{};
    crypto_generichash_state content_hash_{};
    std::uint64_t message_records_ = 0;
    bool verified_ = false;
    bool damaged_ = false;
};

}  // namespace baken::bundle
