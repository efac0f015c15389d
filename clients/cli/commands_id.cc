// `baken id`: this node's public key and fingerprint, to read out over the radio or give to
// the safety region. Reads the key file directly (works without a daemon); when that is not
// possible, e.g. the key belongs to the daemon's user, asks the daemon instead.
#include <filesystem>
#include <iostream>

#include "commands.h"
#include "common/bytes.h"
#include "crypto/identity.h"
#include "json.h"

namespace baken::cli {
namespace {

CliStatus print_id(const GlobalOptions& global, const std::string& key,
                   const std::string& fingerprint) {
    if (global.json) {
        v1::NodeStatus out;
        out.set_public_key(key);
        out.set_fingerprint(fingerprint);
        std::cout << to_json(out) << "\n";
    } else {
        std::cout << "Public key:   " << key << "\n"
                  << "Fingerprint:  " << fingerprint << "\n";
    }
    return Done{};
}

CliStatus run_id(const GlobalOptions& global) {
    auto identity = Identity::load(global.data_dir);
    if (identity) return print_id(global, to_hex(identity->public_key()), identity->fingerprint());

    ApiClient client(api_endpoint(global));
    auto status = client.status();
    if (status) return print_id(global, status->public_key(), status->fingerprint());

    std::error_code ec;
    std::string key_problem =
        std::filesystem::exists(std::filesystem::path(global.data_dir) / kNodeKeyFile, ec)
            ? identity.error()
            : "there is no node key in " + global.data_dir + " (create one with: baken --data " +
                  global.data_dir + " init)";
    return cli_fail(status.error().code, key_problem + "\nAsking the daemon did not work either: " +
                                             status.error().message);
}

}  // namespace

void add_id_command(CLI::App& app, const GlobalOptions& global, Commands& out) {
    CLI::App* cmd = app.add_subcommand("id", "Show this node's public key and fingerprint");
    cmd->footer("Reads <data>/node.key; if that is not readable, asks the running daemon.");
    out.push_back({cmd, [&global] { return run_id(global); }});
}

}  // namespace baken::cli
