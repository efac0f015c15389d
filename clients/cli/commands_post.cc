// `baken post sitrep|status|need|announcement`: builds a Draft from flags (asking for missing
// required ones on a terminal) and posts it; the daemon signs it with the node key.
// The flags come from the table in post_kinds.cc; nothing here knows a field by name.
#include <iostream>
#include <memory>

#include "commands.h"
#include "draft_builder.h"
#include "enum_names.h"
#include "json.h"
#include "prompt.h"

namespace baken::cli {
namespace {

struct PostState {
    FlagValues values;
    CommonFlags common;
};

std::string type_name_of(const PostKind& kind, const FieldSpec& spec) {
    switch (spec.form) {
        case FieldForm::time:
            return "TIME";
        case FieldForm::count:
            return "LABEL=VALUE";
        case FieldForm::plain:
            break;
    }
    using google::protobuf::FieldDescriptor;
    switch (leaf_field(kind, spec).cpp_type()) {
        case FieldDescriptor::CPPTYPE_ENUM:
            return "CHOICE";
        case FieldDescriptor::CPPTYPE_STRING:
            return "TEXT";
        default:
            return "NUMBER";
    }
}

std::string help_of(const PostKind& kind, const FieldSpec& spec) {
    std::string help(spec.help);
    if (spec.required) help += " (required)";
    std::vector<std::string> choices = choices_for(kind, spec);
    if (!choices.empty()) help += "\none of: " + join(choices);
    return help;
}

void add_field_option(CLI::App& cmd, const PostKind& kind, const FieldSpec& spec,
                      FlagValues& values) {
    const std::string flag = "--" + std::string(spec.flag);
    CLI::Option* option =
        spec.form == FieldForm::count
            ? cmd.add_option(flag, values.repeated[std::string(spec.flag)], help_of(kind, spec))
                  ->expected(1)
                  ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
            : cmd.add_option(flag, values.single[std::string(spec.flag)], help_of(kind, spec));
    option->type_name(type_name_of(kind, spec));
}

void add_common_options(CLI::App& cmd, CommonFlags& common) {
    cmd.add_option("--precedence", common.precedence, "flash, immediate, priority or routine")
        ->type_name("CHOICE")
        ->capture_default_str();
    cmd.add_option("--ttl", common.ttl,
                   "how long the message lives, e.g. 90m, 24h, 7d (default: the daemon's, 72h)")
        ->type_name("DURATION");
    cmd.add_option("--supersedes", common.supersedes,
                   "id (64 hex) of an earlier message of this node it replaces")
        ->type_name("ID");
    cmd.add_option("--restricted", common.restricted,
                   "names, addresses, medical notes (sitrep, need): sealed so that only the "
                   "region and the municipality can read them")
        ->type_name("TEXT");
}

CliStatus missing_flags_error(const PostKind& kind, const FlagValues& values) {
    std::vector<std::string> flags;
    for (const FieldSpec* spec : missing_fields(kind, values))
        flags.push_back("--" + std::string(spec->flag));
    return cli_fail(ExitCode::usage, "missing required flags for baken post " +
                                         std::string(kind.command) + ": " + join(flags) +
                                         "\n(see baken post " + std::string(kind.command) +
                                         " --help; in a terminal, baken asks for them)");
}

// Fills in missing required fields: by asking on a terminal, otherwise it is an error.
CliStatus complete_fields(const PostKind& kind, FlagValues& values, std::int64_t now) {
    if (missing_fields(kind, values).empty()) return Done{};
    if (!stdin_is_terminal()) return missing_flags_error(kind, values);
    std::cerr << "Some required fields are missing; please fill them in (Ctrl-D to cancel).\n";
    auto asked = prompt_missing(kind, values, std::cin, std::cerr, now);
    if (!asked) return cli_fail(ExitCode::usage, asked.error() + "; nothing was posted");
    return Done{};
}

CliStatus run_post(const PostKind& kind, const GlobalOptions& global, PostState& state) {
    const std::int64_t now = now_ms();
    // Point out wrong flags before asking for anything.
    if (auto errors = value_errors(kind, state.values, state.common, now); !errors.empty()) {
        return cli_fail(ExitCode::usage, join(errors, "\n"));
    }
    if (auto completed = complete_fields(kind, state.values, now); !completed) return completed;
    auto draft = build_draft(kind, state.values, state.common, now);
    if (!draft) return cli_fail(ExitCode::usage, draft.error());

    ApiClient client(api_endpoint(global));
    auto posted = client.post(*draft);
    if (!posted) return fail(posted.error());
    if (global.json) {
        std::cout << to_json(*posted) << "\n";
    } else {
        std::cout << posted->id() << "\n";
        if (posted->duplicate())
            std::cerr << "(the node already held this message; nothing changed)\n";
    }
    return Done{};
}

std::string footer_of(const PostKind& kind) {
    std::string footer =
        "Prints the new message's id. Missing required fields are asked for when run in a "
        "terminal.\n"
        "Global options (--data, --api, --json): see baken --help.";
    for (const FieldSpec& spec : kind.fields) {
        if (spec.form != FieldForm::time) continue;
        footer +=
            "\nTIME: 2025-03-01T14:00 (local), 2025-03-01T13:00Z, 2025-03-01T14:00+01:00, now, "
            "+2h.";
        break;
    }
    return footer;
}

void add_kind_command(CLI::App& post, const PostKind& kind, const GlobalOptions& global,
                      Commands& out) {
    auto state = std::make_shared<PostState>();
    CLI::App* cmd = post.add_subcommand(std::string(kind.command), std::string(kind.description));
    for (const FieldSpec& spec : kind.fields) add_field_option(*cmd, kind, spec, state->values);
    add_common_options(*cmd, state->common);
    cmd->footer(footer_of(kind));
    out.push_back({cmd, [&kind, &global, state] { return run_post(kind, global, *state); }});
}

}  // namespace

void add_post_command(CLI::App& app, const GlobalOptions& global, Commands& out) {
    CLI::App* post =
        app.add_subcommand("post", "Post a message as this node (signed by the daemon)");
    post->require_subcommand(1);
    for (const PostKind& kind : post_kinds()) add_kind_command(*post, kind, global, out);
}

}  // namespace baken::cli
