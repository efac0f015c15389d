// `baken show ID`: one message with all its fields, or the API's MessageView with --json.
#include <iostream>
#include <memory>

#include "commands.h"
#include "json.h"
#include "message_details.h"
#include "message_id_argument.h"

namespace baken::cli {
namespace {

CliStatus run_show(const GlobalOptions& global, const std::string& id) {
    if (auto valid = check_message_id(id); !valid) return valid;
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
