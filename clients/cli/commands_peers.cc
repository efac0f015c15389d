// `baken peers`: mesh health — which peers this node knows, how it reaches them, when each
// was last heard, and what is still queued for it; on a node with radio links, a last line
// pointing to `baken links`.
#include <iostream>

#include "commands.h"
#include "json.h"
#include "link_text.h"
#include "table.h"
#include "terminal_text.h"
#include "time_text.h"

namespace baken::cli {
namespace {

Row peer_row_of(const v1::PeerView& p, std::int64_t now) {
    std::string state = p.connected() ? "connected" : "gone";
    if (!p.connected() && !p.last_error().empty()) state += ": " + p.last_error();
    return {p.fingerprint().substr(0, 9),
            printable(p.name()),
            printable(p.transport()),
            printable(p.address()),
            p.last_seen_ms() > 0 ? format_age(now, p.last_seen_ms()) : "never",
            std::to_string(p.backlog()),
            std::to_string(p.messages_sent()) + "/" + std::to_string(p.messages_received()),
            printable(state)};
}

CliStatus run_peers(const GlobalOptions& global) {
    ApiClient client(api_endpoint(global));
    auto peers = client.peers();
    if (!peers) return fail(peers.error());
    if (global.json) {
        std::cout << to_json(*peers) << "\n";
        return Done{};
    }
    if (peers->peers_size() == 0) {
        std::cout << "no peers yet (configure [sync] peers, or wait for LAN discovery)\n";
    } else {
        std::vector<Row> rows;
        const std::int64_t now = now_ms();
        for (const v1::PeerView& p : peers->peers()) rows.push_back(peer_row_of(p, now));
        std::cout << render_table(
            {"PEER", "NAME", "VIA", "ADDRESS", "HEARD", "BACKLOG", "SENT/RECEIVED", "STATE"}, rows,
            output_width());
    }
    // Radio neighbours are no peers (no session, a shared channel): point to where they are.
    // A daemon that cannot say (an older one) gets no line: the peers were the question.
    if (auto links = client.links()) std::cout << links_hint(*links);
    return Done{};
}

}  // namespace

void add_peers_command(CLI::App& app, const GlobalOptions& global, Commands& out) {
    CLI::App* cmd = app.add_subcommand(
        "peers", "Show mesh health: known peers, last heard, queued messages, session state");
    out.push_back({cmd, [&global] { return run_peers(global); }});
}

}  // namespace baken::cli
