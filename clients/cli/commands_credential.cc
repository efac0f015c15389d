// `baken credential import FILE`: hands a credential or revocation file (from `baken region
// issue` / `revoke`, a USB stick or a mail) to the daemon, which checks it like any message:
// signed by a trusted region root, well-formed. The mesh then carries it to every node.
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>

#include "api_client.h"
#include "commands.h"
#include "json.h"
#include "message/limits.h"

namespace baken::cli {
namespace {

CliStatus run_credential_import(const GlobalOptions& global, const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return cli_fail(ExitCode::usage, "cannot read " + file);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.size() > limits::kMaxEnvelopeBytes) {
        return cli_fail(ExitCode::usage, file + " is too large to be a credential");
    }
    ApiClient client(api_endpoint(global));
    auto result = client.post_envelope(bytes);
    if (!result) return fail(result.error());
    if (global.json) {
        std::cout << to_json(*result) << "\n";
        return Done{};
    }
    std::cout << (result->duplicate() ? "Already held: " : "Imported: ") << result->id() << "\n";
    return Done{};
}

}  // namespace

void add_credential_command(CLI::App& app, const GlobalOptions& global, Commands& out) {
    auto file = std::make_shared<std::string>();
    CLI::App* credential =
        app.add_subcommand("credential", "Credentials and revocations from the region");
    credential->require_subcommand(1);
    CLI::App* import = credential->add_subcommand(
        "import", "Give a credential or revocation file to the daemon (and so to the mesh)");
    import->add_option("FILE", *file, "the .baken file from `baken region issue` or `revoke`")
        ->required();
    out.push_back({import, [&global, file] { return run_credential_import(global, *file); }});
}

}  // namespace baken::cli
