// Bundles for the bundle tests: written by a fixed identity at a fixed time, so the bytes are
// the same in every run (Ed25519 signatures are deterministic).
#pragma once

#include <string>
#include <vector>

#include "baken/v1/bundle.pb.h"
#include "bundle/bundle_reader.h"
#include "bundle/bundle_writer.h"
#include "support/sample_messages.h"

namespace baken::bundle::testing {

inline const Identity& exporter() {
    static const Identity id = Identity::from_seed([] {
        std::array<std::uint8_t, 32> seed{};
        seed.fill(0x42);
        return seed;
    }());
    return id;
}

inline std::vector<DecodedMessage> sample_messages(int count, const Identity& author = exporter()) {
    std::vector<DecodedMessage> out;
    for (int i = 0; i < count; ++i) {
        auto precedence = i % 3 == 0 ? v1::FLASH : v1::ROUTINE;
        out.push_back(baken::testing::signed_sitrep(author, i, precedence));
    }
    return out;
}

inline std::string write_bundle(const std::vector<DecodedMessage>& messages,
                                const Identity& by = exporter()) {
    std::string out;
    BundleWriter writer(
        [&](ByteView bytes) {
            out.append(as_chars(bytes));
            return true;
        },
        by, baken::testing::kSampleNowMs, "Steunpunt De Linde");
    for (const auto& m : messages) writer.add(as_bytes(m.envelope_bytes));
    writer.finish();
    return out;
}

// Every event of reading `bytes`, fed in chunks of `chunk` bytes.
inline std::vector<BundleEvent> read_all(std::string_view bytes, std::size_t chunk = 7) {
    BundleReader reader;
    std::vector<BundleEvent> events;
    std::size_t at = 0;
    for (int guard = 0; guard < 10'000'000; ++guard) {
        while (auto event = reader.next()) events.push_back(std::move(*event));
        if (reader.done()) break;
        if (at < bytes.size()) {
            std::size_t n = std::min(chunk, bytes.size() - at);
            reader.feed(as_bytes(bytes.substr(at, n)));
            at += n;
        } else {
            reader.finish();
        }
    }
    return events;
}

// Where the trailer record starts: behind the last message record.
inline std::size_t trailer_offset(std::string_view bundle) {
    std::size_t end = 0;
    for (const auto& e : read_all(bundle, 1 << 20)) {
        if (auto* m = std::get_if<MessageRecordRead>(&e))
            end = m->offset + BundleWriter::record_bytes(m->envelope_bytes.size());
    }
    return end;
}

// The envelopes of a bundle's message records, in order.
inline std::vector<std::string> message_records(std::string_view bundle) {
    std::vector<std::string> out;
    for (auto& e : read_all(bundle, 1 << 20))
        if (auto* m = std::get_if<MessageRecordRead>(&e)) out.push_back(m->envelope_bytes);
    return out;
}

// The bundle with one bit of its trailer's signature flipped (and the record check made to
// match again): the content is what the exporter wrote, the signature is not theirs.
inline std::string with_bad_trailer_signature(const std::string& bundle) {
    std::size_t at = trailer_offset(bundle);
    std::string body =
        bundle.substr(at + kRecordPrefixBytes, bundle.size() - at - kRecordOverheadBytes);
    v1::BundleTrailer trailer;
    trailer.ParseFromString(body);
    std::string signature = trailer.signature();
    signature[10] = static_cast<char>(signature[10] ^ 0x01);
    trailer.set_signature(signature);
    Bytes record = encode_record(RecordType::trailer, as_bytes(trailer.SerializeAsString()));
    return bundle.substr(0, at) + std::string(as_chars(record));
}

}  // namespace baken::bundle::testing
