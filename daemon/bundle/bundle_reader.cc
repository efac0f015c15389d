// See bundle_reader.h and docs/bundle-format.md.
#include "bundle/bundle_reader.h"

#include <algorithm>

#include "baken/v1/bundle.pb.h"

namespace baken::bundle {
namespace {

std::uint32_t read_be32(ByteView b) {
    return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) |
           std::uint32_t{b[3]};
}

bool known_type(std::uint8_t t) {
    return t == static_cast<std::uint8_t>(RecordType::header) ||
           t == static_cast<std::uint8_t>(RecordType::message) ||
           t == static_cast<std::uint8_t>(RecordType::trailer);
}

std::size_t max_body(RecordType type) {
    switch (type) {
        case RecordType::header:
            return kMaxHeaderBytes;
        case RecordType::trailer:
            return kMaxTrailerBytes;
        case RecordType::message:
            return kMaxMessageBytes;
    }
    return 0;
}

std::string record_name(RecordType type) {
    switch (type) {
        case RecordType::header:
            return "header";
        case RecordType::trailer:
            return "trailer";
        case RecordType::message:
            return "message";
    }
    return "?";
}

}  // namespace

std::string_view damage_name(DamageKind kind) {
    switch (kind) {
        case DamageKind::not_a_bundle:
            return "not_a_bundle";
        case DamageKind::unsupported_version:
            return "unsupported_version";
        case DamageKind::bad_header:
            return "bad_header";
        case DamageKind::framing_lost:
            return "framing_lost";
        case DamageKind::record_damaged:
            return "record_damaged";
        case DamageKind::truncated:
            return "truncated";
        case DamageKind::trailer_mismatch:
            return "trailer_mismatch";
        case DamageKind::bad_signature:
            return "bad_signature";
        case DamageKind::trailing_bytes:
            return "trailing_bytes";
    }
    return "unknown";
}

BundleReader::BundleReader() {
    ensure_sodium();
    crypto_generichash_init(&content_hash_, nullptr, 0, crypto_generichash_BYTES);
}

void BundleReader::feed(ByteView bytes) {
    if (state_ == State::done || ended_) return;
    // Drop what was consumed before growing, so the buffer holds one record and one chunk.
    if (start_ > 0) {
        buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(start_));
        start_ = 0;
    }
    buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
}

void BundleReader::finish() {
    ended_ = true;
}

std::optional<BundleEvent> BundleReader::next() {
    switch (state_) {
        case State::magic:
            return read_magic();
        case State::records:
            return read_record();
        case State::after_trailer:
            if (available() > 0) {
                return note(DamageKind::trailing_bytes, offset_,
                            std::to_string(available()) + "+ bytes follow the trailer; ignored");
            }
            if (ended_) state_ = State::done;
            return std::nullopt;
        case State::done:
            return std::nullopt;
    }
    return std::nullopt;
}

std::optional<BundleEvent> BundleReader::read_magic() {
    if (available() < kMagic.size()) {
        if (!ended_) return std::nullopt;
        return stop(
            DamageKind::not_a_bundle, 0,
            available() == 0 ? "the file is empty" : "the file is too short to be a Baken bundle");
    }
    if (!std::equal(kMagic.begin(), kMagic.end(), pending().begin())) {
        return stop(DamageKind::not_a_bundle, 0,
                    "the file does not start like a Baken bundle (wrong magic bytes)");
    }
    consume(kMagic.size(), true);
    state_ = State::records;
    return read_record();
}

std::optional<BundleEvent> BundleReader::read_record() {
    std::uint64_t at = offset_;
    if (available() < kRecordPrefixBytes) return ended_ ? at_end() : std::nullopt;
    ByteView view = pending();
    std::uint8_t raw_type = view[0];
    std::uint32_t length = read_be32(view.subspan(1, 4));
    if (!known_type(raw_type)) {
        return stop(DamageKind::framing_lost, at,
                    "unknown record type " + std::to_string(raw_type) +
                        "; the bytes from here on cannot be read as records");
    }
    auto type = static_cast<RecordType>(raw_type);
    if (length > max_body(type) || (type == RecordType::message && length == 0)) {
        return stop(DamageKind::framing_lost, at,
                    "a " + record_name(type) + " record cannot be " + std::to_string(length) +
                        " bytes long; the bytes from here on cannot be read as records");
    }
    if ((type == RecordType::header) == have_header_) {
        return stop(DamageKind::framing_lost, at,
                    have_header_ ? "a second header record"
                                 : "a " + record_name(type) + " record before the header");
    }
    std::size_t total = kRecordOverheadBytes + length;
    if (available() < total) return ended_ ? at_end() : std::nullopt;
    ByteView body = view.subspan(kRecordPrefixBytes, length);
    RecordCheck check = record_check(type, body);
    if (!std::equal(check.begin(), check.end(), view.begin() + kRecordPrefixBytes + length)) {
        if (type != RecordType::message) {
            return stop(
                type == RecordType::header ? DamageKind::bad_header : DamageKind::record_damaged,
                at, "the " + record_name(type) + " record is damaged (its check fails)");
        }
        ++message_records_;
        consume(total, true);
        return note(DamageKind::record_damaged, at,
                    "message record " + std::to_string(message_records_) +
                        " is damaged (its check fails); skipped");
    }
    // Copy the body out before consuming: on_record may hand it to the caller.
    Bytes copy(body.begin(), body.end());
    consume(total, type != RecordType::trailer);
    return on_record(type, copy, at);
}

std::optional<BundleEvent> BundleReader::on_record(RecordType type, ByteView body,
                                                   std::uint64_t at) {
    switch (type) {
        case RecordType::header:
            return on_header(body, at);
        case RecordType::trailer:
            return on_trailer(body, at);
        case RecordType::message:
            ++message_records_;
            return MessageRecordRead{std::string(as_chars(body)), at};
    }
    return std::nullopt;
}

std::optional<BundleEvent> BundleReader::on_header(ByteView body, std::uint64_t at) {
    v1::BundleHeader header;
    if (!header.ParseFromArray(body.data(), static_cast<int>(body.size())) ||
        header.exporter().size() != kPublicKeySize) {
        return stop(DamageKind::bad_header, at, "the header record does not decode");
    }
    if (header.format_version() != kFormatVersion) {
        return stop(DamageKind::unsupported_version, at,
                    "bundle format " + std::to_string(header.format_version()) +
                        "; this node reads format " + std::to_string(kFormatVersion) +
                        " (a newer Baken wrote it)");
    }
    have_header_ = true;
    std::copy(header.exporter().begin(), header.exporter().end(), exporter_.begin());
    return BundleHeaderRead{exporter_, header.created_ms(), header.exporter_name()};
}

std::optional<BundleEvent> BundleReader::on_trailer(ByteView body, std::uint64_t at) {
    state_ = State::after_trailer;
    v1::BundleTrailer trailer;
    if (!trailer.ParseFromArray(body.data(), static_cast<int>(body.size())) ||
        trailer.content_hash().size() != crypto_generichash_BYTES ||
        trailer.signature().size() != kSignatureSize) {
        return note(DamageKind::trailer_mismatch, at, "the trailer record does not decode");
    }
    if (trailer.message_count() != message_records_) {
        return note(DamageKind::trailer_mismatch, at,
                    "the trailer counts " + std::to_string(trailer.message_count()) +
                        " messages, the file holds " + std::to_string(message_records_));
    }
    std::array<std::uint8_t, crypto_generichash_BYTES> hash{};
    crypto_generichash_final(&content_hash_, hash.data(), hash.size());
    if (!std::equal(hash.begin(), hash.end(), as_bytes(trailer.content_hash()).begin())) {
        return note(DamageKind::trailer_mismatch, at,
                    "the content differs from what the exporter signed (a record was changed)");
    }
    Bytes signed_bytes = signed_content(hash);
    if (crypto_sign_verify_detached(as_bytes(trailer.signature()).data(), signed_bytes.data(),
                                    signed_bytes.size(), exporter_.data()) != 0) {
        return note(DamageKind::bad_signature, at,
                    "the exporter's signature over the bundle does not verify");
    }
    verified_ = true;
    return BundleVerified{message_records_};
}

std::optional<BundleEvent> BundleReader::at_end() {
    std::uint64_t end = offset_ + available();
    if (available() > 0) {
        return stop(
            DamageKind::truncated, offset_,
            "the file ends at byte " + std::to_string(end) + " inside the record that starts here");
    }
    return stop(DamageKind::truncated, offset_,
                "the file ends at byte " + std::to_string(end) + " without a trailer");
}

Damage BundleReader::stop(DamageKind kind, std::uint64_t at, std::string detail) {
    state_ = State::done;
    damaged_ = true;
    return Damage{kind, at, std::move(detail), true};
}

Damage BundleReader::note(DamageKind kind, std::uint64_t at, std::string detail) {
    damaged_ = true;
    if (state_ == State::after_trailer && kind == DamageKind::trailing_bytes) {
        state_ = State::done;  // report once, ignore the rest
    }
    return Damage{kind, at, std::move(detail), false};
}

void BundleReader::consume(std::size_t n, bool hashed) {
    if (hashed) crypto_generichash_update(&content_hash_, buffer_.data() + start_, n);
    start_ += n;
    offset_ += n;
}

}  // namespace baken::bundle
