// `baken list`: the newest messages this node holds, one line each, or the API's MessageList
// with --json.
#include <iostream>
#include <memory>

#include "commands.h"
#include "common/bytes.h"
#include "crypto/keys.h"
#include "json.h"
#include "message/kind.h"
#include "message_summary.h"
#include "table.h"
#include "terminal_text.h"
#include "time_text.h"

namespace baken::cli {
namespace {

constexpr std::size_t kShortId = 12;

struct ListOptions {
    std::string kind;
    std::string author;
    int limit = 0;  // 0: the daemon's default (100)
    bool all = false;
};

CliResult<ListQuery> make_query(const ListOptions& options) {
    ListQuery query;
    if (!options.kind.empty()) {
        auto kind = kind_from_name(options.kind);
        if (!kind) {
            return cli_fail(ExitCode::usage,
                            "--kind: unknown kind \"" + options.kind +
                                "\"; choose one of: sitrep, status, need, need-update, "
                                "announcement, node_info, credential, revocation");
        }
        query.kind = std::string(kind_name(*kind));
    }
    if (!options.author.empty()) {
        auto key = from_hex(options.author);
        if (!key || key->size() != kPublicKeySize) {
            return cli_fail(ExitCode::usage,
                            "--author: give the author's full public key, 64 hex characters");
        }
        query.author = to_hex(*key);
    }
    if (options.limit > 0) query.limit = options.limit;
    query.include_expired = options.all;
    return query;
}

Row list_row_of(const v1::MessageView& view, std::int64_t now) {
    return {view.id().substr(0, kShortId),
            short_kind_name(view.message().body().kind_case()),
            std::string(precedence_name(view.precedence())),
            format_age(now, view.created_ms()),
            printable(fingerprint_group(view.author_fingerprint())),
            printable(message_summary(view.message()))};
}

void print_table(const v1::MessageList& list, const ListOptions& options) {
    if (list.messages_size() == 0) {
        std::cout << "no messages"
                  << (options.all ? "" : " (expired ones are hidden; --all shows them)") << "\n";
        return;
    }
    const std::int64_t now = now_ms();
    std::vector<Row> rows;
    for (const v1::MessageView& view : list.messages()) rows.push_back(list_row_of(view, now));
    std::cout << render_table({"ID", "KIND", "PRECEDENCE", "AGE", "AUTHOR", "SUMMARY"}, rows,
                              output_width());
    if (list.truncated()) {
        std::cout << "(the newest " << list.messages_size()
                  << " are shown; --limit N shows more, up to 1000)\n";
    }
}

CliStatus run_list(const GlobalOptions& global, const ListOptions& options) {
    auto query = make_query(options);
    if (!query) return fail(query.error());
    ApiClient client(api_endpoint(global));
    auto list = client.list(*query);
    if (!list) return fail(list.error());
    if (global.json) {
        std::cout << to_json(*list) << "\n";
    } else {
        print_table(*list, options);
    }
    return Done{};
}

}  // namespace

void add_list_command(CLI::App& app, const GlobalOptions& global, Commands& out) {
    auto options = std::make_shared<ListOptions>();
    CLI::App* cmd = app.add_subcommand("list", "List the messages this node holds, newest first");
    cmd->add_option("--kind", options->kind,
                    "only this kind: sitrep, status, need, need-update, announcement, node_info, "
                    "credential, "
                    "revocation")
        ->type_name("KIND");
    cmd->add_option("--author", options->author, "only messages by this public key (64 hex)")
        ->type_name("HEX");
    cmd->add_option("--limit", options->limit, "at most N messages (1..1000, default 100)")
        ->type_name("N")
        ->check(CLI::Range(1, 1000));
    cmd->add_flag("--all", options->all, "include expired messages");
    out.push_back({cmd, [&global, options] { return run_list(global, *options); }});
}

}  // namespace baken::cli
