// See link_frame.h.
#include "radio/link/link_frame.h"

#include <sodium.h>

#include <cstring>

#include "sync/reconciliation/symbol_wire.h"

namespace baken::radio {
namespace {

enum class FrameType : std::uint8_t {
    summary = 1,
    symbol_request = 2,
    symbols = 3,
    want = 4,
    data = 5,
    missing = 7,
};

constexpr std::uint8_t kDeflatedFlag = 0x10;
constexpr std::uint8_t kUrgentFlag = 0x20;

// ---- writing ----------------------------------------------------------------------------

void put_u8(std::string& out, std::uint8_t v) {
    out.push_back(static_cast<char>(v));
}

void put_be(std::string& out, std::uint64_t v, int bytes) {
    for (int i = bytes - 1; i >= 0; --i) put_u8(out, static_cast<std::uint8_t>(v >> (8 * i)));
}

void put_varint(std::string& out, std::uint64_t v) {
    while (v >= 0x80) {
        put_u8(out, static_cast<std::uint8_t>(v | 0x80));
        v >>= 7;
    }
    put_u8(out, static_cast<std::uint8_t>(v));
}

std::size_t varint_size(std::uint64_t v) {
    std::size_t n = 1;
    while (v >= 0x80) {
        v >>= 7;
        ++n;
    }
    return n;
}

std::array<std::uint8_t, kLinkCheckSize> check_of(ByteView bytes) {
    std::array<std::uint8_t, 16> hash{};
    crypto_generichash(hash.data(), hash.size(), bytes.data(), bytes.size(), nullptr, 0);
    return {hash[0], hash[1]};
}

struct BodyWriter {
    std::string& out;
    std::uint8_t flags = 0;  // the type byte's high nibble

    FrameType operator()(const SummaryFrame& f) {
        put_varint(out, f.count);
        put_be(out, f.epoch, 4);
        out.append(reinterpret_cast<const char*>(f.digest.data()), f.digest.size());
        put_varint(out, f.policy.kinds);
        put_u8(out, f.policy.precedences);
        put_u8(out, f.policy.lawful ? 1 : 0);
        return FrameType::summary;
    }
    FrameType operator()(const SymbolRequestFrame& f) {
        put_be(out, f.target, 4);
        put_be(out, f.epoch, 4);
        put_varint(out, f.first);
        put_varint(out, f.count);
        return FrameType::symbol_request;
    }
    FrameType operator()(const SymbolsFrame& f) {
        put_be(out, f.epoch, 4);
        put_varint(out, f.first);
        out += sync::encode_symbols(f.symbols);
        return FrameType::symbols;
    }
    FrameType operator()(const WantFrame& f) {
        put_be(out, f.target, 4);
        put_be(out, f.epoch, 4);
        for (sync::ShortKey key : f.keys) put_be(out, key & sync::kShortKeyMask, 5);
        return FrameType::want;
    }
    FrameType operator()(const DataFrame& f) {
        out.append(reinterpret_cast<const char*>(f.tag.data()), f.tag.size());
        put_varint(out, f.total);
        put_varint(out, f.index);
        put_varint(out, f.count);
        out += f.chunk;
        flags = static_cast<std::uint8_t>((f.deflated ? kDeflatedFlag : 0) |
                                          (f.urgent ? kUrgentFlag : 0));
        return FrameType::data;
    }
    FrameType operator()(const MissingFrame& f) {
        for (const MissingEntry& e : f.entries) {
            out.append(reinterpret_cast<const char*>(e.tag.data()), e.tag.size());
            put_varint(out, e.total);
            put_varint(out, e.count);
            put_varint(out, e.indices.size());
            for (std::uint16_t index : e.indices) put_varint(out, index);
        }
        return FrameType::missing;
    }
};

// ---- reading ----------------------------------------------------------------------------

// Reads from a span that never grows; every read checks what is left first.
class Reader {
  public:
    explicit Reader(ByteView bytes) : bytes_(bytes) {}

    bool u8(std::uint8_t& v) {
        if (pos_ >= bytes_.size()) return false;
        v = bytes_[pos_++];
        return true;
    }
    template <typename T>
    bool be(T& v, int bytes) {
        if (left() < static_cast<std::size_t>(bytes)) return false;
        std::uint64_t x = 0;
        for (int i = 0; i < bytes; ++i) x = (x << 8) | bytes_[pos_++];
        v = static_cast<T>(x);
        return true;
    }
    // At most 5 bytes: every varint here fits 32 bits.
    bool varint(std::uint32_t& v) {
        std::uint64_t x = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            std::uint8_t b = 0;
            if (!u8(b)) return false;
            x |= std::uint64_t{b & 0x7Fu} << shift;
            if ((b & 0x80) == 0) {
                if (x > 0xFFFFFFFFu) return false;
                v = static_cast<std::uint32_t>(x);
                return true;
            }
        }
        return false;
    }
    template <std::size_t N>
    bool fixed(std::array<std::uint8_t, N>& out) {
        if (left() < N) return false;
        std::memcpy(out.data(), bytes_.data() + pos_, N);
        pos_ += N;
        return true;
    }
    ByteView rest() {
        ByteView r = bytes_.subspan(pos_);
        pos_ = bytes_.size();
        return r;
    }
    std::size_t left() const { return bytes_.size() - pos_; }

  private:
    ByteView bytes_;
    std::size_t pos_ = 0;
};

using BodyResult = Result<LinkBody, LinkFrameError>;

BodyResult read_summary(Reader& r) {
    SummaryFrame f;
    std::uint32_t count = 0;
    if (!r.varint(count) || !r.be(f.epoch, 4) || !r.fixed(f.digest) || !r.varint(f.policy.kinds) ||
        !r.u8(f.policy.precedences))
        return fail(LinkFrameError::truncated);
    std::uint8_t flags = 0;
    if (!r.u8(flags)) return fail(LinkFrameError::truncated);
    if (r.left() != 0 || flags > 1) return fail(LinkFrameError::bad_field);
    f.count = count;
    f.policy.lawful = flags == 1;
    return LinkBody{f};
}

BodyResult read_symbol_request(Reader& r) {
    SymbolRequestFrame f;
    if (!r.be(f.target, 4) || !r.be(f.epoch, 4) || !r.varint(f.first) || !r.varint(f.count))
        return fail(LinkFrameError::truncated);
    if (r.left() != 0 || f.count == 0) return fail(LinkFrameError::bad_field);
    return LinkBody{f};
}

BodyResult read_symbols(Reader& r) {
    SymbolsFrame f;
    if (!r.be(f.epoch, 4) || !r.varint(f.first)) return fail(LinkFrameError::truncated);
    ByteView rest = r.rest();
    auto symbols = sync::decode_symbols(rest, rest.size() / sync::kSymbolWireSize);
    if (!symbols || symbols->empty()) return fail(LinkFrameError::bad_field);
    f.symbols = std::move(*symbols);
    return LinkBody{std::move(f)};
}

BodyResult read_want(Reader& r) {
    WantFrame f;
    if (!r.be(f.target, 4) || !r.be(f.epoch, 4)) return fail(LinkFrameError::truncated);
    if (r.left() == 0 || r.left() % kShortKeyWireSize != 0) return fail(LinkFrameError::bad_field);
    while (r.left() > 0) {
        sync::ShortKey key = 0;
        r.be(key, kShortKeyWireSize);
        f.keys.push_back(key);
    }
    return LinkBody{std::move(f)};
}

BodyResult read_data(Reader& r, std::uint8_t flags) {
    DataFrame f;
    f.deflated = (flags & kDeflatedFlag) != 0;
    f.urgent = (flags & kUrgentFlag) != 0;
    std::uint32_t index = 0, count = 0;
    if (!r.fixed(f.tag) || !r.varint(f.total) || !r.varint(index) || !r.varint(count))
        return fail(LinkFrameError::truncated);
    if (index > 0xFFFF || count > 0xFFFF || count == 0 || index >= count || r.left() == 0)
        return fail(LinkFrameError::bad_field);
    f.index = static_cast<std::uint16_t>(index);
    f.count = static_cast<std::uint16_t>(count);
    ByteView chunk = r.rest();
    f.chunk.assign(reinterpret_cast<const char*>(chunk.data()), chunk.size());
    return LinkBody{std::move(f)};
}

BodyResult read_missing(Reader& r) {
    MissingFrame f;
    std::size_t listed = 0;
    while (r.left() > 0) {
        MissingEntry e;
        std::uint32_t count = 0, n = 0;
        if (!r.fixed(e.tag) || !r.varint(e.total) || !r.varint(count) || !r.varint(n))
            return fail(LinkFrameError::truncated);
        if (count == 0 || count > 0xFFFF || n == 0 || n > kMaxMissingListed - listed ||
            f.entries.size() >= kMaxMissingEntries)
            return fail(LinkFrameError::bad_field);
        e.count = static_cast<std::uint16_t>(count);
        for (std::uint32_t k = 0; k < n; ++k) {
            std::uint32_t index = 0;
            if (!r.varint(index)) return fail(LinkFrameError::truncated);
            if (index >= count) return fail(LinkFrameError::bad_field);
            e.indices.push_back(static_cast<std::uint16_t>(index));
        }
        listed += n;
        f.entries.push_back(std::move(e));
    }
    if (f.entries.empty()) return fail(LinkFrameError::bad_field);
    return LinkBody{std::move(f)};
}

BodyResult read_body(FrameType type, std::uint8_t flags, Reader& r) {
    if (flags != 0 && type != FrameType::data) return fail(LinkFrameError::bad_type);
    switch (type) {
        case FrameType::summary:
            return read_summary(r);
        case FrameType::symbol_request:
            return read_symbol_request(r);
        case FrameType::symbols:
            return read_symbols(r);
        case FrameType::want:
            return read_want(r);
        case FrameType::data:
            return read_data(r, flags);
        case FrameType::missing:
            return read_missing(r);
    }
    return fail(LinkFrameError::bad_type);
}

}  // namespace

std::string_view link_frame_error_name(LinkFrameError error) {
    switch (error) {
        case LinkFrameError::not_ours:
            return "not_ours";
        case LinkFrameError::bad_check:
            return "bad_check";
        case LinkFrameError::truncated:
            return "truncated";
        case LinkFrameError::bad_type:
            return "bad_type";
        case LinkFrameError::bad_field:
            return "bad_field";
    }
    return "unknown";
}

std::string encode_link_frame(const LinkFrame& frame) {
    std::string out;
    put_u8(out, kLinkMagic);
    put_u8(out, 0);  // the type, known once the body is written
    put_be(out, frame.sender, 4);
    BodyWriter writer{out};
    FrameType type = std::visit(writer, frame.body);
    out[1] = static_cast<char>(static_cast<std::uint8_t>(type) | writer.flags);
    auto check = check_of(as_bytes(out));
    out.append(reinterpret_cast<const char*>(check.data()), check.size());
    return out;
}

Result<LinkFrame, LinkFrameError> decode_link_frame(ByteView bytes) {
    if (bytes.empty() || bytes[0] != kLinkMagic) return fail(LinkFrameError::not_ours);
    if (bytes.size() < kLinkHeaderSize + kLinkCheckSize) return fail(LinkFrameError::truncated);
    ByteView covered = bytes.first(bytes.size() - kLinkCheckSize);
    auto check = check_of(covered);
    if (std::memcmp(check.data(), bytes.data() + covered.size(), kLinkCheckSize) != 0)
        return fail(LinkFrameError::bad_check);
    std::uint8_t raw_type = bytes[1] & 0x0F;
    std::uint8_t flags = bytes[1] & 0xF0;
    if (raw_type < 1 || raw_type > 7 || raw_type == 6 || (flags & ~(kDeflatedFlag | kUrgentFlag)))
        return fail(LinkFrameError::bad_type);
    Reader r(covered.subspan(2));
    LinkFrame frame;
    r.be(frame.sender, 4);
    auto body = read_body(static_cast<FrameType>(raw_type), flags, r);
    if (!body) return fail(body.error());
    frame.body = std::move(*body);
    return frame;
}

std::vector<std::string> split_for_frames(ByteView payload, std::size_t frame_bytes) {
    const auto total = static_cast<std::uint32_t>(payload.size());
    std::uint16_t count = 1;
    std::size_t chunk = 1;
    for (int round = 0; round < 3; ++round) {  // settles in two: the count changes little
        const std::size_t overhead = data_frame_overhead(total, count);
        chunk = frame_bytes > overhead + 1 ? frame_bytes - overhead : 1;
        count = fragment_count(payload.size(), chunk);
    }
    return split_payload(payload, chunk);
}

std::size_t data_frame_overhead(std::uint32_t total, std::uint16_t count) {
    return kLinkHeaderSize + kLinkCheckSize + std::tuple_size_v<MessageTag> + varint_size(total) +
           varint_size(count > 0 ? count - 1u : 0u) + varint_size(count);
}

}  // namespace baken::radio
