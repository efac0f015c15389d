// Sign-in attempts per client and in total.
#include "web/sign_in_limiter.h"

#include <gtest/gtest.h>

namespace baken::web {
namespace {

constexpr std::int64_t kStart = 1'700'000'000'000;

TEST(SignInLimiter, FivePerClientPerMinuteThenWaitUntilTheOldestLeaves) {
    SignInLimiter limiter;
    for (int i = 0; i < SignInLimiter::kPerClient; ++i) {
        ASSERT_EQ(limiter.wait_s("10.0.0.5", kStart + i * 1000), 0) << i;
        limiter.record("10.0.0.5", kStart + i * 1000);
    }
    EXPECT_EQ(limiter.wait_s("10.0.0.5", kStart + 5000), 55);
    EXPECT_EQ(limiter.wait_s("10.0.0.6", kStart + 5000), 0);  // another client is not held up
    EXPECT_EQ(limiter.wait_s("10.0.0.5", kStart + 59'999), 1);
    EXPECT_EQ(limiter.wait_s("10.0.0.5", kStart + 60'000), 0);
}

TEST(SignInLimiter, GlobalCapHoldsAcrossClients) {
    SignInLimiter limiter;
    for (int i = 0; i < SignInLimiter::kGlobal; ++i) {
        const std::string client = "10.0.1." + std::to_string(i);
        ASSERT_EQ(limiter.wait_s(client, kStart), 0);
        limiter.record(client, kStart);
    }
    EXPECT_EQ(limiter.wait_s("10.0.2.1", kStart + 10'000), 50);
    EXPECT_EQ(limiter.wait_s("10.0.2.1", kStart + 60'000), 0);
}

TEST(SignInLimiter, ManyClientsStayBounded) {
    SignInLimiter limiter;
    // Spread over time so the global cap does not stop them; the table must stay bounded.
    std::int64_t t = kStart;
    for (std::size_t i = 0; i < 3 * SignInLimiter::kMaxClients; ++i, t += 4000) {
        const std::string client = "c" + std::to_string(i);
        if (limiter.wait_s(client, t) == 0) limiter.record(client, t);
    }
    EXPECT_EQ(limiter.wait_s("fresh", t), 0);
}

}  // namespace
}  // namespace baken::web
