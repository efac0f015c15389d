// The commands of `baken`, one file each (commands_*.cc). Each add_*_command registers its
// subcommand and flags on the app and appends what to run when that subcommand was given;
// main() parses, then runs the one that was chosen.
//
// A command prints its result to stdout (JSON with --json) and returns errors as values;
// main() prints them to stderr and turns them into the exit code (exit_codes.h).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <vector>

#include "exit_codes.h"
#include "global_options.h"

namespace baken::cli {

struct Command {
    CLI::App* app;                   // the subcommand; owned by the parent app
    std::function<CliStatus()> run;  // called after parsing if app->parsed()
};
using Commands = std::vector<Command>;

void add_init_command(CLI::App& app, const GlobalOptions& global, Commands& out);
void add_id_command(CLI::App& app, const GlobalOptions& global, Commands& out);
void add_post_command(CLI::App& app, const GlobalOptions& global, Commands& out);
void add_list_command(CLI::App& app, const GlobalOptions& global, Commands& out);
void add_show_command(CLI::App& app, const GlobalOptions& global, Commands& out);
void add_status_command(CLI::App& app, const GlobalOptions& global, Commands& out);
void add_peers_command(CLI::App& app, const GlobalOptions& global, Commands& out);
// `baken links`: the radio interfaces and their airtime (commands_links.cc).
void add_links_command(CLI::App& app, const GlobalOptions& global, Commands& out);
void add_region_command(CLI::App& app, const GlobalOptions& global, Commands& out);
void add_credential_command(CLI::App& app, const GlobalOptions& global, Commands& out);
// `baken import cap`, and `baken export cap` in the `export` group (export_group() below).
void add_import_command(CLI::App& app, const GlobalOptions& global, Commands& out);
void add_export_cap_command(CLI::App& app, const GlobalOptions& global, Commands& out);
void add_cop_command(CLI::App& app, const GlobalOptions& global, Commands& out);
// `baken export geojson|csv`; `baken export cap` registers itself in the same group.
void add_export_picture_commands(CLI::App& app, const GlobalOptions& global, Commands& out);
// `baken paper export|import`: messages on paper and back (docs/paper.md).
void add_paper_command(CLI::App& app, const GlobalOptions& global, Commands& out);

// `baken bundle export|import|verify|stick`: messages on USB sticks (commands_bundle.cc).
void add_bundle_command(CLI::App& app, const GlobalOptions& global, Commands& out);

// The `export` subcommand group, created by whichever export command registers first.
CLI::App* export_group(CLI::App& app);

}  // namespace baken::cli
