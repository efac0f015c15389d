// Which held messages go into a bundle, and in which order: the live ones matching the
// export's filters (since, kinds, precedence), minus those the destination already carries,
// most urgent first and newest first within a precedence, so that when space runs out what
// is left behind is the least urgent.
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <vector>

#include "message/kind.h"
#include "store/store.h"

namespace baken::bundle {

struct BundleFilter {
    std::int64_t since_ms = 0;                  // created at or after
    std::set<Kind> kinds;                       // empty: every kind
    v1::Precedence least_urgent = v1::ROUTINE;  // this precedence and more urgent ones
};

struct SelectedMessage {
    MessageId id{};
    v1::Precedence precedence = v1::ROUTINE;
    std::int64_t created_ms = 0;
    std::size_t envelope_bytes = 0;
};

// `carried` says which ids the destination already has (may be empty).
std::vector<SelectedMessage> select_for_bundle(
    const Store& store, const BundleFilter& filter, std::int64_t now_ms,
    const std::function<bool(const MessageId&)>& carried = {});

}  // namespace baken::bundle
