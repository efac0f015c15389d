// The lifecycle of a need: open -> acknowledged -> in progress -> fulfilled / cancelled.
//
// The rule (docs/picture.md) is a pure function of the set of updates, so every node that
// holds the same updates computes the same state, whatever order they arrived in:
//   * updates are read oldest first (created time, then id);
//   * an update counts only if it names the need's municipality (whose staff may update it)
//     and does not move the need backwards: its state must rank at least the current one, and
//     nothing moves a need out of fulfilled or cancelled (ranks: open < acknowledged <
//     in progress < cancelled < fulfilled);
//   * the state is that of the highest-ranked counted update, so two concurrent updates
//     resolve the same way everywhere (fulfilled beats cancelled: the goods arrived);
//   * note and assignee come from the latest counted update that has one.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "baken/v1/message.pb.h"

namespace baken::picture {

struct NeedUpdateInput {
    std::int64_t created_ms = 0;
    const v1::NeedUpdate* update = nullptr;
};

struct NeedLifecycle {
    v1::NeedState state = v1::NEED_OPEN;
    std::int64_t state_since_ms = 0;  // 0 while open: the need's own created time applies
    std::string note;
    std::string assigned_to;
    std::vector<bool> counted;  // per input update
};

// Ranks used by the rule above; unknown states rank below open (never counted).
int need_state_rank(v1::NeedState state);
bool need_state_is_final(v1::NeedState state);

// `updates` sorted oldest first (created time, then id).
NeedLifecycle need_lifecycle(const std::string& need_municipality,
                             std::span<const NeedUpdateInput> updates);

}  // namespace baken::picture
