// `baken links`: the node's radio interfaces ([[radio]] in bakend.toml) — whether each modem
// is up and why not, what went over the air, the airtime spent against the budget, and the
// stations heard. The text is link_text.h's; --json prints the API's RadioLinkList.
#include <iostream>

#include "commands.h"
#include "json.h"
#include "link_text.h"
#include "terminal_text.h"

namespace baken::cli {
namespace {

CliStatus run_links(const GlobalOptions& global) {
    ApiClient client(api_endpoint(global));
    auto links = client.links();
    if (!links) return fail(links.error());
    if (global.json) {
        std::cout << to_json(*links) << "\n";
        return Done{};
    }
    if (links->links_size() == 0) {
        std::cout << "no radio links (add a [[radio]] block to bakend.toml: see "
                     "daemon/config/bakend.example.toml)\n";
        return Done{};
    }
    const std::int64_t now = now_ms();
    bool first = true;
    for (const v1::RadioLinkView& link : links->links()) {
        if (!first) std::cout << "\n";
        first = false;
        std::cout << render_link(link, now, output_width());
    }
    return Done{};
}

}  // namespace

void add_links_command(CLI::App& app, const GlobalOptions& global, Commands& out) {
    CLI::App* cmd = app.add_subcommand(
        "links",
        "Show the radio links: modem up or down, frames, airtime against the budget, "
        "stations heard");
    out.push_back({cmd, [&global] { return run_links(global); }});
}

}  // namespace baken::cli
