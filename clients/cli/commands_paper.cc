// `baken paper export ID... [-o FILE]` and `baken paper import IMAGE...`: paper, the last
// fallback (docs/paper.md). Export fetches each message's view and its exact envelope bytes and
// renders a printable page (paper/paper_page.h); import reads the codes from scans or photos,
// puts each message together and submits its exact bytes through the daemon's one validation
// path (POST /api/v1/envelopes), so a message carried on paper keeps its author's signature.
//
// Import checks every image before it submits anything: an image that cannot be read is a
// usage error (2) and nothing is submitted. A message whose codes are incomplete or do not
// match its id is reported and never submitted. Exit: 0 when every message found was accepted
// or already held; 4 when the daemon refused any; 1 when any could not be read whole (and none
// was refused); 5 when the images hold no Baken code at all.
#include <google/protobuf/struct.pb.h>
#include <algorithm>

#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "commands.h"
#include "common/bytes.h"
#include "json.h"
#include "message/envelope_codec.h"
#include "message/kind.h"
#include "message_details.h"
#include "message_id_argument.h"
#include "paper/grey_image.h"
#include "paper/paper_codes.h"
#include "paper/paper_page.h"
#include "paper/qr_scan.h"
#include "terminal_text.h"
#include "time_text.h"

namespace baken::cli {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

// ---- export

struct PaperExportFlags {
    std::vector<std::string> ids;
    std::string out;
};

// Node names by public key (hex), from the picture's node list; empty when it cannot be had:
// a name is a courtesy on paper, the fingerprint is what identifies the author.
std::map<std::string, std::string> node_names(ApiClient& client) {
    std::map<std::string, std::string> names;
    auto picture = client.picture("/nodes");
    if (!picture) return names;
    for (const v1::NodeView& node : picture->nodes()) {
        if (!node.name().empty()) names[node.public_key()] = node.name();
    }
    return names;
}

// message_details() without the ages it puts after times ("(5 min ago)", "(in 2 d)"): on paper
// they are wrong by the time anyone reads them. Only on the lines of times: the header's
// created, expires and received, and body fields named *_ms; message text is left alone.
std::string without_ages(const std::string& details) {
    std::string out;
    std::size_t begin = 0;
    while (begin < details.size()) {
        std::size_t end = details.find('\n', begin);
        if (end == std::string::npos) end = details.size();
        std::string line = details.substr(begin, end - begin);
        const std::size_t label_start = line.find_first_not_of(" -");
        const std::size_t colon = line.find(':');
        if (label_start != std::string::npos && colon != std::string::npos && colon > label_start &&
            line.ends_with(")")) {
            const std::string label = line.substr(label_start, colon - label_start);
            const bool time_line = label == "created" || label == "expires" ||
                                   label == "received" || label.ends_with("_ms");
            const std::size_t open = line.rfind(" (");
            if (time_line && open != std::string::npos && open > colon) line.erase(open);
        }
        out += line;
        if (end < details.size()) out += "\n";
        begin = end + 1;
    }
    return out;
}

paper::PaperEntry entry_for(v1::MessageView view, const std::string& envelope_bytes,
                            const std::string& name, std::int64_t now) {
    // Sealed content opened for this node stays off paper: the page is not sealed.
    view.clear_restricted_text();
    std::string from = printable(view.author_fingerprint());
    if (!name.empty()) from += " (" + printable(name) + ")";
    paper::PaperEntry entry;
    entry.title = printable(view.kind()) + " · " + std::string(precedence_name(view.precedence())) +
                  " · from " + from;
    entry.reading_text = (name.empty() ? "" : "author name: " + printable(name) + "\n") +
                         without_ages(message_details(view, now));
    entry.envelope_bytes = envelope_bytes;
    return entry;
}

// The envelope bytes of the message with the full id `id`, checked to be that message.
CliResult<std::string> envelope_of(ApiClient& client, const std::string& id) {
    // The body arrives as bytes in a std::string (Beast's string_body): binary-safe.
    auto bytes = client.get_text("/api/v1/messages/" + id + "/envelope");
    if (!bytes) return fail(bytes.error());
    auto decoded = decode_envelope(as_bytes(*bytes));
    if (!decoded || to_hex(decoded->id) != id) {
        return cli_fail(ExitCode::other,
                        "the daemon's envelope bytes for " + id + " are not that message");
    }
    return bytes;
}

CliStatus write_paper_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) return cli_fail(ExitCode::other, "cannot write " + path);
    return Done{};
}

CliStatus run_paper_export(const GlobalOptions& global, const PaperExportFlags& flags) {
    for (const std::string& id : flags.ids) {
        if (auto valid = check_message_id(id); !valid) return valid;
    }
    ApiClient client(api_endpoint(global));
    const std::int64_t now = now_ms();
    std::vector<paper::PaperEntry> entries;
    std::vector<std::pair<std::string, std::size_t>> exported;  // id, codes
    std::set<std::string> seen;
    std::map<std::string, std::string> names;
    bool names_fetched = false;
    for (const std::string& id : flags.ids) {
        auto view = client.get(id);
        if (!view) return fail(view.error());
        if (!seen.insert(view->id()).second) continue;
        auto bytes = envelope_of(client, view->id());
        if (!bytes) return fail(bytes.error());
        if (!names_fetched) {
            names = node_names(client);
            names_fetched = true;
        }
        auto name = names.find(view->author());
        entries.push_back(entry_for(*view, *bytes, name == names.end() ? "" : name->second, now));
        auto codes = paper::paper_codes(*bytes);
        if (!codes) return cli_fail(ExitCode::other, view->id() + ": " + codes.error());
        exported.emplace_back(view->id(), codes->size());
    }
    paper::PageInfo info;
    info.printed_at = format_local_time(now);
    info.printed_by = "a Baken node";
    if (auto status = client.status()) {
        info.printed_by = printable(status->name()) + " (" + printable(status->fingerprint()) + ")";
    }
    auto page = paper::paper_page(entries, info);
    if (!page) return cli_fail(ExitCode::other, "cannot make the page: " + page.error());
    if (flags.out.empty()) {
        std::cout << *page;
        return Done{};
    }
    if (auto written = write_paper_file(flags.out, *page); !written) return written;
    if (global.json) {
        Struct summary;
        (*summary.mutable_fields())["file"].set_string_value(flags.out);
        auto* list = (*summary.mutable_fields())["messages"].mutable_list_value();
        for (const auto& [id, codes] : exported) {
            Struct one;
            (*one.mutable_fields())["id"].set_string_value(id);
            (*one.mutable_fields())["codes"].set_number_value(static_cast<double>(codes));
            *list->add_values()->mutable_struct_value() = std::move(one);
        }
        std::cout << to_json(summary) << "\n";
    } else {
        for (const auto& [id, codes] : exported)
            std::cout << id << "  " << codes << (codes == 1 ? " code" : " codes") << "\n";
        std::cout << "Wrote " << flags.out
                  << ": print it on A4 at 100% (codes of 0.8 mm a module); read it back with "
                     "baken paper import PHOTO\n";
    }
    return Done{};
}

// ---- import

struct PaperImportFlags {
    std::vector<std::string> images;
};

// waiting: valid so far, kept by the daemon until its author's credential arrives.
enum class Outcome { accepted, duplicate, waiting, refused, unreadable, not_submitted };

std::string_view outcome_name(Outcome o) {
    switch (o) {
        case Outcome::accepted:
            return "accepted";
        case Outcome::duplicate:
            return "duplicate";
        case Outcome::waiting:
            return "waiting";
        case Outcome::refused:
            return "refused";
        case Outcome::unreadable:
            return "unreadable";
        case Outcome::not_submitted:
            return "not_submitted";
    }
    return "?";
}

struct MessageResult {
    std::string id;
    int parts = 0;
    Outcome outcome = Outcome::not_submitted;
    std::string reason_code;  // the daemon's reject code, e.g. "bad_signature"
    std::string reason;       // for a person
};

struct ScannedImages {
    std::vector<std::string> texts;
    std::size_t images = 0;
};

CliResult<ScannedImages> scan_images(const std::vector<std::string>& files) {
    ScannedImages out;
    for (const std::string& file : files) {
        auto image = paper::load_grey_image(file);
        if (!image) return cli_fail(ExitCode::usage, "cannot read the image " + image.error());
        // Every image is read before anything is submitted.
        auto texts = paper::scan_qr_codes(*image);
        if (!texts) return cli_fail(ExitCode::usage, file + ": " + texts.error());
        out.texts.insert(out.texts.end(), texts->begin(), texts->end());
        ++out.images;
    }
    return out;
}

// Submits the whole messages in batches (POST /api/v1/envelopes/batch: one structured verdict
// each, as relayed messages, like a bundle's). Stops at the first error that is not a verdict
// (the daemon is unreachable, the token is wrong): that error is returned, the rest stay
// not_submitted.
std::optional<CliError> submit_all(ApiClient& client, const paper::Reassembly& found,
                                   std::vector<MessageResult>& results) {
    constexpr std::size_t kBatchBytes = 60 * 1024;  // the daemon takes request bodies of 64 KiB
    std::vector<std::size_t> batch;
    std::string body;
    auto send = [&]() -> std::optional<CliError> {
        if (batch.empty()) return std::nullopt;
        auto answer = client.post_envelope_batch(std::move(body));
        body.clear();
        if (!answer) return answer.error();
        for (int v = 0; v < answer->verdicts_size() && static_cast<std::size_t>(v) < batch.size();
             ++v) {
            const auto& verdict = answer->verdicts(v);
            MessageResult& r = results[batch[static_cast<std::size_t>(v)]];
            r.outcome = verdict.outcome() == "accepted"    ? Outcome::accepted
                        : verdict.outcome() == "duplicate" ? Outcome::duplicate
                        : verdict.outcome() == "waiting"   ? Outcome::waiting
                                                           : Outcome::refused;
            r.reason_code = verdict.reason();
            // For a person: "bad signature: ..." (the code with spaces, as the daemon logs it).
            std::string words = verdict.reason();
            std::replace(words.begin(), words.end(), '_', ' ');
            r.reason = words + (verdict.detail().empty() ? "" : ": " + verdict.detail());
        }
        batch.clear();
        return std::nullopt;
    };
    for (const paper::FoundMessage& message : found.messages) {
        MessageResult r{message.id_hex, message.parts_seen, Outcome::not_submitted, "", ""};
        results.push_back(r);
    }
    for (std::size_t i = 0; i < found.messages.size(); ++i) {
        const paper::FoundMessage& message = found.messages[i];
        if (!message.problem.empty()) {
            results[i].outcome = Outcome::unreadable;
            results[i].reason = message.problem;
            continue;
        }
        const std::string& bytes = message.envelope_bytes;
        if (body.size() + 4 + bytes.size() > kBatchBytes) {
            if (auto failed = send()) return failed;
        }
        auto n = static_cast<std::uint32_t>(bytes.size());
        for (int shift : {24, 16, 8, 0}) body += static_cast<char>((n >> shift) & 0xFF);
        body += bytes;
        batch.push_back(i);
    }
    return send();
}

std::size_t count_of(const std::vector<MessageResult>& results, Outcome o) {
    std::size_t n = 0;
    for (const MessageResult& r : results) n += r.outcome == o ? 1 : 0;
    return n;
}

void print_report(const GlobalOptions& global, const ScannedImages& scanned,
                  const paper::Reassembly& found, const std::vector<MessageResult>& results) {
    const std::size_t baken_codes = scanned.texts.size() - found.other_codes;
    if (global.json) {
        Struct report;
        auto& f = *report.mutable_fields();
        f["images"].set_number_value(static_cast<double>(scanned.images));
        f["codes"].set_number_value(static_cast<double>(baken_codes));
        f["other_codes"].set_number_value(static_cast<double>(found.other_codes));
        auto* damaged = f["damaged_codes"].mutable_list_value();
        for (const std::string& why : found.damaged) damaged->add_values()->set_string_value(why);
        auto* list = f["messages"].mutable_list_value();
        for (const MessageResult& r : results) {
            Struct one;
            auto& m = *one.mutable_fields();
            m["id"].set_string_value(r.id);
            m["parts"].set_number_value(r.parts);
            m["result"].set_string_value(std::string(outcome_name(r.outcome)));
            if (!r.reason_code.empty()) m["reason_code"].set_string_value(r.reason_code);
            if (!r.reason.empty()) m["reason"].set_string_value(r.reason);
            *list->add_values()->mutable_struct_value() = std::move(one);
        }
        for (Outcome o : {Outcome::accepted, Outcome::duplicate, Outcome::waiting, Outcome::refused,
                          Outcome::unreadable, Outcome::not_submitted}) {
            f[std::string(outcome_name(o))].set_number_value(
                static_cast<double>(count_of(results, o)));
        }
        std::cout << to_json(report) << "\n";
        return;
    }
    for (const MessageResult& r : results) {
        std::string line = std::string(outcome_name(r.outcome));
        line.resize(14, ' ');
        line += r.id;
        if (!r.reason.empty()) line += "  " + printable(r.reason);
        std::cout << line << "\n";
    }
    for (const std::string& why : found.damaged) std::cout << "damaged code  " << why << "\n";
    std::cout << results.size() << (results.size() == 1 ? " message" : " messages") << " from "
              << scanned.images << (scanned.images == 1 ? " image" : " images") << " ("
              << baken_codes << " Baken codes";
    if (found.other_codes) std::cout << ", " << found.other_codes << " other";
    std::cout << "): " << count_of(results, Outcome::accepted) << " accepted, "
              << count_of(results, Outcome::duplicate) << " duplicate, "
              << (count_of(results, Outcome::waiting)
                      ? std::to_string(count_of(results, Outcome::waiting)) +
                            " waiting for their author's credential, "
                      : std::string())
              << count_of(results, Outcome::refused) << " refused, "
              << count_of(results, Outcome::unreadable) << " unreadable\n";
}

CliStatus run_paper_import(const GlobalOptions& global, const PaperImportFlags& flags) {
    auto scanned = scan_images(flags.images);
    if (!scanned) return fail(scanned.error());
    const paper::Reassembly found = paper::reassemble(scanned->texts);
    if (found.messages.empty() && found.damaged.empty()) {
        return cli_fail(
            ExitCode::not_found,
            "no Baken code found in " + std::to_string(scanned->images) +
                (scanned->images == 1 ? " image" : " images") +
                (found.other_codes ? " (" + std::to_string(found.other_codes) + " other QR codes)"
                                   : "") +
                ": take the photo again, straight on, with every code whole, sharp "
                "and in view");
    }
    ApiClient client(api_endpoint(global));
    std::vector<MessageResult> results;
    auto stopped = submit_all(client, found, results);
    print_report(global, *scanned, found, results);
    if (stopped) return fail(*stopped);
    if (auto refused = count_of(results, Outcome::refused)) {
        return cli_fail(ExitCode::refused, std::to_string(refused) +
                                               (refused == 1 ? " message was" : " messages were") +
                                               " refused by the daemon (reasons above)");
    }
    const std::size_t unreadable = count_of(results, Outcome::unreadable) + found.damaged.size();
    if (unreadable) {
        return cli_fail(ExitCode::other,
                        std::to_string(unreadable) +
                            " message(s) or code(s) could not be read whole; nothing of them was "
                            "submitted (see above)");
    }
    return Done{};
}

}  // namespace

void add_paper_command(CLI::App& app, const GlobalOptions& global, Commands& out) {
    CLI::App* paper = app.add_subcommand(
        "paper", "Messages on paper: a page to print, read aloud and scan back (docs/paper.md)");
    paper->require_subcommand(1);

    auto export_flags = std::make_shared<PaperExportFlags>();
    CLI::App* export_cmd = paper->add_subcommand(
        "export",
        "An A4 page (HTML, to print) with each message's text to read out over radio and QR "
        "codes holding its exact signed bytes");
    export_cmd
        ->add_option("ID", export_flags->ids,
                     "message ids: 64 hex characters, or a unique prefix of at least 8")
        ->required();
    export_cmd
        ->add_option("-o,--out", export_flags->out, "write the page to FILE instead of stdout")
        ->type_name("FILE");
    out.push_back(
        {export_cmd, [&global, export_flags] { return run_paper_export(global, *export_flags); }});

    auto import_flags = std::make_shared<PaperImportFlags>();
    CLI::App* import_cmd = paper->add_subcommand(
        "import",
        "Read the codes of paper copies from scans or photos (PNG, JPEG) and submit each "
        "message, exactly as signed, to this node");
    import_cmd
        ->add_option("IMAGE", import_flags->images,
                     "scans or photos; the codes of one message may be spread over several")
        ->required();
    out.push_back(
        {import_cmd, [&global, import_flags] { return run_paper_import(global, *import_flags); }});
}

}  // namespace baken::cli
