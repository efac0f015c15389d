// See fragment_reassembly_harness.h.
#include "fuzz/fragment_reassembly_harness.h"

#include <algorithm>
#include <map>
#include <optional>
#include <vector>

#include "common/bytes.h"
#include "fuzz/invariant.h"
#include "radio/codec/fragment_reassembly.h"

namespace baken::fuzz {
namespace {

using radio::Fragment;
using radio::FragmentError;
using radio::FragmentReassembly;
using radio::MessageTag;

constexpr radio::ReassemblyLimits kLimits{
    4,     // max_partials
    8192,  // max_buffered_bytes
    4096,  // max_payload_bytes
    64,    // max_fragments
    1000,  // give_up_ms
};

MessageTag tag_of(std::uint8_t b) {
    return MessageTag{static_cast<std::uint8_t>(b & 7), 1, 2, 3, 4, 5};
}
const MessageTag kSplitTag{0xFF, 1, 2, 3, 4, 5};

// The split rule written another way than in fragment_reassembly.cc: the size of fragment
// `index`, or nullopt when (total, count, index) is not a header the rule gives.
std::optional<std::size_t> rule_size(std::size_t total, std::size_t count, std::size_t index) {
    if (total == 0 || count == 0 || index >= count) return std::nullopt;
    if (total > kLimits.max_payload_bytes || count > kLimits.max_fragments) return std::nullopt;
    const std::size_t c = (total + count - 1) / count;
    if (c * (count - 1) >= total) return std::nullopt;  // the last one would be empty
    return index + 1 < count ? c : total - c * (count - 1);
}

// Reads the input front to back; past the end every read gives 0.
class Reader {
  public:
    explicit Reader(ByteView input) : input_(input) {}
    bool done() const { return at_ >= input_.size(); }
    std::uint8_t byte() { return done() ? 0 : input_[at_++]; }
    std::uint16_t be16() {
        const std::uint16_t hi = byte();
        return static_cast<std::uint16_t>(hi << 8 | byte());
    }
    ByteView take(std::size_t n) {
        n = std::min(n, input_.size() - std::min(at_, input_.size()));
        ByteView out = input_.subspan(at_, n);
        at_ += n;
        return out;
    }

  private:
    ByteView input_;
    std::size_t at_ = 0;
};

struct ModelPartial {
    std::uint32_t total = 0;
    std::uint16_t count = 0;
    std::map<std::uint16_t, std::string> chunks;  // the first one heard per index
    std::int64_t last_heard_ms = 0;
};

// The order of eviction: least recently heard first, then by tag.
bool heard_before(const std::pair<const MessageTag, ModelPartial>& a,
                  const std::pair<const MessageTag, ModelPartial>& b) {
    if (a.second.last_heard_ms != b.second.last_heard_ms)
        return a.second.last_heard_ms < b.second.last_heard_ms;
    return a.first < b.first;
}

class Run {
  public:
    explicit Run(ByteView input) : in_(input) {}

    FragmentReassemblyOutcome run() {
        while (!in_.done()) {
            const std::uint8_t op = in_.byte();
            switch (op & 3) {
                case 0:
                    heard(op);
                    break;
                case 1:
                    now_ += 8 * std::int64_t{in_.byte()};
                    break;
                case 2:
                    if (op & 4) {
                        out_.expired += r_.expire(now_);
                    } else {
                        r_.drop(tag_of(in_.byte()));
                    }
                    break;
                case 3:
                    split_and_hear();
                    break;
            }
            check_state();
        }
        out_.evicted = r_.evicted();
        return out_;
    }

  private:
    // Operation 0: one fragment, checked against the rule and the model.
    void heard(std::uint8_t op) {
        const MessageTag tag = tag_of(in_.byte());
        const std::uint32_t total = in_.be16() & 0x1FFF;
        const std::uint16_t index = in_.byte();
        const std::uint16_t count = in_.byte();
        const auto expected_size = rule_size(total, count, index);
        const std::size_t size = (op & 4) ? expected_size.value_or(0) : in_.byte();
        const ByteView chunk = in_.take(size);
        const bool valid = expected_size && *expected_size == chunk.size();
        add(Fragment{tag, total, index, count, chunk}, valid);
    }

    // Adds a fragment, checks the outcome against the model; returns the completed payload.
    std::optional<std::string> add(const Fragment& f, bool valid) {
        const bool had = r_.has_partial(f.tag);
        if (!had) model_.erase(f.tag);
        auto result = r_.add(f, now_);
        if (!valid) {
            require(!result.ok() && result.error() == FragmentError::bad_header,
                    "a header the split rule does not give is bad_header");
            ++out_.bad_header;
            return std::nullopt;
        }
        if (!result.ok()) {
            require(result.error() == FragmentError::conflicting, "a valid header is not bad");
            const ModelPartial& m = model_.at(f.tag);
            require(had && (m.total != f.total_bytes || m.count != f.count),
                    "conflicting only against a partial with another total or count");
            ++out_.conflicting;
            return std::nullopt;
        }
        if (had) {
            const ModelPartial& m = model_.at(f.tag);
            require(m.total == f.total_bytes && m.count == f.count,
                    "a fragment joins only a partial of its total and count");
        } else {
            check_evictions(f.tag);
            model_[f.tag] = ModelPartial{f.total_bytes, f.count, {}, now_};
        }
        ModelPartial& m = model_[f.tag];
        m.last_heard_ms = now_;
        m.chunks.emplace(f.index, std::string(as_chars(f.chunk)));
        if (!result->has_value()) {
            require(r_.has_partial(f.tag) && m.chunks.size() < m.count,
                    "a payload not completed is held as a partial");
            return std::nullopt;
        }
        const std::string& payload = **result;
        require(payload.size() == f.total_bytes, "a completed payload has its total's size");
        require(m.chunks.size() == m.count, "a payload completes when every fragment is in");
        std::string assembled;
        for (const auto& [i, c] : m.chunks) assembled += c;
        require(assembled == payload, "a completed payload is its fragments put together");
        require(!r_.has_partial(f.tag), "a completed payload's partial is gone");
        model_.erase(f.tag);
        ++out_.completed;
        return payload;
    }

    // Operation 3: a payload split by split_payload(), heard whole in the order the input says.
    void split_and_hear() {
        const std::size_t total = 1 + in_.be16() % 4096;
        const std::size_t min_chunk = (total + kLimits.max_fragments - 1) / kLimits.max_fragments;
        const std::size_t max_chunk = std::max<std::size_t>(in_.byte(), min_chunk);
        const std::uint8_t order = in_.byte();
        std::string payload(total, '\0');
        for (std::size_t i = 0; i < total; ++i)
            payload[i] = static_cast<char>((i * 7 + order) & 0xFF);
        const auto chunks = radio::split_payload(as_bytes(payload), max_chunk);
        const std::size_t count = chunks.size();
        require(count == radio::fragment_count(total, max_chunk) && count <= kLimits.max_fragments,
                "split_payload gives fragment_count chunks");

        std::vector<std::size_t> sequence;
        if (order & 0x80) sequence.push_back(0);
        const std::size_t start = ((order >> 1) & 0x3F) % count;
        for (std::size_t k = 0; k < count; ++k) {
            const std::size_t i = (start + k) % count;
            sequence.push_back(order & 1 ? count - 1 - i : i);
        }
        r_.drop(kSplitTag);
        model_.erase(kSplitTag);
        std::size_t completions = 0;
        std::vector<bool> seen(count, false);
        std::size_t new_ones = 0;
        for (std::size_t i : sequence) {
            if (!seen[i]) ++new_ones;
            seen[i] = true;
            const Fragment f{kSplitTag, static_cast<std::uint32_t>(total),
                             static_cast<std::uint16_t>(i), static_cast<std::uint16_t>(count),
                             as_bytes(chunks[i])};
            require(rule_size(total, count, i) == chunks[i].size(),
                    "split_payload follows the split rule");
            if (auto done = add(f, true)) {
                require(*done == payload, "a split payload comes back whole");
                require(new_ones == count, "it completes at its last new fragment");
                ++completions;
            }
        }
        // A 1-fragment payload is never buffered, so each hearing of it completes it.
        require(completions == (count == 1 ? sequence.size() : 1),
                "a split payload heard whole completes exactly once (each time, if 1 fragment)");
    }

    // After `tag` started a partial: the partials it evicted were heard from before all others.
    void check_evictions(const MessageTag& tag) {
        std::vector<std::map<MessageTag, ModelPartial>::iterator> gone;
        for (auto it = model_.begin(); it != model_.end(); ++it)
            if (it->first != tag && !r_.has_partial(it->first)) gone.push_back(it);
        for (auto g : gone) {
            for (auto it = model_.begin(); it != model_.end(); ++it) {
                if (it->first == tag || !r_.has_partial(it->first)) continue;
                require(heard_before(*g, *it), "the partial heard from least recently goes first");
            }
        }
        for (auto g : gone) model_.erase(g);
    }

    void check_state() {
        for (auto it = model_.begin(); it != model_.end();) {
            it = r_.has_partial(it->first) ? std::next(it) : model_.erase(it);
        }
        require(r_.buffered_bytes() <= kLimits.max_buffered_bytes, "buffered bytes within limit");
        const auto partials = r_.partials();
        require(partials.size() <= kLimits.max_partials, "partials within limit");
        require(partials.size() == model_.size(), "partials() lists every partial");
        std::size_t reserved = 0;
        for (std::size_t k = 0; k < partials.size(); ++k) {
            const auto& p = partials[k];
            const auto m = model_.find(p.tag);
            require(m != model_.end() && r_.has_partial(p.tag), "a listed partial is held");
            require(p.count == m->second.count, "a partial's count is its fragments'");
            std::vector<std::uint16_t> missing;
            for (std::uint16_t i = 0; i < p.count; ++i)
                if (!m->second.chunks.contains(i)) missing.push_back(i);
            require(p.missing == missing && !missing.empty(),
                    "a partial's missing fragments are those not heard");
            require(p.first_heard_ms <= p.last_heard_ms && p.last_heard_ms <= now_,
                    "a partial was heard in the past");
            require(p.last_heard_ms == m->second.last_heard_ms,
                    "a partial was last heard at its last fragment (a duplicate too)");
            require(k == 0 || partials[k - 1].first_heard_ms <= p.first_heard_ms,
                    "partials() lists the oldest first");
            reserved += m->second.total;
        }
        require(r_.buffered_bytes() == reserved, "buffered bytes are the partials' totals");
        require(r_.evicted() >= last_evicted_, "evicted() never decreases");
        last_evicted_ = r_.evicted();
    }

    Reader in_;
    FragmentReassembly r_{kLimits};
    std::map<MessageTag, ModelPartial> model_;
    std::int64_t now_ = 0;
    std::uint64_t last_evicted_ = 0;
    FragmentReassemblyOutcome out_;
};

void push16(std::string& s, std::uint16_t v) {
    s.push_back(static_cast<char>(v >> 8));
    s.push_back(static_cast<char>(v & 0xFF));
}

}  // namespace

FragmentReassemblyOutcome fuzz_fragment_reassembly(const std::uint8_t* data, std::size_t size) {
    return Run(ByteView(data, size)).run();
}

FragmentScript& FragmentScript::add(std::uint8_t tag, std::uint16_t total, std::uint8_t index,
                                    std::uint8_t count, const std::string& payload) {
    bytes_.push_back(4);
    bytes_.push_back(static_cast<char>(tag));
    push16(bytes_, total);
    bytes_.push_back(static_cast<char>(index));
    bytes_.push_back(static_cast<char>(count));
    const auto size = rule_size(total & 0x1FFF, count, index).value_or(0);
    const std::size_t c = count > 0 ? (std::size_t{total} + count - 1) / count : 0;
    bytes_ += payload.substr(std::min(payload.size(), index * c), size);
    return *this;
}

FragmentScript& FragmentScript::add_raw(std::uint8_t tag, std::uint16_t total, std::uint8_t index,
                                        std::uint8_t count, const std::string& chunk) {
    bytes_.push_back(0);
    bytes_.push_back(static_cast<char>(tag));
    push16(bytes_, total);
    bytes_.push_back(static_cast<char>(index));
    bytes_.push_back(static_cast<char>(count));
    bytes_.push_back(static_cast<char>(std::min<std::size_t>(chunk.size(), 255)));
    bytes_ += chunk.substr(0, 255);
    return *this;
}

FragmentScript& FragmentScript::wait(std::uint8_t units) {
    bytes_.push_back(1);
    bytes_.push_back(static_cast<char>(units));
    return *this;
}

FragmentScript& FragmentScript::expire() {
    bytes_.push_back(2 | 4);
    return *this;
}

FragmentScript& FragmentScript::drop(std::uint8_t tag) {
    bytes_.push_back(2);
    bytes_.push_back(static_cast<char>(tag));
    return *this;
}

FragmentScript& FragmentScript::split(std::uint16_t total, std::uint8_t max_chunk,
                                      std::uint8_t order) {
    bytes_.push_back(3);
    push16(bytes_, total);
    bytes_.push_back(static_cast<char>(max_chunk));
    bytes_.push_back(static_cast<char>(order));
    return *this;
}

}  // namespace baken::fuzz
