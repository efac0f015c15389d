// The session table: issuing, expiry, eviction, sign-out.
#include "web/sessions.h"

#include <gtest/gtest.h>

namespace baken::web {
namespace {

constexpr std::int64_t kHour = 3600 * 1000;
constexpr std::int64_t kStart = 1'700'000'000'000;

SessionTable::Limits limits(std::size_t max = 256) {
    return {max, 2 * kHour, 12 * kHour};
}

TEST(Sessions, IssuedSessionIsFoundWithItsOwnCsrfToken) {
    SessionTable table(limits());
    auto a = table.issue(kStart);
    auto b = table.issue(kStart);
    EXPECT_EQ(a.cookie_value.size(), 64u);
    EXPECT_EQ(a.csrf_token.size(), 64u);
    EXPECT_NE(a.cookie_value, b.cookie_value);
    EXPECT_NE(a.cookie_value, a.csrf_token);
    const Session* found = table.find(a.cookie_value, kStart + 1000);
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(found->csrf_token, a.csrf_token);
}

TEST(Sessions, UnknownOrMalformedValuesFindNothing) {
    SessionTable table(limits());
    auto a = table.issue(kStart);
    std::string other = a.cookie_value;
    other[0] = other[0] == 'a' ? 'b' : 'a';
    EXPECT_EQ(table.find(other, kStart), nullptr);
    EXPECT_EQ(table.find("", kStart), nullptr);
    EXPECT_EQ(table.find(a.cookie_value.substr(1), kStart), nullptr);
    std::string upper = a.cookie_value;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (upper != a.cookie_value) {
        EXPECT_EQ(table.find(upper, kStart), nullptr);
    }
}

TEST(Sessions, IdleSessionExpiresAndUseKeepsItAlive) {
    SessionTable table(limits());
    auto a = table.issue(kStart);
    auto b = table.issue(kStart);
    // `a` is used every hour, `b` never.
    for (int h = 1; h <= 4; ++h) ASSERT_NE(table.find(a.cookie_value, kStart + h * kHour), nullptr);
    EXPECT_EQ(table.find(b.cookie_value, kStart + 4 * kHour), nullptr);
    EXPECT_EQ(table.size(), 1u);
}

TEST(Sessions, SessionEndsAtItsLifetimeHoweverOftenUsed) {
    SessionTable table(limits());
    auto a = table.issue(kStart);
    for (int h = 1; h < 12; ++h) ASSERT_NE(table.find(a.cookie_value, kStart + h * kHour), nullptr);
    EXPECT_EQ(table.find(a.cookie_value, kStart + 12 * kHour), nullptr);
}

TEST(Sessions, FullTableEvictsTheLeastRecentlyUsed) {
    SessionTable table(limits(3));
    auto a = table.issue(kStart);
    auto b = table.issue(kStart + 1);
    auto c = table.issue(kStart + 2);
    ASSERT_NE(table.find(a.cookie_value, kStart + 3), nullptr);  // b is now the oldest use
    auto d = table.issue(kStart + 4);
    EXPECT_EQ(table.size(), 3u);
    EXPECT_EQ(table.find(b.cookie_value, kStart + 5), nullptr);
    EXPECT_NE(table.find(a.cookie_value, kStart + 5), nullptr);
    EXPECT_NE(table.find(c.cookie_value, kStart + 5), nullptr);
    EXPECT_NE(table.find(d.cookie_value, kStart + 5), nullptr);
}

TEST(Sessions, EndRemovesTheSession) {
    SessionTable table(limits());
    auto a = table.issue(kStart);
    table.end(a.cookie_value);
    EXPECT_EQ(table.find(a.cookie_value, kStart), nullptr);
    table.end("not a session");  // ignored
}

TEST(Sessions, TokensCompareWhole) {
    EXPECT_TRUE(tokens_equal("abcd", "abcd"));
    EXPECT_FALSE(tokens_equal("abce", "abcd"));
    EXPECT_FALSE(tokens_equal("abc", "abcd"));
    EXPECT_FALSE(tokens_equal("", ""));
}

}  // namespace
}  // namespace baken::web
