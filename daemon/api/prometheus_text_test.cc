// The Prometheus text format as written: HELP/TYPE lines, labels, escaping, numbers.
#include "api/prometheus_text.h"

#include <gtest/gtest.h>

#include <limits>

namespace baken {
namespace {

TEST(PrometheusText, WritesAFamilyWithHelpTypeAndSamples) {
    PrometheusText text;
    text.family("baken_messages_stored", "gauge", "Messages held, by kind.");
    text.sample("baken_messages_stored", std::uint64_t{12}, {{"kind", "sitrep"}});
    text.sample("baken_messages_stored", std::uint64_t{3}, {{"kind", "need"}});
    EXPECT_EQ(text.text(),
              "# HELP baken_messages_stored Messages held, by kind.\n"
              "# TYPE baken_messages_stored gauge\n"
              "baken_messages_stored{kind=\"sitrep\"} 12\n"
              "baken_messages_stored{kind=\"need\"} 3\n");
}

TEST(PrometheusText, EscapesLabelValuesAPeerMayHaveChosen) {
    EXPECT_EQ(escape_label_value("Steunpunt \"Zuid\"\\\nx"), "Steunpunt \\\"Zuid\\\"\\\\\\nx");
    PrometheusText text;
    text.sample("m", std::uint64_t{1}, {{"name", "a\"b"}, {"peer", "c"}});
    EXPECT_EQ(text.text(), "m{name=\"a\\\"b\",peer=\"c\"} 1\n");
}

TEST(PrometheusText, EscapesBackslashAndNewlineInHelp) {
    PrometheusText text;
    text.family("m", "counter", "a\\b\nc");
    EXPECT_EQ(text.text(), "# HELP m a\\\\b\\nc\n# TYPE m counter\n");
}

TEST(PrometheusText, WritesNumbersExactly) {
    PrometheusText text;
    text.sample("big", std::uint64_t{18'446'744'073'709'551'615ull});
    text.sample("negative", std::int64_t{-5});
    text.sample("ratio", 0.25);
    text.sample("tenth", 0.1);
    text.sample("infinite", std::numeric_limits<double>::infinity());
    EXPECT_EQ(text.text(),
              "big 18446744073709551615\nnegative -5\nratio 0.25\ntenth 0.1\ninfinite +Inf\n");
}

TEST(PrometheusText, WritesASingleUnlabelledMetric) {
    PrometheusText text;
    text.single("baken_up", "gauge", "1 while bakend runs.", 1);
    EXPECT_EQ(text.text(),
              "# HELP baken_up 1 while bakend runs.\n# TYPE baken_up gauge\nbaken_up 1\n");
}

}  // namespace
}  // namespace baken
