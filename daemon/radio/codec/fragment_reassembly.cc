// The split rule and the reassembly of fragments (see fragment_reassembly.h).
#include "radio/codec/fragment_reassembly.h"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <limits>

namespace baken::radio {
namespace {

std::size_t ceil_div(std::size_t a, std::size_t b) {
    return a / b + (a % b != 0);
}

// The chunk size c the split rule gives for (total, count). REQUIRES: total > 0, count > 0.
std::size_t chunk_size(std::size_t total, std::size_t count) {
    return ceil_div(total, count);
}

// Fragment `index`'s byte range [begin, end) under the split rule.
struct Range {
    std::size_t begin = 0;
    std::size_t end = 0;
};
Range fragment_range(std::size_t total, std::size_t count, std::size_t index) {
    const std::size_t c = chunk_size(total, count);
    return {index * c, std::min(total, (index + 1) * c)};
}

}  // namespace

std::uint16_t fragment_count(std::size_t total, std::size_t max_chunk) {
    assert(max_chunk > 0);
    const std::size_t count = ceil_div(total, max_chunk);
    assert(count <= std::numeric_limits<std::uint16_t>::max());
    return static_cast<std::uint16_t>(count);
}

std::vector<std::string> split_payload(ByteView payload, std::size_t max_chunk) {
    assert(max_chunk > 0 && !payload.empty());
    const std::size_t count = fragment_count(payload.size(), max_chunk);
    std::vector<std::string> chunks;
    chunks.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const Range r = fragment_range(payload.size(), count, i);
        chunks.emplace_back(as_chars(payload.subspan(r.begin, r.end - r.begin)));
    }
    return chunks;
}

std::string_view fragment_error_name(FragmentError error) {
    switch (error) {
        case FragmentError::bad_header:
            return "bad_header";
        case FragmentError::conflicting:
            return "conflicting";
    }
    return "unknown";
}

FragmentReassembly::FragmentReassembly(ReassemblyLimits limits) : limits_(limits) {
    // A partial must fit on its own, and there must be room for one.
    limits_.max_partials = std::max<std::size_t>(limits_.max_partials, 1);
    if (limits_.max_payload_bytes > limits_.max_buffered_bytes)
        limits_.max_payload_bytes = static_cast<std::uint32_t>(limits_.max_buffered_bytes);
}

bool FragmentReassembly::valid(const Fragment& f) const {
    if (f.count == 0 || f.index >= f.count || f.total_bytes == 0) return false;
    if (f.total_bytes > limits_.max_payload_bytes || f.count > limits_.max_fragments) return false;
    const std::size_t c = chunk_size(f.total_bytes, f.count);
    // A count the split rule never gives would leave the last fragment empty.
    if ((std::size_t{f.count} - 1) * c >= f.total_bytes) return false;
    const Range r = fragment_range(f.total_bytes, f.count, f.index);
    return f.chunk.size() == r.end - r.begin;
}

Result<std::optional<std::string>, FragmentError> FragmentReassembly::add(const Fragment& f,
                                                                          std::int64_t now_ms) {
    if (!valid(f)) return fail(FragmentError::bad_header);
    auto it = partials_.find(f.tag);
    if (it != partials_.end()) {
        Partial& p = it->second;
        if (p.payload.size() != f.total_bytes || p.received.size() != f.count)
            return fail(FragmentError::conflicting);
        p.last_heard_ms = now_ms;
        if (p.received[f.index]) return std::optional<std::string>{};  // a duplicate
    } else {
        if (f.count == 1) return std::optional<std::string>{std::string(as_chars(f.chunk))};
        make_room(f.total_bytes);
        Partial p;
        p.payload.assign(f.total_bytes, '\0');
        p.received.assign(f.count, false);
        p.first_heard_ms = p.last_heard_ms = now_ms;
        it = partials_.emplace(f.tag, std::move(p)).first;
        buffered_bytes_ += f.total_bytes;
    }

    Partial& p = it->second;
    const Range r = fragment_range(f.total_bytes, f.count, f.index);
    std::memcpy(p.payload.data() + r.begin, f.chunk.data(), f.chunk.size());
    p.received[f.index] = true;
    ++p.received_count;
    if (p.received_count < p.received.size()) return std::optional<std::string>{};

    std::optional<std::string> whole{std::move(p.payload)};
    buffered_bytes_ -= f.total_bytes;
    partials_.erase(it);
    return whole;
}

// Evicts the partials heard from least recently until one more of `bytes` fits.
void FragmentReassembly::make_room(std::size_t bytes) {
    // INVARIANT: bytes <= max_payload_bytes <= max_buffered_bytes, so this ends with room.
    while (!partials_.empty() && (partials_.size() >= limits_.max_partials ||
                                  buffered_bytes_ + bytes > limits_.max_buffered_bytes)) {
        // Least recently heard first, then by tag: eviction does not depend on the map's order.
        erase(
            std::min_element(partials_.begin(), partials_.end(), [](const auto& a, const auto& b) {
                if (a.second.last_heard_ms != b.second.last_heard_ms)
                    return a.second.last_heard_ms < b.second.last_heard_ms;
                return a.first < b.first;
            }));
        ++evicted_;
    }
}

// REQUIRES: the partial's payload is still whole (its size is what it reserved).
std::map<MessageTag, FragmentReassembly::Partial>::iterator FragmentReassembly::erase(
    std::map<MessageTag, Partial>::iterator it) {
    buffered_bytes_ -= it->second.payload.size();
    return partials_.erase(it);
}

std::vector<PartialState> FragmentReassembly::partials() const {
    std::vector<PartialState> out;
    out.reserve(partials_.size());
    for (const auto& [tag, p] : partials_) {
        PartialState state{tag,
                           static_cast<std::uint16_t>(p.received.size()),
                           {},
                           p.first_heard_ms,
                           p.last_heard_ms};
        for (std::size_t i = 0; i < p.received.size(); ++i)
            if (!p.received[i]) state.missing.push_back(static_cast<std::uint16_t>(i));
        out.push_back(std::move(state));
    }
    std::sort(out.begin(), out.end(), [](const PartialState& a, const PartialState& b) {
        if (a.first_heard_ms != b.first_heard_ms) return a.first_heard_ms < b.first_heard_ms;
        return a.tag < b.tag;
    });
    return out;
}

bool FragmentReassembly::has_partial(const MessageTag& tag) const {
    return partials_.contains(tag);
}

void FragmentReassembly::drop(const MessageTag& tag) {
    auto it = partials_.find(tag);
    if (it != partials_.end()) erase(it);
}

std::size_t FragmentReassembly::expire(std::int64_t now_ms) {
    std::size_t dropped = 0;
    for (auto it = partials_.begin(); it != partials_.end();) {
        const std::int64_t last = it->second.last_heard_ms;
        // The difference in unsigned arithmetic: no overflow whatever the clock says.
        const bool silent = now_ms >= last &&
                            static_cast<std::uint64_t>(now_ms) - static_cast<std::uint64_t>(last) >=
                                static_cast<std::uint64_t>(limits_.give_up_ms);
        if (silent) {
            it = erase(it);
            ++dropped;
        } else {
            ++it;
        }
    }
    return dropped;
}

}  // namespace baken::radio
