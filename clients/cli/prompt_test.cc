#include "prompt.h"

#include <gtest/gtest.h>

#include <sstream>

namespace baken::cli {
namespace {

constexpr std::int64_t kNow = 1'740'000'000'000;

const PostKind& need_kind() {
    for (const PostKind& k : post_kinds()) {
        if (k.command == "need") return k;
    }
    throw std::logic_error("no need kind");
}

TEST(Prompt, AsksOnlyForMissingRequiredFieldsAndTakesChoiceNumbers) {
    FlagValues values;
    values.single["point"] = "GM0344-SP07";
    values.single["municipality"] = "GM0344";
    std::istringstream in("1\n  today \n");
    std::ostringstream out;
    auto asked = prompt_missing(need_kind(), values, in, out, kNow);
    ASSERT_TRUE(asked) << asked.error();
    EXPECT_EQ(values.single["category"], "drinking-water");
    EXPECT_EQ(values.single["urgency"], "today");
    EXPECT_NE(out.str().find("--category (what is needed)\n  1) drinking-water\n  2) food\n"),
              std::string::npos)
        << out.str();
    EXPECT_EQ(out.str().find("--point"), std::string::npos);
}

TEST(Prompt, ExplainsAndAsksAgainAfterABadAnswer) {
    FlagValues values;
    values.single = {{"point", "P"}, {"municipality", "GM0344"}, {"category", "food"}};
    std::istringstream in("asap\n\n99\nwithin-hours\n");
    std::ostringstream out;
    ASSERT_TRUE(prompt_missing(need_kind(), values, in, out, kNow));
    EXPECT_EQ(values.single["urgency"], "within-hours");
    EXPECT_NE(
        out.str().find(
            "not accepted: unknown value \"asap\"; choose one of: within-hours, today, this-week"),
        std::string::npos)
        << out.str();
    EXPECT_NE(out.str().find("not accepted: a value is required"), std::string::npos) << out.str();
}

TEST(Prompt, EndOfInputCancels) {
    FlagValues values;
    std::istringstream in("GM0344-SP07\n");
    std::ostringstream out;
    auto asked = prompt_missing(need_kind(), values, in, out, kNow);
    ASSERT_FALSE(asked);
    EXPECT_EQ(asked.error(), "cancelled");
}

}  // namespace
}  // namespace baken::cli
