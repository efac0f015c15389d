// See link_text.h.
#include "link_text.h"

#include <cstdio>
#include <vector>

#include "table.h"
#include "terminal_text.h"
#include "time_text.h"

namespace baken::cli {
namespace {

constexpr std::size_t kIndent = 2;
constexpr std::size_t kLabelWidth = 12;  // "neighbours" and two spaces

std::string one_decimal(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    std::string out(text);
    if (out.size() > 2 && out.compare(out.size() - 2, 2, ".0") == 0) out.resize(out.size() - 2);
    return out;
}

std::string bytes_text(std::uint64_t bytes) {
    if (bytes < 1024) return std::to_string(bytes) + " B";
    if (bytes < 1024 * 1024) return one_decimal(static_cast<double>(bytes) / 1024) + " KiB";
    return one_decimal(static_cast<double>(bytes) / (1024 * 1024)) + " MiB";
}

// "60 min" for an hour: the window as the duty-cycle rules say it.
std::string window_text(std::int64_t seconds) {
    if (seconds >= 60 && seconds % 60 == 0) return std::to_string(seconds / 60) + " min";
    return std::to_string(seconds) + " s";
}

std::string times(std::uint64_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string fact(const std::string& label, const std::string& text) {
    std::string line(kIndent, ' ');
    line += label;
    line.append(label.size() < kLabelWidth ? kLabelWidth - label.size() : 1, ' ');
    return line + text + "\n";
}

std::string retries_text(const v1::RadioLinkView& link) {
    std::string text = std::to_string(link.retries()) + " (" +
                       times(link.summaries_sent(), "summary", "summaries") + " sent";
    if (link.budget_waits() > 0)
        text += ", waited for airtime " + times(link.budget_waits(), "time", "times");
    return text + ")";
}

// What went wrong between this machine and the modem; empty when nothing did.
std::string trouble_text(const v1::RadioLinkView& link) {
    std::vector<std::string> parts;
    if (link.modem_dropped_bytes() > 0)
        parts.push_back(bytes_text(link.modem_dropped_bytes()) +
                        " not sent (the modem was down or too slow)");
    if (link.kiss_errors() > 0)
        parts.push_back(times(link.kiss_errors(), "damaged KISS frame", "damaged KISS frames") +
                        " from the modem");
    std::string text;
    for (const std::string& part : parts) text += (text.empty() ? "" : ", ") + part;
    return text;
}

std::string neighbours_text(const v1::RadioLinkView& link, std::int64_t now_ms, std::size_t width) {
    if (link.neighbours_size() == 0) return fact("neighbours", "none heard yet");
    std::vector<Row> rows;
    for (const v1::RadioNeighbourView& n : link.neighbours()) {
        rows.push_back(
            {n.station().empty() ? "-" : printable(n.station()), printable(n.link_id()),
             n.last_heard_ms() > 0 ? format_age(now_ms, n.last_heard_ms()) + " ago" : "never",
             std::to_string(n.frames()), std::to_string(n.summary_count()),
             n.last_summary_ms() == 0 ? "not yet known"
             : n.in_sync()            ? "yes"
                                      : "no"});
    }
    const std::size_t indent = 2 * kIndent;
    std::string table = render_table({"STATION", "LINK ID", "HEARD", "FRAMES", "HOLDS", "IN SYNC"},
                                     rows, width > indent ? width - indent : width);
    std::string out = std::string(kIndent, ' ') + "neighbours\n";
    std::size_t start = 0;
    while (start < table.size()) {
        std::size_t end = table.find('\n', start);
        if (end == std::string::npos) end = table.size();
        out += std::string(indent, ' ') + table.substr(start, end - start) + "\n";
        start = end + 1;
    }
    return out;
}

}  // namespace

std::string seconds_text(std::int64_t ms) {
    return one_decimal(static_cast<double>(ms) / 1000) + " s";
}

std::string airtime_text(const v1::RadioLinkView& link) {
    std::string text =
        seconds_text(link.airtime_used_ms()) + " of " + seconds_text(link.airtime_budget_ms());
    if (link.airtime_budget_ms() > 0)
        text += " (" +
                one_decimal(100.0 * static_cast<double>(link.airtime_used_ms()) /
                            static_cast<double>(link.airtime_budget_ms())) +
                " %)";
    return text + " in the last " + window_text(link.window_s());
}

std::string modem_state_text(const v1::RadioLinkView& link) {
    const std::string state = printable(link.modem_state());
    if (link.up()) return state.empty() ? "up" : "up (" + state + ")";
    return state.empty() ? "down" : "down: " + state;
}

std::string framing_text(const v1::RadioLinkView& link) {
    std::string text =
        link.framing() == "ax25" ? "AX.25 as " + printable(link.callsign()) : "raw KISS";
    if (link.lawful()) text += ", lawful (signed, never encrypted)";
    return text + ", " + std::to_string(link.bit_rate()) + " bit/s";
}

std::string links_hint(const v1::RadioLinkList& links) {
    if (links.links_size() == 0) return {};
    std::uint64_t up = 0;
    for (const v1::RadioLinkView& link : links.links()) up += link.up() ? 1 : 0;
    return times(static_cast<std::uint64_t>(links.links_size()), "radio link", "radio links") +
           " (" + std::to_string(up) + " up): see `baken links`\n";
}

std::string render_link(const v1::RadioLinkView& link, std::int64_t now_ms, std::size_t width) {
    std::string out = printable(link.name()) + ": " + modem_state_text(link) + "\n";
    out += fact("modem", printable(link.modem()));
    out += fact("framing", framing_text(link));
    out += fact("frames", std::to_string(link.frames_sent()) + " sent, " +
                              std::to_string(link.frames_received()) + " received, " +
                              std::to_string(link.frames_ignored()) + " ignored");
    out += fact("bytes", bytes_text(link.bytes_sent()) + " sent, " +
                             bytes_text(link.bytes_received()) + " received");
    out += fact("messages", std::to_string(link.messages_sent()) + " sent, " +
                                std::to_string(link.messages_received()) + " received");
    out += fact("retries", retries_text(link));
    out += fact("airtime", airtime_text(link) + "; " + seconds_text(link.airtime_total_ms()) +
                               " since bakend started");
    if (std::string trouble = trouble_text(link); !trouble.empty()) out += fact("trouble", trouble);
    return out + neighbours_text(link, now_ms, width);
}

}  // namespace baken::cli
