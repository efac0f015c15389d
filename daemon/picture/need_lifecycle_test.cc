// The need lifecycle rule (need_lifecycle.h): never backwards, the same result in any order.
#include "picture/need_lifecycle.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace baken::picture {
namespace {

v1::NeedUpdate update(v1::NeedState state, std::string municipality = "GM0344",
                      std::string note = "") {
    v1::NeedUpdate u;
    u.set_state(state);
    u.set_municipality(std::move(municipality));
    u.set_note(std::move(note));
    return u;
}

NeedLifecycle run(const std::vector<std::pair<std::int64_t, v1::NeedUpdate>>& updates) {
    std::vector<NeedUpdateInput> in;
    for (const auto& [created, u] : updates) in.push_back({created, &u});
    return need_lifecycle("GM0344", in);
}

TEST(NeedLifecycle, WithoutUpdatesANeedIsOpen) {
    NeedLifecycle life = run({});
    EXPECT_EQ(life.state, v1::NEED_OPEN);
    EXPECT_EQ(life.state_since_ms, 0);
}

TEST(NeedLifecycle, MovesForwardAndRemembersWhen) {
    NeedLifecycle life = run({{10, update(v1::ACKNOWLEDGED)}, {20, update(v1::IN_PROGRESS)}});
    EXPECT_EQ(life.state, v1::IN_PROGRESS);
    EXPECT_EQ(life.state_since_ms, 20);
}

TEST(NeedLifecycle, AnUpdateNeverMovesANeedBackwards) {
    NeedLifecycle life = run({{10, update(v1::IN_PROGRESS)}, {20, update(v1::ACKNOWLEDGED)}});
    EXPECT_EQ(life.state, v1::IN_PROGRESS);
    EXPECT_EQ(life.counted, (std::vector<bool>{true, false}));
}

TEST(NeedLifecycle, NothingLeavesAFinalStateButFulfilledBeatsCancelled) {
    EXPECT_EQ(run({{10, update(v1::FULFILLED)}, {20, update(v1::CANCELLED)}}).state, v1::FULFILLED);
    EXPECT_EQ(run({{10, update(v1::CANCELLED)}, {20, update(v1::FULFILLED)}}).state, v1::FULFILLED);
    EXPECT_EQ(run({{10, update(v1::CANCELLED)}, {20, update(v1::IN_PROGRESS)}}).state,
              v1::CANCELLED);
}

TEST(NeedLifecycle, AnUpdateNamingAnotherMunicipalityIsIgnored) {
    NeedLifecycle life = run({{10, update(v1::FULFILLED, "GM0363")}});
    EXPECT_EQ(life.state, v1::NEED_OPEN);
    EXPECT_EQ(life.counted, (std::vector<bool>{false}));
}

TEST(NeedLifecycle, ARepeatedStateKeepsTheLatestNote) {
    NeedLifecycle life = run({{10, update(v1::IN_PROGRESS, "GM0344", "tankwagen besteld")},
                              {20, update(v1::IN_PROGRESS, "GM0344", "tankwagen onderweg")}});
    EXPECT_EQ(life.note, "tankwagen onderweg");
    EXPECT_EQ(life.state_since_ms, 10);
}

TEST(NeedLifecycle, TheFinalStateDoesNotDependOnArrivalOrder) {
    // The rule reads updates in created order, so arrival order cannot matter; what must hold
    // is that the state is the highest counted rank for every interleaving of created times.
    std::vector<v1::NeedState> states = {v1::ACKNOWLEDGED, v1::IN_PROGRESS, v1::CANCELLED,
                                         v1::FULFILLED, v1::NEED_OPEN};
    std::sort(states.begin(), states.end());
    int permutations = 0;
    do {
        std::vector<std::pair<std::int64_t, v1::NeedUpdate>> updates;
        for (std::size_t i = 0; i < states.size(); ++i)
            updates.push_back({static_cast<std::int64_t>(i), update(states[i])});
        EXPECT_EQ(run(updates).state, v1::FULFILLED);
        ++permutations;
    } while (std::next_permutation(states.begin(), states.end()) && permutations < 200);
    EXPECT_EQ(permutations, 120);
}

}  // namespace
}  // namespace baken::picture
