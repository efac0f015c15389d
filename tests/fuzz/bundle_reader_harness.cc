// See bundle_reader_harness.h.
#include "fuzz/bundle_reader_harness.h"

#include <algorithm>
#include <string_view>
#include <variant>

#include "fuzz/invariant.h"

namespace baken::fuzz {
namespace {

using bundle::BundleEvent;
using bundle::BundleHeaderRead;
using bundle::BundleReader;
using bundle::BundleVerified;
using bundle::Damage;
using bundle::DamageKind;
using bundle::MessageRecordRead;

constexpr std::size_t kMaxChunkBytes = 7;
// The most bytes a reader may hold that are not yet a whole record.
constexpr std::size_t kLargestRecord = bundle::kRecordOverheadBytes + bundle::kMaxMessageBytes;

std::size_t chunk_size(std::uint8_t b) {
    return 1 + std::size_t{b} * b / 8;
}

std::uint32_t be32(ByteView p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
           std::uint32_t{p[3]};
}

bool is_trailer_verdict(const BundleEvent& e) {
    if (std::holds_alternative<BundleVerified>(e)) return true;
    const auto* d = std::get_if<Damage>(&e);
    return d && (d->kind == DamageKind::trailer_mismatch || d->kind == DamageKind::bad_signature);
}

struct Reading {
    std::vector<BundleEvent> events;
    bool verified = false;
    bool damaged = false;
    std::uint64_t message_records = 0;
};

// Drains every event next() has, checking the bounds that hold whenever it has nothing.
void drain(BundleReader& reader, std::uint64_t fed, std::size_t max_events, Reading& out) {
    while (auto event = reader.next()) {
        const auto* d = std::get_if<Damage>(&*event);
        require(!d || !d->fatal || reader.done(), "a fatal damage leaves the reader done()");
        out.events.push_back(std::move(*event));
        require(out.events.size() <= max_events, "next() stops: events are bounded by the bytes");
    }
    require(reader.offset() <= fed, "the reader consumes at most what was fed");
    if (!reader.done()) {
        require(fed - reader.offset() < kLargestRecord,
                "the reader holds less than one whole record when next() has nothing");
    }
}

// Reads `file` the way bundle_reader.h shows: drain, then feed the next chunk or finish().
Reading read(ByteView file, const std::vector<std::size_t>& chunks) {
    BundleReader reader;
    Reading out;
    const std::size_t max_events = 4 + file.size() / bundle::kRecordOverheadBytes;
    std::uint64_t fed = 0;
    bool finished = false;
    for (std::size_t i = 0;; ++i) {
        drain(reader, fed, max_events, out);
        if (reader.done()) break;
        require(!finished, "done() after finish() and draining");
        if (fed < file.size()) {
            const std::size_t n =
                std::min<std::size_t>(chunks[i % chunks.size()], file.size() - fed);
            reader.feed(file.subspan(fed, n));
            fed += n;
        } else {
            reader.finish();
            finished = true;
        }
    }
    // Done is final: nothing more comes, whatever the caller does.
    const std::uint64_t offset = reader.offset();
    require(!reader.next().has_value(), "no event once done()");
    const std::uint8_t extra[] = {'M', 0, 0, 0, 1, 'x'};
    reader.feed(ByteView(extra, sizeof extra));
    reader.finish();
    require(!reader.next().has_value() && reader.done() && reader.offset() == offset,
            "feeding after done() changes nothing");
    out.verified = reader.verified();
    out.damaged = reader.damaged();
    out.message_records = reader.message_records();
    return out;
}

// The checks on one reading's events.
void check_events(ByteView file, const Reading& r) {
    const auto& events = r.events;
    const bool has_magic = file.size() >= bundle::kMagic.size() &&
                           std::equal(bundle::kMagic.begin(), bundle::kMagic.end(), file.begin());
    if (!has_magic) {
        require(events.size() == 1, "a file without the magic gives one event");
        const auto* d = std::get_if<Damage>(&events[0]);
        require(d && d->kind == DamageKind::not_a_bundle && d->fatal && d->offset == 0,
                "a file without the magic is not_a_bundle at offset 0, fatal");
        return;
    }
    require(!events.empty(), "a reading ends with an event");

    bool header = false, fatal = false, verdict = false, verified = false, damage_before = false;
    bool any_damage = false;
    std::uint64_t records = 0;
    std::optional<std::uint64_t> last_offset;
    // A record starts inside the file; damage may be at its end (truncated: no trailer).
    auto at_offset = [&](std::uint64_t offset, bool record) {
        require(record ? offset < file.size() : offset <= file.size(),
                "an event's offset is inside the file");
        require(!last_offset || offset > *last_offset, "offsets strictly increase");
        last_offset = offset;
    };
    for (std::size_t i = 0; i < events.size(); ++i) {
        const BundleEvent& e = events[i];
        require(!fatal, "nothing after a fatal damage");
        if (verdict) {
            const auto* d = std::get_if<Damage>(&e);
            require(
                d && d->kind == DamageKind::trailing_bytes && !d->fatal && i + 1 == events.size(),
                "after the trailer only one trailing_bytes comes");
        }
        if (std::holds_alternative<BundleHeaderRead>(e)) {
            require(i == 0 && !header, "the header comes first, once");
            header = true;
        } else if (const auto* m = std::get_if<MessageRecordRead>(&e)) {
            require(header, "no message before the header");
            const std::size_t size = m->envelope_bytes.size();
            require(size > 0 && size <= bundle::kMaxMessageBytes,
                    "0 < message size <= kMaxMessageBytes");
            at_offset(m->offset, true);
            require(m->offset + bundle::kRecordOverheadBytes + size <= file.size(),
                    "a message record lies inside the file");
            ByteView record = file.subspan(m->offset);
            require(record[0] == static_cast<std::uint8_t>(bundle::RecordType::message) &&
                        be32(record.subspan(1, 4)) == size,
                    "a message is read from an 'M' record of its length");
            require(std::equal(
                        m->envelope_bytes.begin(), m->envelope_bytes.end(),
                        record.begin() + bundle::kRecordPrefixBytes,
                        [](char a, std::uint8_t b) { return static_cast<std::uint8_t>(a) == b; }),
                    "a message is exactly the record's body");
            ++records;
        } else if (const auto* d = std::get_if<Damage>(&e)) {
            any_damage = true;
            at_offset(d->offset, false);
            require(!d->detail.empty(), "damage says what was found");
            if (d->kind == DamageKind::record_damaged && !d->fatal) ++records;
            if (d->fatal) fatal = true;
            if (d->kind != DamageKind::trailing_bytes) damage_before = true;
            if (d->kind == DamageKind::trailing_bytes) {
                require(verdict && !d->fatal, "trailing bytes only follow the trailer, non-fatal");
            }
        } else if (const auto* v = std::get_if<BundleVerified>(&e)) {
            require(header, "no trailer before the header");
            require(!damage_before, "BundleVerified only when no damage came before it");
            require(v->message_count == records, "BundleVerified counts every message record");
            verified = true;
        }
        if (is_trailer_verdict(e)) {
            require(!verdict, "one verdict on the trailer");
            verdict = true;
        }
    }
    require(fatal != verdict,
            "a reading ends in a fatal damage or the trailer's verdict, not both");
    require(r.verified == verified, "verified() exactly when BundleVerified came");
    require(r.damaged == any_damage, "damaged() exactly when a Damage came");
    require(r.message_records == records, "message_records() counts messages and damaged ones");
}

bool same_event(const BundleEvent& a, const BundleEvent& b) {
    if (a.index() != b.index()) return false;
    if (const auto* x = std::get_if<BundleHeaderRead>(&a)) {
        const auto& y = std::get<BundleHeaderRead>(b);
        return x->exporter == y.exporter && x->created_ms == y.created_ms &&
               x->exporter_name == y.exporter_name;
    }
    if (const auto* x = std::get_if<MessageRecordRead>(&a)) {
        const auto& y = std::get<MessageRecordRead>(b);
        return x->offset == y.offset && x->envelope_bytes == y.envelope_bytes;
    }
    if (const auto* x = std::get_if<Damage>(&a)) {
        const auto& y = std::get<Damage>(b);
        return x->kind == y.kind && x->offset == y.offset && x->fatal == y.fatal &&
               (x->kind == DamageKind::trailing_bytes || x->detail == y.detail);
    }
    return std::get<BundleVerified>(a).message_count == std::get<BundleVerified>(b).message_count;
}

}  // namespace

std::string bundle_reader_input(const std::vector<std::uint8_t>& chunk_bytes,
                                const std::string& file) {
    const std::size_t n = std::min(chunk_bytes.size(), kMaxChunkBytes);
    std::string input(1, static_cast<char>(n));
    for (std::size_t i = 0; i < n; ++i) input.push_back(static_cast<char>(chunk_bytes[i]));
    return input + file;
}

BundleReaderOutcome fuzz_bundle_reader(const std::uint8_t* data, std::size_t size) {
    const std::size_t n = size > 0 ? std::min<std::size_t>(data[0] % 8, size - 1) : 0;
    std::vector<std::size_t> chunks;
    for (std::size_t i = 0; i < n; ++i) chunks.push_back(chunk_size(data[1 + i]));
    if (chunks.empty()) chunks.push_back(1);
    const std::size_t skip = size > 0 ? 1 + n : 0;
    const ByteView file = ByteView(data, size).subspan(skip);

    const Reading whole = read(file, {file.size() + 1});
    const Reading chunked = read(file, chunks);
    check_events(file, whole);
    check_events(file, chunked);
    require(whole.events.size() == chunked.events.size() &&
                std::equal(whole.events.begin(), whole.events.end(), chunked.events.begin(),
                           same_event),
            "every chunking gives the same events");

    BundleReaderOutcome outcome;
    for (const BundleEvent& e : whole.events) {
        if (std::holds_alternative<BundleHeaderRead>(e)) outcome.header = true;
        if (std::holds_alternative<MessageRecordRead>(e)) ++outcome.messages;
        if (const auto* d = std::get_if<Damage>(&e)) {
            outcome.damage.push_back(d->kind);
            if (d->fatal) outcome.fatal = d->kind;
        }
    }
    outcome.verified = whole.verified;
    return outcome;
}

}  // namespace baken::fuzz
