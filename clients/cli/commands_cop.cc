// `baken cop`: the common operational picture in the terminal (docs/picture.md), and
// `baken export geojson|csv`: the region's exports written to stdout or a file.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

#include "commands.h"
#include "json.h"
#include "picture_text.h"
#include "terminal_text.h"

namespace baken::cli {
namespace {

struct PictureOptions {
    std::string municipality;
    std::string support_point;
    bool open_only = false;
    std::string table = "support_points";
    std::string out;
};

std::string picture_query(const PictureOptions& o) {
    // The values were checked by CLI11 validators: no characters that need escaping.
    std::string q;
    auto add = [&](const std::string& key, const std::string& value) {
        q += (q.empty() ? "?" : "&") + key + "=" + value;
    };
    if (!o.municipality.empty()) add("municipality", o.municipality);
    if (!o.support_point.empty()) add("support_point", o.support_point);
    if (o.open_only) add("closed_needs", "false");
    return q;
}

CliStatus run_cop(const GlobalOptions& global, const PictureOptions& o) {
    ApiClient client(api_endpoint(global));
    auto picture = client.picture(picture_query(o));
    if (!picture) return fail(picture.error());
    if (global.json) {
        std::cout << to_json(*picture) << "\n";
        return Done{};
    }
    std::cout << render_picture(*picture, output_width());
    return Done{};
}

CliStatus write_out(const std::string& text, const std::string& path) {
    if (path.empty() || path == "-") {
        std::cout << text;
        return Done{};
    }
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << text;
    file.close();
    if (!file)
        return cli_fail(ExitCode::other, "cannot write " + path + ": " + std::strerror(errno));
    std::cerr << "wrote " << path << " (" << text.size() << " bytes)\n";
    return Done{};
}

CliStatus run_picture_export(const GlobalOptions& global, const std::string& format,
                             const PictureOptions& o) {
    std::string target = "/api/v1/export/" + format;
    std::string q = o.municipality.empty() ? "" : "municipality=" + o.municipality;
    if (format == "csv") q = "table=" + o.table + (q.empty() ? "" : "&" + q);
    if (!q.empty()) target += "?" + q;
    ApiClient client(api_endpoint(global));
    auto body = client.get_text(target);
    if (!body) return fail(body.error());
    return write_out(*body, o.out);
}

// CBS codes and support point ids are short ASCII; anything else is a typing error.
CLI::Validator code_like(const char* example) {
    return CLI::Validator(
        [example](std::string& value) -> std::string {
            for (char c : value)
                if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-')
                    return std::string("expected something like ") + example;
            return {};
        },
        "CODE");
}

}  // namespace

CLI::App* export_group(CLI::App& app) {
    for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
        if (sub->get_name() == "export") return sub;
    CLI::App* group = app.add_subcommand(
        "export", "Export the picture for the region: geojson, csv, cap (docs/picture.md)");
    group->require_subcommand(1);
    return group;
}

void add_cop_command(CLI::App& app, const GlobalOptions& global, Commands& out) {
    auto options = std::make_shared<PictureOptions>();
    CLI::App* cmd =
        app.add_subcommand("cop",
                           "Show the common operational picture: support points, needs, sitreps, "
                           "announcements, nodes");
    cmd->add_option("--municipality", options->municipality, "Only this municipality (GM0344)")
        ->check(code_like("GM0344"));
    cmd->add_option("--support-point", options->support_point, "Only this point (GM0344-SP07)")
        ->check(code_like("GM0344-SP07"));
    cmd->add_flag("--open", options->open_only, "Leave out fulfilled and cancelled needs");
    out.push_back({cmd, [&global, options] { return run_cop(global, *options); }});
}

void add_export_picture_commands(CLI::App& app, const GlobalOptions& global, Commands& out) {
    CLI::App* group = export_group(app);
    for (const char* format : {"geojson", "csv"}) {
        auto options = std::make_shared<PictureOptions>();
        std::string what = std::string(format) == "csv"
                               ? "The picture as CSV: support points, needs or sitreps"
                               : "Support points with status and open needs as GeoJSON";
        CLI::App* cmd = group->add_subcommand(format, what);
        cmd->add_option("--municipality", options->municipality, "Only this municipality")
            ->check(code_like("GM0344"));
        cmd->add_option("-o,--out", options->out, "Write to FILE instead of stdout");
        if (std::string(format) == "csv")
            cmd->add_option("--table", options->table, "support_points, needs or sitreps")
                ->check(CLI::IsMember({"support_points", "needs", "sitreps"}));
        std::string name = format;
        out.push_back(
            {cmd, [&global, options, name] { return run_picture_export(global, name, *options); }});
    }
}

}  // namespace baken::cli
