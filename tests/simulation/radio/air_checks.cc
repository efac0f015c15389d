// See air_checks.h.
#include "simulation/radio/air_checks.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <utility>
#include <variant>

#include "radio/codec/ax25_frame.h"
#include "radio/link/link_frame.h"
#include "radio/link/payload_compression.h"

namespace baken::sim {
namespace {

constexpr std::size_t kMaxInflatedBytes = 1 << 20;
constexpr std::uint16_t kMaxFragments = 1024;

// The link frame inside a modem frame, if it is one.
std::optional<radio::LinkFrame> link_frame_of(const std::string& modem_frame, bool ax25) {
    std::string payload;
    if (ax25) {
        auto parsed = radio::ax25_parse(as_bytes(modem_frame));
        if (!parsed) return std::nullopt;
        payload = std::move(parsed->info);
    } else {
        payload = modem_frame;
    }
    auto decoded = radio::decode_link_frame(as_bytes(payload));
    if (!decoded) return std::nullopt;
    return std::move(decoded).value();
}

const radio::DataFrame* data_of(const std::optional<radio::LinkFrame>& frame) {
    return frame ? std::get_if<radio::DataFrame>(&frame->body) : nullptr;
}

}  // namespace

std::int64_t max_airtime_in_window(std::span<const Transmission> records, int node,
                                   std::int64_t window_ms, AirtimeInstant instant) {
    std::vector<std::pair<std::int64_t, std::int64_t>> spent;  // (instant, airtime)
    for (const Transmission& t : records) {
        if (t.node != node) continue;
        spent.emplace_back(instant == AirtimeInstant::keyed_up ? t.start_ms : t.queued_ms,
                           t.airtime_ms);
    }
    std::sort(spent.begin(), spent.end());
    std::int64_t most = 0, sum = 0;
    std::size_t first = 0;
    for (std::size_t i = 0; i < spent.size(); ++i) {
        sum += spent[i].second;
        while (spent[first].first <= spent[i].first - window_ms) sum -= spent[first++].second;
        most = std::max(most, sum);
    }
    return most;
}

std::int64_t airtime_between(std::span<const Transmission> records, int node, std::int64_t from_ms,
                             std::int64_t to_ms) {
    std::int64_t sum = 0;
    for (const Transmission& t : records)
        if (t.node == node && t.start_ms >= from_ms && t.start_ms < to_ms) sum += t.airtime_ms;
    return sum;
}

std::vector<std::string> framing_problems(std::span<const Transmission> records,
                                          std::span<const radio::Callsign> callsigns,
                                          std::size_t max_reported) {
    std::vector<std::string> problems;
    for (std::size_t i = 0; i < records.size() && problems.size() < max_reported; ++i) {
        const Transmission& t = records[i];
        const std::string where = "frame " + std::to_string(i) + " (node " +
                                  std::to_string(t.node) + ", at " + std::to_string(t.start_ms) +
                                  " ms): ";
        auto parsed = radio::ax25_parse(as_bytes(t.bytes));
        if (!parsed) {
            problems.push_back(where + "not an AX.25 UI frame: " +
                               std::string(radio::ax25_error_name(parsed.error())));
            continue;
        }
        if (parsed->source != callsigns[static_cast<std::size_t>(t.node)])
            problems.push_back(where + "source " + radio::to_string(parsed->source));
        if (parsed->pid != radio::kAx25PidNoLayer3)
            problems.push_back(where + "PID " + std::to_string(parsed->pid));
        if (radio::is_reserved_destination(parsed->destination))
            problems.push_back(where + "reserved destination " +
                               radio::to_string(parsed->destination));
    }
    return problems;
}

std::vector<std::string> envelopes_on_air(std::span<const Transmission> records, bool ax25) {
    // One partial per (tag, deflated, total, count): fragments of different splits of the
    // same message never mix.
    using Key = std::tuple<radio::MessageTag, bool, std::uint32_t, std::uint16_t>;
    std::map<Key, std::vector<std::optional<std::string>>> partials;
    std::set<std::string> whole;
    for (const Transmission& t : records) {
        auto frame = link_frame_of(t.bytes, ax25);
        const radio::DataFrame* data = data_of(frame);
        if (!data || data->count == 0 || data->count > kMaxFragments || data->index >= data->count)
            continue;
        auto& chunks = partials[{data->tag, data->deflated, data->total, data->count}];
        chunks.resize(data->count);
        chunks[data->index] = data->chunk;
        if (!std::all_of(chunks.begin(), chunks.end(), [](const auto& c) { return c.has_value(); }))
            continue;
        std::string payload;
        for (const auto& c : chunks) payload += *c;
        if (data->deflated) {
            auto inflated = radio::inflate_bounded(as_bytes(payload), kMaxInflatedBytes);
            if (!inflated) continue;
            payload = std::move(*inflated);
        }
        whole.insert(std::move(payload));
    }
    return {whole.begin(), whole.end()};
}

DataFrameTotals data_frames_for(std::span<const Transmission> records, bool ax25,
                                std::span<const std::uint8_t> tag) {
    DataFrameTotals totals;
    for (const Transmission& t : records) {
        auto frame = link_frame_of(t.bytes, ax25);
        const radio::DataFrame* data = data_of(frame);
        if (!data || !std::equal(tag.begin(), tag.end(), data->tag.begin(), data->tag.end()))
            continue;
        ++totals.frames;
        totals.bytes += t.bytes.size();
    }
    return totals;
}

std::map<std::string, FrameTally> frames_by_type(std::span<const Transmission> records, bool ax25) {
    static constexpr const char* kNames[] = {"summary", "symbol_request", "symbols",
                                             "want",    "data",           "missing"};
    static_assert(std::variant_size_v<radio::LinkBody> == std::size(kNames));
    std::map<std::string, FrameTally> tally;
    for (const Transmission& t : records) {
        auto frame = link_frame_of(t.bytes, ax25);
        FrameTally& entry = tally[frame ? kNames[frame->body.index()] : "other"];
        ++entry.frames;
        entry.bytes += t.bytes.size();
        entry.airtime_ms += t.airtime_ms;
    }
    return tally;
}

bool any_frame_contains(std::span<const Transmission> records, std::string_view needle) {
    return std::any_of(records.begin(), records.end(), [&](const Transmission& t) {
        return t.bytes.find(needle) != std::string::npos;
    });
}

}  // namespace baken::sim
