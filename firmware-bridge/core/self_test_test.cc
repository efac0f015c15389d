// The self-test passes on the host and reports one line per check (self_test.h).
#include "core/self_test.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace baken::modem {
namespace {

TEST(SelfTest, PassesEveryCheckOnTheHost) {
    std::vector<std::string> lines;
    SelfTestResult result = run_self_test(
        [](const char* line, void* context) {
            static_cast<std::vector<std::string>*>(context)->push_back(line);
        },
        &lines);
    EXPECT_TRUE(result.ok()) << result.passed << "/" << result.total;
    EXPECT_GE(result.total, 9);
    ASSERT_EQ(lines.size(), result.total);
    for (const auto& line : lines) EXPECT_EQ(line.rfind("PASS ", 0), 0u) << line;
}

TEST(SelfTest, RunsWithoutAReportCallback) {
    EXPECT_TRUE(run_self_test().ok());
}

}  // namespace
}  // namespace baken::modem
