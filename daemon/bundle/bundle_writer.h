// Writes a bundle (docs/bundle-format.md) to any byte sink, one record at a time, so an
// export of 100,000 messages never holds more than one of them in memory.
//
//   BundleWriter writer(sink, identity, now_ms, "Steunpunt De Linde");
//   for (...) writer.add(envelope_bytes);
//   writer.finish();  // the signed trailer
//
// The sink returns false when it cannot write (disk full, stick pulled); from then on every
// call returns false and the bundle is incomplete (a reader reports it as truncated).
#pragma once

#include <sodium.h>

#include <cstdint>
#include <functional>
#include <string>

#include "bundle/bundle_format.h"
#include "crypto/identity.h"

namespace baken::bundle {

class BundleWriter {
  public:
    using Sink = std::function<bool(ByteView)>;

    // Writes the magic and the header record at once.
    BundleWriter(Sink sink, const Identity& exporter, std::int64_t created_ms,
                 const std::string& exporter_name);

    // Bytes a message record of this envelope size takes in the file.
    static std::size_t record_bytes(std::size_t envelope_size) {
        return kRecordOverheadBytes + envelope_size;
    }

    // REQUIRES: envelope.size() <= kMaxMessageBytes (anything stored satisfies it).
    bool add(ByteView envelope);
    // Writes the trailer: message count, content hash, the exporter's signature.
    bool finish();

    bool ok() const { return ok_; }
    std::uint64_t bytes_written() const { return bytes_written_; }
    std::uint64_t message_count() const { return message_count_; }

  private:
    bool write(ByteView bytes, bool hashed);

    Sink sink_;
    const Identity& exporter_;
    crypto_generichash_state content_hash_{};
    std::uint64_t bytes_written_ = 0;
    std::uint64_t message_count_ = 0;
    bool ok_ = true;
    bool finished_ = false;
};

}  // namespace baken::bundle
