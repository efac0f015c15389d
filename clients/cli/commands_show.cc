// `baken show ID`: one message with all its fields, or the API's MessageView with --json.
#include <iostream>
#include <memory>

#include "commands.h"
#include "json.h"
#include "message_details.h"

namespace baken::cli {
namespace {

constexpr std::size_t kMinPrefix = 8;
constexpr std::size_t kFullId = 64;

CliStatus check_id(const std::string& id) {
    bool hex = id.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
    if (!hex || id.size() < kMinPrefix || id.size() > kFullId) {
        return cli_fail(ExitCode::usage,
                        "\"" + id +
                            "\" is not a message id: give the 64 hex characters, or "
                            "the first 8 or more (as in baken list)");
    }
    return Done{};
}

CliStatus run_show(const GlobalOptions& global, const std::string& id) {
    if (auto valid = check_id(id); !valid) return valid;
    ApiClient client(api_endpoint(global));
    auto view = client.get(id);
    if (!view) return fail(view.error());
    if (global.json) {
        std::cout << to_json(*view) << "\n";
    } else {
        std::cout << message_details(*view, now_ms());
    }
    return Done{};
}

}  // namespace

void add_show_command(CLI::App& app, const GlobalOptions& global, Commands& out) {
    auto id = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand("show", "Show one message with all its fields");
    cmd->add_option("id", *id, "message id: 64 hex characters, or a unique prefix of at least 8")
        ->required()
        ->type_name("ID");
    out.push_back({cmd, [&global, id] { return run_show(global, *id); }});
}

}  // namespace baken::cli
