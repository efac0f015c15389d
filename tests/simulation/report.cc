// See report.h.
#include "simulation/report.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <ostream>
#include <vector>

namespace baken::sim {

namespace {

std::string seconds(SimTime t) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(t) / kSecond);
    return buf;
}

std::string megabytes(double bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f MB", bytes / 1e6);
    return buf;
}

struct Spread {
    double mean = 0, median = 0, p95 = 0, max = 0;
};

Spread spread(std::vector<double> values) {
    Spread s;
    if (values.empty()) return s;
    std::sort(values.begin(), values.end());
    for (double v : values) s.mean += v;
    s.mean /= static_cast<double>(values.size());
    s.median = values[values.size() / 2];
    s.p95 = values[(values.size() * 95) / 100 < values.size() ? (values.size() * 95) / 100
                                                              : values.size() - 1];
    s.max = values.back();
    return s;
}

}  // namespace

std::string one_line(std::uint64_t seed, const RunResult& r) {
    std::uint64_t sent = 0;
    for (const NodeStats& s : r.per_node) sent += s.session_bytes_out;
    std::string line = "seed " + std::to_string(seed) + ": " + (r.passed() ? "PASS" : "FAIL") +
                       " " + std::to_string(r.nodes) + " nodes" +
                       (r.adversary ? " (1 adversary)" : "") + ", " + std::to_string(r.links) +
                       " links, diameter " + std::to_string(r.diameter) + ", " +
                       std::to_string(r.posted) + " messages, " + std::to_string(r.forged) +
                       " forgeries, " + std::to_string(r.faults) + " faults; ";
    line += r.converged_after ? "converged " + seconds(*r.converged_after) + " after the heal"
                              : std::string("did not converge");
    line +=
        " (bound " + seconds(r.bound) + "); " + megabytes(static_cast<double>(sent)) + " sent; ";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f s real", r.real_seconds);
    return line + buf;
}

void print_details(std::ostream& out, const RunResult& r) {
    out << "  bound: " << r.bound_text << "\n";
    out << "  events " << r.events << ", connections " << r.connections << ", packets lost "
        << r.packets_lost << ", corrupted delivered " << r.corrupted
        << ", posts refused (node down) " << r.post_refused << ", live at end " << r.live_at_end
        << ", pictures compared " << r.pictures_checked << "\n";
    if (!r.trust_line.empty()) out << "  trust: " << r.trust_line << "\n";
    out << "  node             sess  estab   bytes-out    wire-out  sent  recv   dup  refused  "
           "symbols-out/in\n";
    std::map<std::string, std::uint64_t> reasons;
    for (std::size_t i = 0; i < r.per_node.size(); ++i) {
        const NodeStats& s = r.per_node[i];
        std::uint64_t refused = 0;
        for (auto n : s.refused) refused += n;
        char buf[200];
        std::snprintf(buf, sizeof buf,
                      "  %-15s %5llu %6llu %11llu %11llu %5llu %5llu %5llu %8llu  %llu/%llu%s\n",
                      r.names[i].c_str(), (unsigned long long)s.sessions_started,
                      (unsigned long long)s.sessions_established,
                      (unsigned long long)s.session_bytes_out, (unsigned long long)r.wire_bytes[i],
                      (unsigned long long)s.messages_sent, (unsigned long long)s.messages_received,
                      (unsigned long long)s.duplicates_received, (unsigned long long)refused,
                      (unsigned long long)s.symbols_sent, (unsigned long long)s.symbols_received,
                      s.crashes ? " (crashed)" : "");
        out << buf;
        for (const auto& [reason, n] : s.close_reasons) reasons[reason] += n;
    }
    if (r.link_lines.size() <= 40) {
        for (const std::string& line : r.link_lines) out << "  link " << line << "\n";
    }
    out << "  sessions ended by:\n";
    for (const auto& [reason, n] : reasons) out << "    " << n << "  " << reason << "\n";
    for (const std::string& v : r.violations) out << "  VIOLATION " << v << "\n";
}

void print_national(std::ostream& out, const RunResult& r, int hubs) {
    std::vector<double> hub_bytes, point_bytes, hub_wire, point_wire, all_bytes, all_wire;
    std::uint64_t sessions = 0, symbols = 0, duplicates = 0, received = 0;
    for (std::size_t i = 0; i < r.per_node.size(); ++i) {
        const NodeStats& s = r.per_node[i];
        bool hub = static_cast<int>(i) < hubs;
        (hub ? hub_bytes : point_bytes).push_back(static_cast<double>(s.session_bytes_out));
        (hub ? hub_wire : point_wire).push_back(static_cast<double>(r.wire_bytes[i]));
        all_bytes.push_back(static_cast<double>(s.session_bytes_out));
        all_wire.push_back(static_cast<double>(r.wire_bytes[i]));
        sessions += s.sessions_established;
        symbols += s.symbols_sent;
        duplicates += s.duplicates_received;
        received += s.messages_received;
    }
    auto show = [&](const char* what, const std::vector<double>& v) {
        Spread s = spread(v);
        out << "  " << what << ": mean " << megabytes(s.mean) << ", median " << megabytes(s.median)
            << ", p95 " << megabytes(s.p95) << ", max " << megabytes(s.max) << "\n";
    };
    // Every node carries every message: a node's bytes over the messages posted.
    auto per_message = [&](const char* what, const std::vector<double>& v) {
        Spread s = spread(v);
        double n = r.posted > 0 ? static_cast<double>(r.posted) : 1;
        char buf[160];
        std::snprintf(buf, sizeof buf, "  %s per message: median %.0f B, p95 %.0f B, max %.0f B\n",
                      what, s.median / n, s.p95 / n, s.max / n);
        out << buf;
    };
    out << "national mesh: " << hubs << " hubs, " << r.nodes - hubs << " points and town halls, "
        << r.links << " links, diameter " << r.diameter << "\n";
    out << "  messages " << r.posted << ", convergence after the last fault healed: "
        << (r.converged_after ? seconds(*r.converged_after) : std::string("none")) << " (bound "
        << seconds(r.bound) << ")\n";
    show("session bytes sent per hub  ", hub_bytes);
    show("session bytes sent per point", point_bytes);
    show("wire bytes sent per hub     ", hub_wire);
    show("wire bytes sent per point   ", point_wire);
    show("session bytes sent per node ", all_bytes);
    show("wire bytes sent per node    ", all_wire);
    per_message("session bytes sent per node", all_bytes);
    per_message("wire bytes sent per node   ", all_wire);
    out << "  sessions established " << sessions << ", symbols sent " << symbols
        << ", messages received " << received << " (+" << duplicates << " duplicates)\n";
    out << "  events " << r.events << ", real time " << r.real_seconds << " s, peak RSS "
        << r.peak_rss_kib / 1024 << " MiB, stores " << megabytes(static_cast<double>(r.store_bytes))
        << " in all\n";
}

}  // namespace baken::sim
