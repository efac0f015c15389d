// See paper_codes.h.
#include "paper_codes.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>

#include "common/bytes.h"
#include "message/envelope_codec.h"
#include "paper/base45.h"

namespace baken::cli::paper {
namespace {

constexpr std::size_t kIdHexChars = 2 * kMessageIdSize;

std::string upper_hex(const MessageId& id) {
    std::string hex = to_hex(id);
    std::transform(hex.begin(), hex.end(), hex.begin(),
                   [](char c) { return c >= 'a' && c <= 'f' ? static_cast<char>(c - 32) : c; });
    return hex;
}

// "1".."kMaxParts", no sign, no leading zero.
std::optional<int> small_number(std::string_view text) {
    if (text.empty() || text.size() > 3 || text.front() == '0') return std::nullopt;
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    if (value < 1 || value > kMaxParts) return std::nullopt;
    return value;
}

// Takes the text up to the next `separator` off the front of `rest`.
std::optional<std::string_view> take_until(std::string_view& rest, char separator) {
    const auto at = rest.find(separator);
    if (at == std::string_view::npos) return std::nullopt;
    std::string_view field = rest.substr(0, at);
    rest.remove_prefix(at + 1);
    return field;
}

std::string missing_text(const std::map<int, std::string>& parts, int total) {
    std::string list;
    int missing = 0;
    for (int p = 1; p <= total; ++p) {
        if (parts.contains(p)) continue;
        if (++missing <= 8) list += (list.empty() ? "" : ", ") + std::to_string(p);
    }
    if (missing > 8) list += ", ...";
    return "missing part" + std::string(missing == 1 ? " " : "s ") + list + " of " +
           std::to_string(total) + ": scan the page again with every code in view";
}

// The parts of one id seen so far, and the first thing wrong with them.
struct Collected {
    FoundMessage found;
    MessageId id{};
    std::map<int, std::string> parts;
};

void add_part(Collected& c, CodePart part) {
    if (!c.found.problem.empty()) return;
    if (part.total != c.found.total) {
        c.found.problem = "its codes disagree on the number of parts (" +
                          std::to_string(c.found.total) + " and " + std::to_string(part.total) +
                          "): codes of two different pages or a damaged code";
        return;
    }
    auto [it, inserted] = c.parts.emplace(part.part, std::move(part.bytes));
    if (!inserted && it->second != part.bytes) {
        c.found.problem = "two different codes claim to be part " + std::to_string(part.part) +
                          " of " + std::to_string(part.total);
    }
}

void finish(Collected& c) {
    c.found.parts_seen = static_cast<int>(c.parts.size());
    if (!c.found.problem.empty()) return;
    if (static_cast<int>(c.parts.size()) != c.found.total) {
        c.found.problem = missing_text(c.parts, c.found.total);
        return;
    }
    std::string bytes;
    for (const auto& [number, chunk] : c.parts) bytes += chunk;
    auto decoded = decode_envelope(as_bytes(bytes));
    if (!decoded) {
        c.found.problem = "the codes do not make a Baken message: " + describe(decoded.error());
        return;
    }
    if (decoded->id != c.id) {
        c.found.problem = "the bytes do not match the id on the codes (they hash to " +
                          to_hex(decoded->id) + "): a damaged or altered code";
        return;
    }
    c.found.envelope_bytes = std::move(bytes);
}

}  // namespace

Result<std::vector<std::string>, std::string> paper_codes(std::string_view envelope_bytes) {
    auto decoded = decode_envelope(as_bytes(envelope_bytes));
    if (!decoded) return fail("not a Baken message: " + describe(decoded.error()));
    if (envelope_bytes.empty()) return fail(std::string("not a Baken message: no bytes"));
    const std::size_t size = envelope_bytes.size();
    const std::size_t total =
        std::max<std::size_t>(1, (size + kMaxChunkBytes - 1) / kMaxChunkBytes);
    const std::size_t chunk = (size + total - 1) / total;
    // total <= kMaxParts because decode_envelope enforced limits::kMaxEnvelopeBytes.
    const std::string id = upper_hex(decoded->id);
    std::vector<std::string> codes;
    for (std::size_t part = 0; part < total; ++part) {
        const std::string_view bytes = envelope_bytes.substr(std::min(size, part * chunk), chunk);
        codes.push_back(std::string(kCodeTag) + std::to_string(part + 1) + "/" +
                        std::to_string(total) + ":" + id + ":" + base45_encode(bytes));
    }
    return codes;
}

Result<CodePart, std::string> parse_code(std::string_view text) {
    if (!text.starts_with(kCodeTag)) return fail(std::string("not a Baken code"));
    std::string_view rest = text.substr(kCodeTag.size());
    auto part = take_until(rest, '/');
    auto total = take_until(rest, ':');
    auto id = take_until(rest, ':');
    if (!part || !total || !id)
        return fail(std::string("a Baken code without its part, total and id"));
    CodePart out;
    auto p = small_number(*part);
    auto t = small_number(*total);
    if (!p || !t || *p > *t) {
        return fail("a Baken code with part \"" + std::string(part->substr(0, 8)) + "/" +
                    std::string(total->substr(0, 8)) + "\" (1 to " + std::to_string(kMaxParts) +
                    " parts)");
    }
    out.part = *p;
    out.total = *t;
    const bool upper_hex_id =
        id->size() == kIdHexChars && id->find_first_not_of("0123456789ABCDEF") == std::string::npos;
    auto id_bytes = upper_hex_id ? from_hex(*id) : std::nullopt;
    if (!id_bytes) return fail(std::string("a Baken code whose id is not 64 hex characters"));
    std::copy(id_bytes->begin(), id_bytes->end(), out.id.begin());
    auto bytes = base45_decode(rest);
    if (!bytes) return fail("a Baken code whose data is damaged: " + bytes.error());
    if (bytes->empty() || bytes->size() > kMaxChunkBytes)
        return fail("a Baken code holding " + std::to_string(bytes->size()) + " bytes (1 to " +
                    std::to_string(kMaxChunkBytes) + ")");
    out.bytes = std::move(bytes).value();
    return out;
}

Reassembly reassemble(const std::vector<std::string>& codes) {
    Reassembly out;
    std::vector<Collected> collected;  // in order of first sight; few, so a linear search
    for (const std::string& text : codes) {
        if (!text.starts_with(kCodeTag)) {
            ++out.other_codes;
            continue;
        }
        auto part = parse_code(text);
        if (!part) {
            out.damaged.push_back(part.error());
            continue;
        }
        auto it = std::find_if(collected.begin(), collected.end(),
                               [&](const Collected& c) { return c.id == part->id; });
        if (it == collected.end()) {
            Collected fresh;
            fresh.id = part->id;
            fresh.found.id_hex = to_hex(part->id);
            fresh.found.total = part->total;
            collected.push_back(std::move(fresh));
            it = collected.end() - 1;
        }
        add_part(*it, std::move(part).value());
    }
    for (Collected& c : collected) {
        finish(c);
        out.messages.push_back(std::move(c.found));
    }
    return out;
}

}  // namespace baken::cli::paper
