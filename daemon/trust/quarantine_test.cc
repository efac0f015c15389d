#include "trust/quarantine.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace baken::trust {
namespace {

TEST(Quarantine, IsBoundedAndDropsTheOldestFirst) {
    Quarantine q(3, 1 << 20, 10);
    PublicKey a{}, b{};
    b[0] = 1;
    q.hold(a, "1");
    q.hold(b, "2");
    q.hold(a, "3");
    q.hold(a, "3");  // kept once
    q.hold(a, "4");  // "1" goes
    EXPECT_EQ(q.size(), 3u);
    EXPECT_EQ(q.release(a), (std::vector<std::string>{"3", "4"}));
    EXPECT_EQ(q.release(b), (std::vector<std::string>{"2"}));
    EXPECT_EQ(q.size(), 0u);
}

// Fresh keys cost nothing: a flood of them must not push out what waits for a real credential.
TEST(Quarantine, AFloodingAuthorLosesItsOwnMessagesFirst) {
    Quarantine q(6, 1 << 20, 3);
    PublicKey honest{}, flooder{};
    flooder[0] = 9;
    q.hold(honest, "h1");
    q.hold(honest, "h2");
    for (int i = 0; i < 100; ++i) q.hold(flooder, "f" + std::to_string(i));
    EXPECT_EQ(q.release(honest), (std::vector<std::string>{"h1", "h2"}));
    EXPECT_EQ(q.release(flooder), (std::vector<std::string>{"f97", "f98", "f99"}));
}

}  // namespace
}  // namespace baken::trust
