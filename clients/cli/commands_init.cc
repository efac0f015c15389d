// `baken init`: prepares a data directory and the node's signing key before the daemon ever
// runs, so the fingerprint can be handed to the safety region (for a credential) in advance.
// Needs no daemon. With --name it also writes a starter bakend.toml naming the node.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "commands.h"
#include "common/bytes.h"
#include "crypto/identity.h"
#include "json.h"

namespace baken::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxNodeName = 128;  // as bakend.toml's [node] name (daemon/config/config.h)
constexpr const char* kConfigFile = "bakend.toml";

std::optional<std::string> node_name_problem(const std::string& name) {
    if (name.size() > kMaxNodeName) return "is longer than 128 bytes";
    for (unsigned char c : name) {
        if (c < 0x20 || c == 0x7F) return "contains a control character";
    }
    return std::nullopt;
}

// The data directory is private to the node: it holds the key and the API token.
CliStatus make_data_dir(const fs::path& dir) {
    std::error_code ec;
    if (fs::is_directory(dir, ec)) return Done{};
    fs::create_directories(dir, ec);
    if (!ec) fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
    if (ec)
        return cli_fail(ExitCode::other,
                        "cannot create data directory " + dir.string() + ": " + ec.message());
    return Done{};
}

std::string toml_string(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    return out + "\"";
}

// Writes <data>/bakend.toml with the node name, unless one is there: never overwrite a
// config someone has edited. Returns what happened, for the summary.
CliResult<std::string> write_starter_config(const fs::path& file, const std::string& name) {
    std::error_code ec;
    if (fs::exists(file, ec)) return std::string("already there, left as it is");
    std::ofstream out(file);
    out << "# bakend.toml written by `baken init`. Every key and its default is described in\n"
           "# bakend.example.toml; keys left out take their defaults.\n\n"
           "[node]\nname = "
        << toml_string(name) << "\n";
    out.close();
    if (!out) return cli_fail(ExitCode::other, "cannot write " + file.string());
    return std::string("created");
}

void print_next_steps(const fs::path& dir, bool with_config) {
    std::string config = with_config ? " --config " + (dir / kConfigFile).string() : "";
    std::cout << "\nNext:\n"
              << "  1. Start the daemon:  bakend --data " << dir.string() << config << "\n"
              << "     (installed as a service: systemctl enable --now bakend)\n"
              << "  2. Give the fingerprint to your safety region, so it can issue this node a\n"
              << "     credential. Over the radio, read it out group by group.\n"
              << "  3. Check the node:    baken --data " << dir.string() << " status\n";
    if (::geteuid() == 0) {
        std::cout << "\nNote: these files belong to root. If bakend runs as another user, give "
                     "them to it:\n"
                  << "  chown -R USER " << dir.string() << "\n";
    }
}

CliStatus run_node_init(const GlobalOptions& global, const std::string& name) {
    if (auto problem = node_name_problem(name))
        return cli_fail(ExitCode::usage, "--name " + *problem);
    const fs::path dir = global.data_dir;
    std::error_code ec;
    const bool had_key = fs::exists(dir / kNodeKeyFile, ec);
    if (auto made = make_data_dir(dir); !made) return made;
    auto identity = Identity::load_or_create(dir);
    if (!identity) return cli_fail(ExitCode::other, identity.error());
    std::string config_state;
    if (!name.empty()) {
        auto written = write_starter_config(dir / kConfigFile, name);
        if (!written) return fail(written.error());
        config_state = *written;
    }
    const std::string key = to_hex(identity->public_key());
    if (global.json) {
        v1::NodeStatus out;
        out.set_name(name);
        out.set_public_key(key);
        out.set_fingerprint(identity->fingerprint());
        std::cout << to_json(out) << "\n";
        return Done{};
    }
    std::cout << "Data directory:  " << dir.string() << "\n"
              << "Node key:        " << (dir / kNodeKeyFile).string()
              << (had_key ? " (already there)" : " (created)") << "\n"
              << "Public key:      " << key << "\n"
              << "Fingerprint:     " << identity->fingerprint() << "\n";
    if (!name.empty())
        std::cout << "Config:          " << (dir / kConfigFile).string() << " (" << config_state
                  << ")\n";
    print_next_steps(dir, !name.empty());
    return Done{};
}

}  // namespace

void add_init_command(CLI::App& app, const GlobalOptions& global, Commands& out) {
    auto name = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand(
        "init", "Create the data directory and this node's key (no daemon needed)");
    cmd->add_option(
           "--name", *name,
           "name of the node, e.g. \"Noodsteunpunt De Klop\"; written to <data>/bakend.toml")
        ->type_name("NAME");
    cmd->footer("The key is never overwritten: running init again shows the existing one.");
    out.push_back({cmd, [&global, name] { return run_node_init(global, *name); }});
}

}  // namespace baken::cli
