// `baken status`: is the node up and well, who is it, how full is it, and what has it refused.
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

#include "commands.h"
#include "json.h"
#include "terminal_text.h"
#include "time_text.h"

namespace baken::cli {
namespace {

std::string size_text(std::uint64_t bytes) {
    constexpr const char* kUnits[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    double value = static_cast<double>(bytes);
    std::size_t unit = 0;
    while (value >= 1024 && unit + 1 < std::size(kUnits)) {
        value /= 1024;
        ++unit;
    }
    std::ostringstream out;
    out << std::fixed << std::setprecision(unit == 0 ? 0 : 1) << value << " " << kUnits[unit];
    return out.str();
}

// "sitrep 10, support_point_status 3", sorted by name; `none` when empty.
template <typename Map>
std::string counts_text(const Map& counts, const char* none) {
    std::map<std::string, std::uint64_t> sorted(counts.begin(), counts.end());
    std::string out;
    for (const auto& [name, n] : sorted)
        out += (out.empty() ? "" : ", ") + printable(name) + " " + std::to_string(n);
    return out.empty() ? none : out;
}

void print_status(const v1::NodeStatus& s) {
    std::string storage = size_text(s.stored_bytes()) + " of " + size_text(s.quota_bytes());
    if (s.quota_bytes() > 0) {
        std::ostringstream percent;
        percent << std::fixed << std::setprecision(1)
                << 100.0 * static_cast<double>(s.stored_bytes()) /
                       static_cast<double>(s.quota_bytes());
        storage += " (" + percent.str() + " %)";
    }
    std::cout << "Node:         " << printable(s.name()) << "\n"
              << "Version:      bakend " << printable(s.version()) << "\n"
              << "Public key:   " << printable(s.public_key()) << "\n"
              << "Fingerprint:  " << printable(s.fingerprint()) << "\n"
              << "Uptime:       " << format_duration(s.uptime_s()) << "\n"
              << "Messages:     " << s.message_count() << " ("
              << counts_text(s.messages_by_kind(), "none") << ")\n"
              << "Storage:      " << storage << "\n"
              << "Evicted:      " << s.evicted()
              << " (dropped to make room for more urgent messages)\n"
              << "Rejected:     " << counts_text(s.rejections_by_reason(), "none") << "\n"
              << "Health:       " << printable(s.health()) << "\n";
    for (const auto& problem : s.problems()) std::cout << "  - " << printable(problem) << "\n";
}

CliStatus run_status(const GlobalOptions& global) {
    ApiClient client(api_endpoint(global));
    auto status = client.status();
    if (!status) return fail(status.error());
    if (global.json) {
        std::cout << to_json(*status) << "\n";
    } else {
        print_status(*status);
    }
    return Done{};
}

}  // namespace

void add_status_command(CLI::App& app, const GlobalOptions& global, Commands& out) {
    CLI::App* cmd =
        app.add_subcommand("status", "Show the running daemon's state: identity, uptime, storage");
    out.push_back({cmd, [&global] { return run_status(global); }});
}

}  // namespace baken::cli
