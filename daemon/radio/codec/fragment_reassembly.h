// Splitting a payload into radio-sized fragments and putting it back together on the other
// side, where fragments arrive lost, duplicated, reordered or garbled (docs/radio-link.md).
//
// Both sides follow one split rule, so a receiver can check every fragment against its header:
//   count = ceil(total / max_chunk); chunk size c = ceil(total / count);
//   fragment i covers [i*c, min(total, (i+1)*c)).
// Every fragment but the last has c bytes and the last one is never empty. A receiver does not
// need to know the sender's max_chunk: (total, count) determine c.
//
// Memory is bounded: a partial payload reserves its whole total when its first fragment
// arrives, and the reserved bytes of all partials stay within max_buffered_bytes; the number of
// partials within max_partials. When a new partial would pass either limit, the partial heard
// from least recently is evicted first.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"

namespace baken::radio {

using MessageTag = std::array<std::uint8_t, 6>;  // the first 6 bytes of the message id

struct Fragment {
    MessageTag tag{};
    std::uint32_t total_bytes = 0;  // of the whole payload
    std::uint16_t index = 0;        // 0 .. count-1
    std::uint16_t count = 0;
    ByteView chunk;  // the bytes of fragment `index` under the split rule
};

// The fragments' chunks of `payload` under the split rule.
// REQUIRES: max_chunk > 0, !payload.empty(), fragment_count(payload.size(), max_chunk) fits.
std::vector<std::string> split_payload(ByteView payload, std::size_t max_chunk);

// ceil(total / max_chunk). REQUIRES: max_chunk > 0 and the result <= 65535.
std::uint16_t fragment_count(std::size_t total, std::size_t max_chunk);

struct ReassemblyLimits {
    std::size_t max_partials = 16;
    std::size_t max_buffered_bytes = 256 * 1024;
    std::uint32_t max_payload_bytes = 72 * 1024;  // larger totals are bad_header
    std::uint16_t max_fragments = 1024;           // larger counts are bad_header
    std::int64_t give_up_ms = 10 * 60 * 1000;     // expire() drops partials silent this long
};

enum class FragmentError {
    // count == 0, index >= count, total == 0, total > max_payload_bytes (or than
    // max_buffered_bytes), count > max_fragments, (count-1)*c >= total (a count the split rule
    // never gives), or a chunk whose size is not the one the rule gives: garbage, ignore it.
    bad_header,
    // A partial with this tag has another total or count: the partial is kept, this fragment
    // ignored (a tag collision or garbage).
    conflicting,
};
std::string_view fragment_error_name(FragmentError error);

// A partial payload, for loss recovery: which fragments to ask for.
struct PartialState {
    MessageTag tag{};
    std::uint16_t count = 0;
    std::vector<std::uint16_t> missing;  // ascending
    std::int64_t first_heard_ms = 0;
    std::int64_t last_heard_ms = 0;
};

class FragmentReassembly {
  public:
    explicit FragmentReassembly(ReassemblyLimits limits = {});

    // The whole payload when this fragment completes it; nullopt when it was stored or was a
    // duplicate (which still counts as hearing from the partial). A 1-fragment payload
    // completes at once and is never buffered. A completed payload's partial is gone: a
    // fragment of it heard again starts a new partial (the caller, which knows which messages
    // it holds, may drop() it).
    Result<std::optional<std::string>, FragmentError> add(const Fragment& fragment,
                                                          std::int64_t now_ms);

    // Oldest first (by first_heard_ms, then tag).
    std::vector<PartialState> partials() const;
    bool has_partial(const MessageTag& tag) const;
    void drop(const MessageTag& tag);
    // Drops the partials not heard from for give_up_ms or longer; returns how many.
    std::size_t expire(std::int64_t now_ms);

    // What the partials reserve: the sum of their totals. <= max_buffered_bytes.
    std::size_t buffered_bytes() const { return buffered_bytes_; }
    // Partials evicted to make room for a new one.
    std::uint64_t evicted() const { return evicted_; }

  private:
    struct Partial {
        std::string payload;         // total bytes, filled as fragments arrive
        std::vector<bool> received;  // one per fragment
        std::uint16_t received_count = 0;
        std::int64_t first_heard_ms = 0;
        std::int64_t last_heard_ms = 0;
    };

    bool valid(const Fragment& fragment) const;
    void make_room(std::size_t bytes);
    std::map<MessageTag, Partial>::iterator erase(std::map<MessageTag, Partial>::iterator it);

    ReassemblyLimits limits_;
    std::map<MessageTag, Partial> partials_;
    std::size_t buffered_bytes_ = 0;
    std::uint64_t evicted_ = 0;
};

}  // namespace baken::radio
