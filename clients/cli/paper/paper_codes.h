// The text of the QR codes on a paper copy, and putting a message back together from them.
//
// One code's text, in the QR alphanumeric character set only (docs/paper.md):
//
//   BKN1:<part>/<total>:<id>:<chunk>
//
//   BKN1    tag and format version
//   part    1..total, decimal, no leading zeros
//   total   1..kMaxParts, the same on every code of one message
//   id      the message id, 64 upper-case hex: BLAKE2b-256 of the envelope's signed bytes
//   chunk   Base45 (RFC 9285) of bytes [(part-1)*n, part*n) of the exact envelope bytes, where
//           n = ceil(size / total); the last chunk may be shorter
//
// An envelope is split into as few codes as keep each chunk at most kMaxChunkBytes, in chunks
// of equal size, so the codes of one message are of one size on the page.
//
// What is checked on the way back: each code's own Reed-Solomon check (in the reader), then
// here the form of every code, that all parts of an id are present and agree, that the whole
// decodes as an envelope within the size limit, and that BLAKE2b-256 of its signed bytes is the
// id the codes carry. The signature and author fields are not covered by the id; the daemon's
// validation path checks them when the bytes are submitted (a wrong byte there is refused as
// bad_signature or bad_author_key).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "crypto/keys.h"
#include "message/limits.h"

namespace baken::cli::paper {

inline constexpr std::string_view kCodeTag = "BKN1:";  // every Baken paper code starts so
// At most this many envelope bytes per code: 900 Base45 characters plus a 77-character header,
// at most a version 21 QR code at level M (101 modules a side, 86 mm printed at 0.79 mm a
// module): small enough to read from a phone photo of the whole page.
inline constexpr std::size_t kMaxChunkBytes = 600;
// Enough for the largest envelope (limits::kMaxEnvelopeBytes); more is refused when reading.
inline constexpr int kMaxParts =
    static_cast<int>((limits::kMaxEnvelopeBytes + kMaxChunkBytes - 1) / kMaxChunkBytes);

// The code texts of one envelope, part 1 first. Error: the bytes are not an envelope
// (malformed, or larger than limits::kMaxEnvelopeBytes); nothing else can fail.
Result<std::vector<std::string>, std::string> paper_codes(std::string_view envelope_bytes);

// One code, read back.
struct CodePart {
    MessageId id{};
    int part = 0;
    int total = 0;
    std::string bytes;  // the chunk, decoded
};

// Error: why the text is not a well-formed Baken code (one sentence). Call only on texts that
// start with kCodeTag; any other text is some other QR code.
Result<CodePart, std::string> parse_code(std::string_view text);

// One message found among the codes.
struct FoundMessage {
    std::string id_hex;          // lower case, as baken prints ids
    int total = 0;               // parts its codes announce (of the first code seen)
    int parts_seen = 0;          // distinct parts read
    std::string envelope_bytes;  // the exact bytes; only when `problem` is empty
    std::string problem;         // empty: whole and consistent; else why it is not, for a person
};

struct Reassembly {
    std::vector<FoundMessage> messages;  // in the order their first code was seen
    std::vector<std::string> damaged;    // Baken codes that are not well-formed: the reason
    std::size_t other_codes = 0;         // QR codes that are not Baken codes (ignored)
};

// Groups `codes` (as read, from any number of images, in any order) by id. The same code read
// twice (an overlap of two photos) counts once; two different codes for one part, parts that
// disagree on the total, a missing part or bytes that do not hash to the id make that message's
// `problem`, and it gets no bytes: nothing partial is ever handed on. Never throws.
Reassembly reassemble(const std::vector<std::string>& codes);

}  // namespace baken::cli::paper
