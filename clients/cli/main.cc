// baken: the command-line client of the Baken daemon. Wiring only: options, commands, and the
// mapping of errors to exit codes (exit_codes.h); each command lives in commands_*.cc.
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "commands.h"
#include "exit_codes.h"
#include "global_options.h"

namespace {

using namespace baken::cli;

std::string footer() {
    return std::string(
               "The data directory comes from --data, else $BAKEN_DATA, else /var/lib/baken.\n"
               "Global options may also follow the command: baken list --json.\n\n") +
           kExitCodeHelp;
}

// CLI11 reports --help as an "error" with code 0; every real parse error is a usage error.
int parse_error_exit(const CLI::App& app, const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : static_cast<int>(ExitCode::usage);
}

int report(const CliStatus& status) {
    if (status) return 0;
    std::cerr << "baken: " << status.error().message << "\n";
    return static_cast<int>(status.error().code);
}

int run(int argc, char** argv) {
    CLI::App app{"baken: post to and read from the Baken crisis-communication node on this machine",
                 "baken"};
    app.set_version_flag("--version", "baken " BAKEN_VERSION);
    app.footer(footer());
    app.require_subcommand(1);

    GlobalOptions global;
    add_global_options(app, global);
    Commands commands;
    add_init_command(app, global, commands);
    add_id_command(app, global, commands);
    add_post_command(app, global, commands);
    add_list_command(app, global, commands);
    add_show_command(app, global, commands);
    add_status_command(app, global, commands);
    add_peers_command(app, global, commands);
    add_links_command(app, global, commands);
    add_region_command(app, global, commands);
    add_credential_command(app, global, commands);
    add_import_command(app, global, commands);
    add_export_cap_command(app, global, commands);
    add_cop_command(app, global, commands);
    add_export_picture_commands(app, global, commands);
    add_bundle_command(app, global, commands);
    add_paper_command(app, global, commands);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return parse_error_exit(app, e);
    }
    for (const Command& command : commands) {
        if (command.app->parsed()) return report(command.run());
    }
    return static_cast<int>(ExitCode::usage);  // unreachable: require_subcommand(1)
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "baken: unexpected error: " << e.what() << "\n";
        return static_cast<int>(ExitCode::other);
    }
}
