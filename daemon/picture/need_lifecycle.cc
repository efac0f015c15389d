// See need_lifecycle.h.
#include "picture/need_lifecycle.h"

namespace baken::picture {

int need_state_rank(v1::NeedState state) {
    switch (state) {
        case v1::NEED_OPEN:
            return 1;
        case v1::ACKNOWLEDGED:
            return 2;
        case v1::IN_PROGRESS:
            return 3;
        case v1::CANCELLED:
            return 4;
        case v1::FULFILLED:
            return 5;
        default:
            return 0;
    }
}

bool need_state_is_final(v1::NeedState state) {
    return state == v1::FULFILLED || state == v1::CANCELLED;
}

namespace {

bool counts(const v1::NeedUpdate& update, v1::NeedState current) {
    int rank = need_state_rank(update.state());
    if (rank == 0) return false;
    if (rank < need_state_rank(current)) return false;
    // Once final, only a higher final state (fulfilled over cancelled) still counts.
    if (need_state_is_final(current)) return rank > need_state_rank(current);
    return true;
}

}  // namespace

NeedLifecycle need_lifecycle(const std::string& need_municipality,
                             std::span<const NeedUpdateInput> updates) {
    NeedLifecycle out;
    out.counted.reserve(updates.size());
    for (const NeedUpdateInput& in : updates) {
        const v1::NeedUpdate& u = *in.update;
        bool ok = u.municipality() == need_municipality && counts(u, out.state);
        out.counted.push_back(ok);
        if (!ok) continue;
        if (u.state() != out.state) out.state_since_ms = in.created_ms;
        out.state = u.state();
        if (!u.note().empty()) out.note = u.note();
        if (!u.assigned_to().empty()) out.assigned_to = u.assigned_to();
    }
    return out;
}

}  // namespace baken::picture
