// See bundle_writer.h.
#include "bundle/bundle_writer.h"

#include <cassert>

#include "baken/v1/bundle.pb.h"

namespace baken::bundle {

BundleWriter::BundleWriter(Sink sink, const Identity& exporter, std::int64_t created_ms,
                           const std::string& exporter_name)
    : sink_(std::move(sink)), exporter_(exporter) {
    ensure_sodium();
    crypto_generichash_init(&content_hash_, nullptr, 0, crypto_generichash_BYTES);
    v1::BundleHeader header;
    header.set_format_version(kFormatVersion);
    header.set_exporter(std::string(as_chars(exporter.public_key())));
    header.set_created_ms(created_ms);
    // A name cut to fit keeps the header within its limit whatever the config says.
    header.set_exporter_name(exporter_name.substr(0, limits::kMaxShortText));
    std::string body = header.SerializeAsString();
    write(kMagic, true) && write(encode_record(RecordType::header, as_bytes(body)), true);
}

bool BundleWriter::add(ByteView envelope) {
    assert(envelope.size() <= kMaxMessageBytes);
    assert(!finished_);
    if (!write(encode_record(RecordType::message, envelope), true)) return false;
    ++message_count_;
    return true;
}

bool BundleWriter::finish() {
    assert(!finished_);
    finished_ = true;
    std::array<std::uint8_t, crypto_generichash_BYTES> hash{};
    crypto_generichash_final(&content_hash_, hash.data(), hash.size());
    Signature signature = exporter_.sign(signed_content(hash));
    v1::BundleTrailer trailer;
    trailer.set_message_count(message_count_);
    trailer.set_content_hash(std::string(as_chars(hash)));
    trailer.set_signature(std::string(as_chars(signature)));
    std::string body = trailer.SerializeAsString();
    return write(encode_record(RecordType::trailer, as_bytes(body)), false);
}

bool BundleWriter::write(ByteView bytes, bool hashed) {
    if (!ok_) return false;
    if (hashed) crypto_generichash_update(&content_hash_, bytes.data(), bytes.size());
    ok_ = sink_(bytes);
    if (ok_) bytes_written_ += bytes.size();
    return ok_;
}

}  // namespace baken::bundle
