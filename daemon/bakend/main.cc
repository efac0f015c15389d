// bakend: the Baken daemon. Parses the command line and config, then runs a Node.
//
// `bakend --hash-passphrase` prints the [web] passphrase_hash line for a passphrase read from
// standard input (docs/web-ui.md) and exits.
//
// Exit codes: 0 clean shutdown; 2 bad command line; 3 bad config (also: listening beyond
// loopback without a web passphrase); 4 cannot start (data directory, key, store or API
// address; the log line says which and what to do).
#include <CLI/CLI.hpp>
#include <iostream>

#include "bakend/node.h"
#include "common/log.h"
#include "common/version.h"
#include "config/config.h"
#include "message/protobuf_log.h"
#include "web/passphrase.h"
#include "web/web_ui.h"

namespace {

std::optional<baken::log::Level> level_from_name(const std::string& name) {
    using baken::log::Level;
    if (name == "error") return Level::error;
    if (name == "warning") return Level::warning;
    if (name == "info") return Level::info;
    if (name == "debug") return Level::debug;
    return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"bakend: the Baken store-and-forward mesh messaging daemon"};
    std::string config_file, data_dir, listen, sync_listen;
    bool no_discovery = false;
    bool hash_passphrase = false;
    app.add_option("--config", config_file, "TOML config file (see bakend.example.toml)")
        ->check(CLI::ExistingFile);
    app.add_option("--data", data_dir,
                   "data directory (node key, store); overrides [node] data_dir");
    // The last --listen / --sync-listen wins, so a wrapper can override what it was given.
    app.add_option("--listen", listen,
                   "API address ADDR:PORT; overrides [api] listen (port 0: any free port)")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    app.add_option("--sync-listen", sync_listen,
                   "peer sync address ADDR:PORT; overrides [sync] listen (port 0: any free port)")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    app.add_flag("--no-discovery", no_discovery, "do not send or listen for LAN beacons");
    app.add_flag("--hash-passphrase", hash_passphrase,
                 "read a web UI passphrase (twice, without echo) and print the [web] "
                 "passphrase_hash line for the config; then exit");
    app.set_version_flag("--version", "bakend " + std::string(baken::kBakenVersion));
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }

    if (hash_passphrase) {
        auto line = baken::web::read_and_hash_passphrase();
        if (!line) {
            std::cerr << "bakend: " << line.error() << "\n";
            return 2;
        }
        std::cout << *line << "\n";
        return 0;
    }

    baken::Config config = baken::default_config();
    if (!config_file.empty()) {
        auto loaded = baken::load_config(config_file);
        if (!loaded) {
            baken::log::error("config", loaded.error().text);
            return 3;
        }
        config = std::move(loaded).value();
    }
    if (!data_dir.empty()) config.data_dir = std::filesystem::absolute(data_dir);
    if (config.data_dir.empty()) {
        baken::log::error(
            "config", "no data directory: pass --data DIR or set [node] data_dir in the config");
        return 3;
    }
    if (!listen.empty()) {
        auto endpoint = baken::parse_listen_endpoint(listen);
        if (!endpoint) {
            baken::log::error("config", "--listen: " + endpoint.error());
            return 2;
        }
        config.api_address = endpoint->address;
        config.api_port = endpoint->port;
    }
    if (!sync_listen.empty()) {
        auto endpoint = baken::parse_listen_endpoint(sync_listen);
        if (!endpoint) {
            baken::log::error("config", "--sync-listen: " + endpoint.error());
            return 2;
        }
        config.sync_address = endpoint->address;
        config.sync_port = endpoint->port;
    }
    if (no_discovery) config.discovery_enabled = false;
    if (auto problem = baken::web::exposure_problem(baken::web::web_options(config))) {
        baken::log::error("config", *problem);
        return 3;
    }
    baken::log::set_min_level(level_from_name(config.log_level).value_or(baken::log::Level::info));
    baken::route_protobuf_logs_to_debug();

    auto node = baken::Node::start(config);
    if (!node) {
        baken::log::error("bakend", "cannot start: " + node.error());
        return 4;
    }
    (*node)->run();
    return 0;
}
