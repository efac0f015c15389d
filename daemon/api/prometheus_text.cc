// Writing the Prometheus text format (prometheus_text.h).
#include "api/prometheus_text.h"

#include <charconv>
#include <cmath>

namespace baken {
namespace {

// HELP text escapes backslash and line feed only.
std::string escape_help(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

}  // namespace

std::string escape_label_value(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

void PrometheusText::family(std::string_view name, std::string_view type, std::string_view help) {
    out_ += "# HELP ";
    out_ += name;
    out_ += ' ';
    out_ += escape_help(help);
    out_ += "\n# TYPE ";
    out_ += name;
    out_ += ' ';
    out_ += type;
    out_ += '\n';
}

void PrometheusText::sample_start(std::string_view name, const MetricLabels& labels) {
    out_ += name;
    if (labels.empty()) {
        out_ += ' ';
        return;
    }
    out_ += '{';
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (i > 0) out_ += ',';
        out_ += labels[i].first;
        out_ += "=\"";
        out_ += escape_label_value(labels[i].second);
        out_ += '"';
    }
    out_ += "} ";
}

void PrometheusText::sample(std::string_view name, std::uint64_t value,
                            const MetricLabels& labels) {
    sample_start(name, labels);
    out_ += std::to_string(value);
    out_ += '\n';
}

void PrometheusText::sample(std::string_view name, std::int64_t value, const MetricLabels& labels) {
    sample_start(name, labels);
    out_ += std::to_string(value);
    out_ += '\n';
}

void PrometheusText::sample(std::string_view name, double value, const MetricLabels& labels) {
    sample_start(name, labels);
    if (std::isnan(value)) {
        out_ += "NaN";
    } else if (std::isinf(value)) {
        out_ += value > 0 ? "+Inf" : "-Inf";
    } else {
        char buffer[32];  // the shortest text that reads back as the same double
        auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
        out_.append(buffer, ec == std::errc{} ? end : buffer);
    }
    out_ += '\n';
}

void PrometheusText::single(std::string_view name, std::string_view type, std::string_view help,
                            std::uint64_t value) {
    family(name, type, help);
    sample(name, value);
}

}  // namespace baken
