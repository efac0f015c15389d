// `baken bundle export|import|verify|stick`: messages on a USB stick (docs/bundle-format.md).
//
// export  asks the daemon for a signed bundle and writes it to a file;
// import  reads a bundle here, a record at a time, and hands the messages to the daemon in
//         batches (each one through the node's validation path), with a progress bar;
// verify  checks a bundle with no daemon at all: framing, every message's signature and
//         structure, the exporter's signature over the whole;
// stick   asks the daemon to visit a stick mounted on its machine, as it does by itself when
//         one is plugged in, and prints the receipt.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>

#include "api_client.h"
#include "bundle/bundle_reader.h"
#include "commands.h"
#include "common/atomic_file.h"
#include "json.h"
#include "message/envelope_codec.h"
#include "message/kind.h"
#include "message/structure_check.h"
#include "progress_bar.h"
#include "time_text.h"

namespace baken::cli {
namespace {

namespace fs = std::filesystem;
using bundle::BundleEvent;

// What fits a request body of the daemon (64 KiB) with room for the length prefixes.
constexpr std::size_t kBatchBytes = 60 * 1024;
constexpr std::size_t kBatchEnvelopes = 1000;
constexpr std::size_t kReadChunk = 64 * 1024;
constexpr std::size_t kMaxListed = 50;

std::string with_thousands(std::uint64_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string messages(std::uint64_t n) {
    return with_thousands(n) + (n == 1 ? " message" : " messages");
}

// ---- reading a bundle file, shared by import and verify

// Feeds the file through the reader, calling `on_event` for every event; the progress bar
// follows the bytes read. Error: the file cannot be opened (usage: the person named it).
CliResult<std::uint64_t> read_bundle_file(const std::string& path,
                                          const std::function<void(BundleEvent)>& on_event,
                                          ProgressBar& bar, const std::uint64_t& seen) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return cli_fail(ExitCode::usage, "cannot read " + path);
    bundle::BundleReader reader;
    std::vector<char> chunk(kReadChunk);
    std::uint64_t read = 0;
    while (!reader.done()) {
        while (auto event = reader.next()) on_event(std::move(*event));
        if (reader.done()) break;
        in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        auto n = static_cast<std::size_t>(in.gcount());
        if (n == 0) {
            reader.finish();
            continue;
        }
        read += n;
        reader.feed(as_bytes(std::string_view(chunk.data(), n)));
        bar.update(read, messages(seen));
    }
    bar.finish();
    return read;
}

void note_damage(v1::BundleReport& report, const bundle::Damage& damage) {
    if (damage.kind == bundle::DamageKind::record_damaged) report.set_records(report.records() + 1);
    if (static_cast<std::size_t>(report.damage_size()) >= kMaxListed) return;
    auto* d = report.add_damage();
    d->set_offset(damage.offset);
    d->set_kind(std::string(bundle::damage_name(damage.kind)));
    d->set_detail(damage.detail);
    d->set_fatal(damage.fatal);
}

void note_header(v1::BundleReport& report, const bundle::BundleHeaderRead& header) {
    report.set_exporter(to_hex(header.exporter));
    report.set_exporter_fingerprint(fingerprint(header.exporter));
    report.set_exporter_name(header.exporter_name);
    report.set_created_ms(header.created_ms);
}

void note_refusal(v1::BundleReport& report, std::uint64_t offset, const std::string& id,
                  const std::string& reason, const std::string& detail) {
    report.set_refused(report.refused() + 1);
    (*report.mutable_refused_by_reason())[reason] += 1;
    if (static_cast<std::size_t>(report.refusals_size()) >= kMaxListed) return;
    auto* r = report.add_refusals();
    r->set_offset(offset);
    r->set_id(id);
    r->set_reason(reason);
    r->set_detail(detail);
}

// The common part of import and verify: header, damage and the trailer go into the report;
// message records to `on_message`.
std::function<void(BundleEvent)> reporting(
    v1::BundleReport& report, const std::function<void(bundle::MessageRecordRead&)>& on_message) {
    return [&report, on_message](BundleEvent event) {
        if (auto* header = std::get_if<bundle::BundleHeaderRead>(&event)) {
            note_header(report, *header);
        } else if (auto* record = std::get_if<bundle::MessageRecordRead>(&event)) {
            report.set_records(report.records() + 1);
            on_message(*record);
        } else if (auto* damage = std::get_if<bundle::Damage>(&event)) {
            note_damage(report, *damage);
        } else if (std::holds_alternative<bundle::BundleVerified>(event)) {
            report.set_verified(true);
        }
    };
}

// Prints the report for a person and turns it into the exit status.
CliStatus finish_report(v1::BundleReport& report, const GlobalOptions& global, bool importing) {
    report.set_clean(report.verified() && report.refused() == 0 && report.damage_size() == 0);
    if (global.json) {
        std::cout << to_json(report) << "\n";
    } else {
        std::cout << report.file() << ": " << messages(report.records());
        if (!report.exporter().empty())
            std::cout << " from " << (report.exporter_name().empty() ? "?" : report.exporter_name())
                      << " (" << report.exporter_fingerprint() << "), written "
                      << format_local_time(report.created_ms());
        std::cout << "\n  ";
        if (importing) {
            std::cout << with_thousands(report.accepted()) << " new, "
                      << with_thousands(report.duplicates()) << " already here, "
                      << with_thousands(report.refused()) << " refused\n";
            if (report.waiting() > 0)
                std::cout << "  " << with_thousands(report.waiting())
                          << " wait for their author's credential (the node keeps up to 50 per "
                             "author, until it restarts): import again once it is here\n";
        } else {
            std::cout << with_thousands(report.accepted()) << " valid, "
                      << with_thousands(report.refused()) << " invalid\n";
        }
        for (const auto& [reason, count] : report.refused_by_reason())
            std::cout << "  " << (importing ? "refused " : "invalid ") << count << " x " << reason
                      << "\n";
        for (const auto& r : report.refusals())
            std::cout << "    at byte " << r.offset() << ": " << r.reason()
                      << (r.detail().empty() ? "" : ": " + r.detail()) << "\n";
        for (const auto& d : report.damage())
            std::cout << "  DAMAGE at byte " << d.offset() << ": " << d.kind() << ": " << d.detail()
                      << "\n";
        std::cout << "  signature of the bundle: "
                  << (report.verified() ? "verified" : "NOT verified") << "\n";
    }
    if (report.clean()) return Done{};
    std::string why = report.damage_size() > 0 ? "the bundle is damaged at byte " +
                                                     std::to_string(report.damage(0).offset()) +
                                                     " (" + report.damage(0).kind() + ")"
                      : report.refused() > 0
                          ? messages(report.refused()) + (importing ? " refused" : " invalid")
                          : "the bundle's signature is missing";
    return cli_fail(ExitCode::refused, report.file() + ": " + why +
                                           (importing ? "; every valid message was imported" : ""));
}

// ---- import

// Envelopes waiting for the next batch request, with their offsets for the report.
struct Batch {
    std::string body;
    std::vector<std::uint64_t> offsets;

    bool fits(std::size_t n) const {
        return offsets.size() < kBatchEnvelopes && body.size() + 4 + n <= kBatchBytes;
    }
    void add(const bundle::MessageRecordRead& record) {
        auto n = static_cast<std::uint32_t>(record.envelope_bytes.size());
        body += static_cast<char>(n >> 24);
        body += static_cast<char>(n >> 16);
        body += static_cast<char>(n >> 8);
        body += static_cast<char>(n);
        body += record.envelope_bytes;
        offsets.push_back(record.offset);
    }
};

CliStatus send(ApiClient& client, Batch& batch, v1::BundleReport& report) {
    if (batch.offsets.empty()) return Done{};
    auto answer = client.post_envelope_batch(std::move(batch.body));
    if (!answer) return fail(answer.error());
    if (static_cast<std::size_t>(answer->verdicts_size()) != batch.offsets.size())
        return cli_fail(ExitCode::other,
                        "the daemon answered " + std::to_string(answer->verdicts_size()) +
                            " verdicts for " + std::to_string(batch.offsets.size()) + " messages");
    for (int i = 0; i < answer->verdicts_size(); ++i) {
        const auto& v = answer->verdicts(i);
        std::uint64_t offset = batch.offsets[static_cast<std::size_t>(i)];
        if (v.outcome() == "accepted") {
            report.set_accepted(report.accepted() + 1);
        } else if (v.outcome() == "duplicate") {
            report.set_duplicates(report.duplicates() + 1);
        } else if (v.outcome() == "waiting") {
            report.set_waiting(report.waiting() + 1);
        } else {
            note_refusal(report, offset, v.id(), v.reason(), v.detail());
        }
    }
    batch = Batch{};
    return Done{};
}

CliStatus run_bundle_import(const GlobalOptions& global, const std::string& path) {
    ApiClient client(api_endpoint(global));
    v1::BundleReport report;
    report.set_file(path);
    std::error_code ec;
    auto size = fs::file_size(path, ec);
    ProgressBar bar(std::cerr, !global.json && stderr_is_terminal(), "importing", ec ? 0 : size);
    Batch batch;
    std::optional<CliError> failed;  // the daemon stopped answering: stop reading
    std::uint64_t seen = 0;
    auto on_message = [&](bundle::MessageRecordRead& record) {
        ++seen;
        if (failed) return;
        if (!batch.fits(record.envelope_bytes.size())) {
            if (auto sent = send(client, batch, report); !sent) failed = sent.error();
        }
        batch.add(record);
    };
    auto read = read_bundle_file(path, reporting(report, on_message), bar, seen);
    if (!read) return fail(read.error());
    report.set_bytes(*read);
    if (!failed) {
        if (auto sent = send(client, batch, report); !sent) failed = sent.error();
    }
    if (failed) return fail(*failed);
    return finish_report(report, global, true);
}

// ---- verify (no daemon)

CliStatus run_verify(const GlobalOptions& global, const std::string& path) {
    v1::BundleReport report;
    report.set_file(path);
    std::error_code ec;
    auto size = fs::file_size(path, ec);
    ProgressBar bar(std::cerr, !global.json && stderr_is_terminal(), "verifying", ec ? 0 : size);
    std::uint64_t seen = 0;
    const std::int64_t now = now_ms();
    auto on_message = [&](bundle::MessageRecordRead& record) {
        ++seen;
        auto decoded = decode_and_verify(as_bytes(record.envelope_bytes));
        std::optional<Reject> reject;
        if (!decoded) {
            reject = decoded.error();
        } else {
            reject = check_structure(*decoded, now);
        }
        if (!reject) {
            report.set_accepted(report.accepted() + 1);
            return;
        }
        note_refusal(report, record.offset, decoded ? to_hex(decoded->id) : "",
                     std::string(reject_code_name(reject->code)), reject->detail);
    };
    auto read = read_bundle_file(path, reporting(report, on_message), bar, seen);
    if (!read) return fail(read.error());
    report.set_bytes(*read);
    return finish_report(report, global, false);
}

// ---- export

struct BundleExportFlags {
    std::string path;
    std::string since;
    std::vector<std::string> kinds;
    std::string precedence;
};

CliResult<std::string> export_target(const BundleExportFlags& flags) {
    std::string query;
    auto add = [&query](const std::string& kv) { query += (query.empty() ? "?" : "&") + kv; };
    if (!flags.since.empty()) {
        auto since = parse_time_ms(flags.since, now_ms());
        if (!since) return cli_fail(ExitCode::usage, "--since: " + since.error());
        add("since_ms=" + std::to_string(*since));
    }
    if (!flags.kinds.empty()) {
        std::string list;
        for (const auto& k : flags.kinds) {
            if (!kind_from_name(k))
                return cli_fail(ExitCode::usage, "--kinds: unknown kind '" + k + "'");
            list += (list.empty() ? "" : ",") + k;
        }
        add("kinds=" + list);
    }
    if (!flags.precedence.empty()) {
        if (!precedence_from_name(flags.precedence))
            return cli_fail(ExitCode::usage,
                            "--precedence: one of flash, immediate, priority, routine");
        add("precedence=" + flags.precedence);
    }
    return "/api/v1/bundle" + query;
}

CliStatus run_bundle_export(const GlobalOptions& global, const BundleExportFlags& flags) {
    auto target = export_target(flags);
    if (!target) return fail(target.error());
    ApiClient client(api_endpoint(global));
    auto bundle = client.get_text(*target);
    if (!bundle) return fail(bundle.error());
    std::uint64_t count = 0;
    bundle::BundleReader reader;
    reader.feed(as_bytes(*bundle));
    reader.finish();
    while (auto event = reader.next())
        count += std::holds_alternative<bundle::MessageRecordRead>(*event) ? 1 : 0;
    if (!reader.verified())
        return cli_fail(ExitCode::other,
                        "the daemon's bundle did not verify; nothing was written (see its log)");
    auto written = write_file_atomically(flags.path, as_bytes(*bundle), 0644, IfExists::replace);
    if (!written) return cli_fail(ExitCode::other, written.error().text);
    v1::BundleReport report;
    report.set_file(flags.path);
    report.set_bytes(bundle->size());
    report.set_records(count);
    report.set_verified(reader.verified());
    if (global.json) {
        std::cout << to_json(report) << "\n";
    } else {
        std::cout << "wrote " << messages(count) << " (" << with_thousands(bundle->size())
                  << " bytes) to " << flags.path << "\n";
    }
    return Done{};
}

// ---- stick

std::string read_receipt(const std::string& stick, const std::string& name) {
    std::ifstream in(fs::path(stick) / "baken" / "receipts" / name, std::ios::binary);
    return in ? std::string((std::istreambuf_iterator<char>(in)), {}) : std::string();
}

CliStatus run_stick(const GlobalOptions& global, const std::string& path) {
    ApiClient client(api_endpoint(global));
    std::string absolute = fs::absolute(path).lexically_normal().string();
    // The daemon visits only prepared sticks; preparing one is making this folder.
    std::error_code ec;
    if (fs::is_directory(absolute, ec) && !fs::exists(fs::path(absolute) / "baken", ec))
        fs::create_directory(fs::path(absolute) / "baken", ec);
    auto started = client.start_stick_visit(absolute);
    if (!started) return fail(started.error());
    ProgressBar bar(std::cerr, !global.json && stderr_is_terminal(), "stick visit", 0);
    // A visit of 100,000 messages takes tens of seconds; an hour means the daemon is stuck.
    constexpr int kMaxPolls = 2 * 3600;
    v1::StickState state = *started;
    for (int i = 0; i < kMaxPolls && !state.safe_to_remove(); ++i) {
        bar.update(0, state.state() + ": " + with_thousands(state.accepted()) + " in, " +
                          with_thousands(state.written()) + " out; do not remove the stick");
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        auto now = client.stick_state();
        if (!now) return fail(now.error());
        state = *now;
    }
    bar.finish();
    if (!state.safe_to_remove())
        return cli_fail(ExitCode::other, "the stick visit did not finish within an hour");
    if (global.json) {
        std::cout << to_json(state) << "\n";
    } else {
        std::string receipt = read_receipt(absolute, state.receipt_file());
        std::cout << (receipt.empty() ? "visit done: " + with_thousands(state.accepted()) +
                                            " in, " + with_thousands(state.written()) + " out\n"
                                      : receipt);
    }
    if (state.problems_size() > 0)
        return cli_fail(ExitCode::other, "the visit had problems: " + state.problems(0));
    if (state.refused() > 0 || state.damaged_bundles() > 0)
        return cli_fail(ExitCode::refused, messages(state.refused()) + " refused, " +
                                               with_thousands(state.damaged_bundles()) +
                                               " damaged bundles on the stick (see the receipt)");
    return Done{};
}

}  // namespace

void add_bundle_command(CLI::App& app, const GlobalOptions& global, Commands& out) {
    CLI::App* group = app.add_subcommand(
        "bundle", "Carry messages on a USB stick: export, import, verify, or a stick visit");
    group->require_subcommand(1);

    auto flags = std::make_shared<BundleExportFlags>();
    CLI::App* exp = group->add_subcommand("export", "Write what this node holds to a bundle file");
    exp->add_option("PATH", flags->path, "the bundle file to write (e.g. /media/stick/gm.bkn)")
        ->required();
    exp->add_option("--since", flags->since,
                    "only messages created since then: 2026-11-29T08:00, -6h, ...")
        ->type_name("TIME");
    exp->add_option("--kinds", flags->kinds, "only these kinds: sitrep,status,need,...")
        ->delimiter(',')
        ->type_name("KIND,...");
    exp->add_option("--precedence", flags->precedence,
                    "only this precedence and more urgent ones: flash, immediate, priority")
        ->type_name("P");
    out.push_back({exp, [&global, flags] { return run_bundle_export(global, *flags); }});

    auto path = std::make_shared<std::string>();
    CLI::App* imp = group->add_subcommand(
        "import", "Bring the messages of a bundle file into this node (each one is checked)");
    imp->add_option("PATH", *path, "the bundle file")->required();
    out.push_back({imp, [&global, path] { return run_bundle_import(global, *path); }});

    auto verify_path = std::make_shared<std::string>();
    CLI::App* ver = group->add_subcommand(
        "verify", "Check a bundle file without a daemon: damage, signatures, structure");
    ver->add_option("PATH", *verify_path, "the bundle file")->required();
    out.push_back({ver, [&global, verify_path] { return run_verify(global, *verify_path); }});

    auto stick_path = std::make_shared<std::string>();
    CLI::App* stick = group->add_subcommand(
        "stick", "Visit a USB stick now (as when one is plugged in): in, out, and a receipt");
    stick->add_option("PATH", *stick_path, "where the stick is mounted, e.g. /media/STICK")
        ->required();
    out.push_back({stick, [&global, stick_path] { return run_stick(global, *stick_path); }});
}

}  // namespace baken::cli
