#include "trust/authorisation.h"

#include <gtest/gtest.h>

namespace baken::trust {
namespace {

TEST(Scope, LevelsAreRecognisedStrictly) {
    EXPECT_EQ(scope_level("VR09"), ScopeLevel::region);
    EXPECT_EQ(scope_level("GM0344"), ScopeLevel::municipality);
    EXPECT_EQ(scope_level("GM0344-SP07"), ScopeLevel::support_point);
    for (const char* bad : {"", "VR9", "VRxx", "GM344", "GM0344-", "GM0344SP07", "XX0344"}) {
        EXPECT_EQ(scope_level(bad), ScopeLevel::invalid) << bad;
    }
}

}  // namespace
}  // namespace baken::trust
