// `baken import cap FILE` and `baken export cap [ID]`: CAP 1.2 alerts in and out through the
// daemon (docs/cap.md). The daemon validates, maps and signs; this only moves the XML, shows
// the preview and asks the person before anything is relayed.
#include <google/protobuf/struct.pb.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <set>

#include "api_client.h"
#include "cap/cap_reader.h"
#include "cap/cap_writer.h"
#include "cap/xml_document.h"
#include "commands.h"
#include "json.h"
#include "message/kind.h"
#include "prompt.h"
#include "time_text.h"

namespace baken::cli {
namespace {

namespace fs = std::filesystem;
constexpr std::string_view kExportPath = "/api/v1/export/cap";

// One call to the API with a body of any type; the answer's body on 2xx (ApiClient speaks
// JSON only; CAP is XML).
CliResult<std::string> call(const GlobalOptions& global, Method method, std::string target,
                            std::string body = {}, std::string content_type = {}) {
    const ApiEndpoint endpoint = api_endpoint(global);
    const bool posting = method == Method::post;
    auto to = split_host_port(endpoint.address);
    if (!to) return cli_fail(ExitCode::usage, "--api: " + to.error());
    auto token = read_api_token(endpoint.token_file());
    if (!token) return fail(token.error());
    HttpCall http_call{method, std::move(target), std::move(*token), std::move(body),
                       content_type.empty() ? "application/json" : std::move(content_type)};
    auto reply = http_exchange(*to, http_call, endpoint.timeout);
    if (!reply) return fail(error_from_transport(reply.error(), endpoint, posting));
    if (reply->status < 200 || reply->status > 299)
        return fail(error_from_reply(*reply, endpoint, posting));
    return std::move(reply->body);
}

template <typename T>
CliResult<T> parse_answer(const std::string& text) {
    T message;
    if (auto parsed = from_json(text, message); !parsed) {
        return cli_fail(
            ExitCode::other,
            "the daemon sent an answer this baken does not understand: " + parsed.error());
    }
    return message;
}

// ---- import

struct CapImportFlags {
    std::string file;
    std::string area;
    bool yes = false;
};

CliResult<std::string> read_alert_file(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return cli_fail(ExitCode::usage, "cannot read " + file);
    std::string bytes;
    bytes.resize(cap::kMaxCapBytes + 1);
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    if (bytes.size() > cap::kMaxCapBytes) {
        return cli_fail(ExitCode::usage, file + " is larger than " +
                                             std::to_string(cap::kMaxCapBytes) +
                                             " bytes: too large for a CAP alert");
    }
    return bytes;
}

std::string when(std::int64_t ms) {
    return ms == 0 ? "-" : format_local_time(ms);
}

void print_preview(const v1::Draft& draft, const google::protobuf::Struct& preview) {
    const v1::Announcement& a = draft.body().announcement();
    std::cout << "CAP alert " << a.cap_identifier() << "\n"
              << "  sender       " << a.cap_sender() << "\n"
              << "  sent         " << when(a.cap_sent_ms()) << "\n"
              << "  headline     " << a.headline().nl() << "\n";
    if (!a.headline().en().empty()) std::cout << "               " << a.headline().en() << "\n";
    std::cout << "  area         " << a.audience_area() << "\n"
              << "  effective    " << (a.effective_ms() ? when(a.effective_ms()) : "when sent")
              << "\n"
              << "  expires      " << (a.expires_ms() ? when(a.expires_ms()) : "not stated") << "\n"
              << "  precedence   " << precedence_name(draft.precedence()) << "\n"
              << "  status       " << a.cap_status() << ", " << a.cap_msg_type() << "\n";
    auto field = [&](const char* name) -> const google::protobuf::Value* {
        auto it = preview.fields().find(name);
        return it == preview.fields().end() ? nullptr : &it->second;
    };
    if (const auto* signer = field("signed_by"))
        std::cout << "  signed by    this node, " << signer->string_value() << "\n";
    if (const auto* notes = field("notes")) {
        for (const auto& note : notes->list_value().values())
            std::cout << "  note: " << note.string_value() << "\n";
    }
}

bool said_yes(const std::string& answer) {
    std::string a;
    for (char c : answer) {
        if (c != ' ' && c != '\r') a.push_back(static_cast<char>(std::tolower(c)));
    }
    return a == "y" || a == "yes" || a == "j" || a == "ja";
}

CliStatus run_cap_import(const GlobalOptions& global, const CapImportFlags& flags) {
    if (!flags.area.empty() &&
        flags.area.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                     "0123456789-_") != std::string::npos) {
        return cli_fail(ExitCode::usage,
                        "--area: a municipality (GM0344), region (VR09) or support point id "
                        "(GM0344-SP07)");
    }
    auto xml = read_alert_file(flags.file);
    if (!xml) return fail(xml.error());
    std::string target = "/api/v1/import/cap";
    if (!flags.area.empty()) target += "?area=" + flags.area;
    auto answer = call(global, Method::post, target, *xml, "application/cap+xml");
    if (!answer) return fail(answer.error());
    auto preview = parse_answer<google::protobuf::Struct>(*answer);
    if (!preview) return fail(preview.error());
    v1::Draft draft;
    if (auto it = preview->fields().find("draft"); it != preview->fields().end()) {
        auto parsed = parse_answer<v1::Draft>(to_json(it->second.struct_value()));
        if (!parsed) return fail(parsed.error());
        draft = std::move(parsed).value();
    }
    if (!draft.body().has_announcement()) {
        return cli_fail(ExitCode::other, "the daemon's preview holds no announcement");
    }
    if (!global.json) print_preview(draft, *preview);

    if (!flags.yes) {
        if (!stdin_is_terminal()) {
            return cli_fail(ExitCode::usage,
                            "not relayed: there is no terminal to ask on; pass --yes to relay "
                            "this alert over the mesh");
        }
        std::cout << "Relay over the mesh? [y/N] " << std::flush;
        std::string reply;
        if (!std::getline(std::cin, reply) || !said_yes(reply)) {
            std::cout << "Not relayed.\n";
            return Done{};
        }
    }
    target += flags.area.empty() ? "?confirm=yes" : "&confirm=yes";
    auto posted = call(global, Method::post, target, *xml, "application/cap+xml");
    if (!posted) return fail(posted.error());
    auto result = parse_answer<v1::PostResult>(*posted);
    if (!result) return fail(result.error());
    if (global.json) {
        std::cout << to_json(*result) << "\n";
    } else {
        std::cout << (result->duplicate() ? "Already held: " : "Relayed as announcement ")
                  << result->id() << "\n";
    }
    return Done{};
}

// ---- export

struct CapExportFlags {
    std::string id;
    std::string out;
};

// A CAP identifier as a file name: letters, digits, '.', '-', '_' kept, the rest '_'.
std::string file_safe(const std::string& identifier) {
    std::string name;
    for (char c : identifier.substr(0, 120)) {
        const bool keep =
            std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
        name.push_back(keep ? c : '_');
    }
    while (!name.empty() && name.front() == '.') name.erase(0, 1);
    return name.empty() ? "alert" : name;
}

CliStatus write_cap_file(const fs::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
    out.close();
    if (!out) return cli_fail(ExitCode::other, "cannot write " + path.string());
    return Done{};
}

CliStatus export_one(const GlobalOptions& global, const CapExportFlags& flags) {
    auto xml = call(global, Method::get, std::string(kExportPath) + "/" + flags.id);
    if (!xml) return fail(xml.error());
    if (flags.out.empty()) {
        std::cout << *xml;
        return Done{};
    }
    auto written = write_cap_file(flags.out, *xml);
    if (written && !global.json) std::cout << "Wrote " << flags.out << "\n";
    return written;
}

CliStatus export_all(const GlobalOptions& global, const CapExportFlags& flags) {
    const fs::path dir = flags.out.empty() ? fs::path(".") : fs::path(flags.out);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir))
        return cli_fail(ExitCode::other, "cannot make the directory " + dir.string());
    auto feed = call(global, Method::get, std::string(kExportPath));
    if (!feed) return fail(feed.error());
    auto links = cap::read_atom_feed_links(*feed);
    if (!links) {
        return cli_fail(ExitCode::other,
                        "the daemon's CAP feed is not readable: " + links.error().describe());
    }
    std::set<std::string> used;
    int written = 0;
    for (const std::string& href : *links) {
        if (!href.starts_with(std::string(kExportPath) + "/")) continue;
        auto xml = call(global, Method::get, href);
        if (!xml) return fail(xml.error());
        auto alert = cap::read_cap(*xml);
        if (!alert) {
            return cli_fail(ExitCode::other,
                            href + " is not valid CAP: " + alert.error().describe());
        }
        std::string name = file_safe(alert->identifier);
        if (!used.insert(name).second) {
            name += "-" + href.substr(kExportPath.size() + 1, 8);
            used.insert(name);
        }
        const fs::path path = dir / (name + ".xml");
        if (auto w = write_cap_file(path, *xml); !w) return w;
        if (!global.json) std::cout << path.string() << "\n";
        ++written;
    }
    if (!global.json && written == 0) std::cout << "No active announcements.\n";
    return Done{};
}

}  // namespace

void add_import_command(CLI::App& app, const GlobalOptions& global, Commands& out) {
    auto flags = std::make_shared<CapImportFlags>();
    CLI::App* import = app.add_subcommand("import", "Bring official alerts into the mesh");
    import->require_subcommand(1);
    CLI::App* cap = import->add_subcommand(
        "cap",
        "Relay a CAP 1.2 alert (NL-Alert, KNMI, the region) as an announcement: shows what "
        "will be relayed and asks first");
    cap->add_option("FILE", flags->file, "the CAP 1.2 XML file")->required();
    cap->add_option("--area", flags->area,
                    "audience area when the alert names no CBS municipality code: GM0344, VR09 "
                    "or a support point id")
        ->type_name("CODE");
    cap->add_flag("--yes", flags->yes, "relay without asking (for scripts)");
    out.push_back({cap, [&global, flags] { return run_cap_import(global, *flags); }});
}

void add_export_cap_command(CLI::App& app, const GlobalOptions& global, Commands& out) {
    auto flags = std::make_shared<CapExportFlags>();
    CLI::App* cap = export_group(app)->add_subcommand(
        "cap", "Announcements as CAP 1.2 alerts: one by id, or all active ones into a directory");
    cap->add_option("ID", flags->id, "message id (or unique prefix); without it: all active");
    cap->add_option("--out", flags->out,
                    "with ID: the file to write (default stdout); without: the directory "
                    "(default .), one file per alert named after its CAP identifier")
        ->type_name("PATH");
    out.push_back({cap, [&global, flags] {
                       return flags->id.empty() ? export_all(global, *flags)
                                                : export_one(global, *flags);
                   }});
}

}  // namespace baken::cli
