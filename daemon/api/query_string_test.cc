#include "api/query_string.h"

#include <gtest/gtest.h>

namespace baken {
namespace {

TEST(QueryString, SplitsPathAndDecodesParameters) {
    auto t = parse_target("/api/v1/messages?kind=sitrep&author=ab%20cd&x=a+b");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->path, "/api/v1/messages");
    EXPECT_EQ(t->query["kind"], "sitrep");
    EXPECT_EQ(t->query["author"], "ab cd");
    EXPECT_EQ(t->query["x"], "a b");
}

TEST(QueryString, RejectsBrokenPercentEncoding) {
    EXPECT_FALSE(parse_target("/a?x=%4"));
    EXPECT_FALSE(parse_target("/a?x=%zz"));
    EXPECT_FALSE(parse_target("/a%"));
}

}  // namespace
}  // namespace baken
