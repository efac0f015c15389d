#include "message_id_argument.h"

#include <gtest/gtest.h>

#include <string>

namespace baken::cli {
namespace {

TEST(MessageIdArgument, TakesTheFullIdOrAPrefixOfEightOrMoreHexCharacters) {
    EXPECT_TRUE(check_message_id(std::string(64, 'a')));
    EXPECT_TRUE(check_message_id("0123ABCD"));
    EXPECT_TRUE(check_message_id("0123abcd4567"));
}

TEST(MessageIdArgument, RefusesShortLongOrNonHexIdsAsAUsageErrorThatSaysWhatAnIdIs) {
    for (const std::string& id :
         {std::string("0123abc"), std::string(65, 'a'), std::string("0123abcg"), std::string("")}) {
        auto checked = check_message_id(id);
        ASSERT_FALSE(checked) << id;
        EXPECT_EQ(checked.error().code, ExitCode::usage) << id;
        EXPECT_NE(checked.error().message.find("is not a message id"), std::string::npos);
    }
}

}  // namespace
}  // namespace baken::cli
