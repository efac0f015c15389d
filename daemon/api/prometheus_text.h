// The Prometheus text exposition format (version 0.0.4), written without a client library:
// families with HELP and TYPE lines, samples with escaped label values. Used by the metrics
// endpoint (metrics_routes.cc); label values may come from peers (names), so they are escaped.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace baken {

using MetricLabels = std::vector<std::pair<std::string_view, std::string>>;

class PrometheusText {
  public:
    // Starts a metric family; its samples follow. `type`: "counter" or "gauge".
    void family(std::string_view name, std::string_view type, std::string_view help);
    void sample(std::string_view name, std::uint64_t value, const MetricLabels& labels = {});
    void sample(std::string_view name, std::int64_t value, const MetricLabels& labels = {});
    void sample(std::string_view name, double value, const MetricLabels& labels = {});
    // A family with one unlabelled sample.
    void single(std::string_view name, std::string_view type, std::string_view help,
                std::uint64_t value);

    const std::string& text() const { return out_; }

  private:
    void sample_start(std::string_view name, const MetricLabels& labels);
    std::string out_;
};

// Label value escaping: backslash, double quote and line feed (the format's three).
std::string escape_label_value(std::string_view value);

}  // namespace baken
